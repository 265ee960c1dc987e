import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { StoreHealth } from '../store/flight-store';

/** The Redis Streams stream the hubs share (one namespace, so one stream). */
export const FAN_OUT_STREAM = 'jetbridge:socket.io';
const RECONNECT_MAX_MS = 2_000;

export interface ClusterFanOut {
  /** For `new Server(…, { adapter })`: broadcasts and socket operations reach every hub. */
  adapter: ReturnType<typeof createAdapter>;
  /** Not ready while Redis cannot be reached (`/readyz`). */
  health(): StoreHealth;
  /** Closes the connection (the adapter's own ones close with Socket.IO). */
  close(): Promise<void>;
}

/**
 * Fan-out between hubs that share a database, through `@socket.io/redis-streams-adapter`
 * (`JETBRIDGE_REDIS_URL`). Flight changes do not go this way: every hub follows them from the
 * database and emits them to its own clients. What does: the other broadcasts
 * (`notifications:summary`, …) and socket operations such as ending a session's sockets, which
 * must reach the sockets of every hub. Redis Streams, unlike plain pub/sub, keeps what was
 * published while a hub's connection was briefly down, so those messages are read when it is back.
 */
export async function connectRedisFanOut(url: string, logger: Logger): Promise<ClusterFanOut> {
  let problem: string | null = null;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // Keep trying while Redis is away (a restart): commands wait in the offline queue.
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, RECONNECT_MAX_MS),
    },
  });
  client.on('error', (error: Error) => {
    const next = `Redis cannot be reached: ${error.message}`;
    if (problem !== next) logger.error({ err: error }, 'Redis fan-out: connection problem');
    problem = next;
  });
  client.on('ready', () => {
    if (problem) logger.warn('Redis fan-out: connected again');
    problem = null;
  });
  await client.connect();
  const adapter = createAdapter(client, {
    streamName: FAN_OUT_STREAM,
    channelPrefix: FAN_OUT_STREAM,
    // Short blocking reads: a hub that closes lets go of Redis promptly.
    blockTimeInMs: 1_000,
  });
  return {
    adapter,
    health() {
      if (!client.isReady) return { ok: false, problem: problem ?? 'Redis is not connected' };
      return { ok: true };
    },
    async close() {
      if (client.isOpen) await client.close().catch(() => undefined);
    },
  };
}
