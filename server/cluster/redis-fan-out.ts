import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { StoreHealth } from '../store/flight-store';

/** The Redis Streams stream the hubs share (one namespace, so one stream). */
export const FAN_OUT_STREAM = 'jetbridge:socket.io';
/** The pub/sub channel of aircraft positions (LiveTraffic's `share`). */
export const POSITIONS_CHANNEL = 'jetbridge:positions';
/** How long before a lost positions subscriber is replaced. */
const POSITIONS_RESUBSCRIBE_MS = 1_000;
const RECONNECT_MAX_MS = 2_000;
/** Commands a connection holds while Redis is away (about 1 kB each): then they are refused. */
export const DEFAULT_OFFLINE_QUEUE = 10_000;
/** How long closing waits for commands still queued before it drops them. */
const CLOSE_GRACE_MS = 2_000;

export interface RedisFanOutOptions {
  /** Messages held for the other hubs while Redis is away (default DEFAULT_OFFLINE_QUEUE). */
  offlineQueue?: number;
}

export interface ClusterFanOut {
  /** For `new Server(…, { adapter })`: broadcasts and socket operations reach every hub. */
  adapter: ReturnType<typeof createAdapter>;
  /**
   * Aircraft positions between hubs, on Redis pub/sub (POSITIONS_CHANNEL), not the stream:
   * they are a second old and replaced every second, so a hub away for a moment needs none of
   * what it missed, and Redis keeps none of them. `publish` sends this hub's; `follow` hears
   * the other hubs' (never this hub's own).
   */
  positions: {
    publish(message: object): void;
    follow(listener: (message: unknown) => void): Promise<void>;
  };
  /** Ready only while every connection (publishing, stream reader, pub/sub) is (`/readyz`). */
  health(): StoreHealth;
  /** Closes the connections; after `io.close()`, which stops the adapter. */
  close(): Promise<void>;
}

type RedisConnection = ReturnType<typeof createClient>;

/**
 * Fan-out between hubs that share a database, through `@socket.io/redis-streams-adapter`
 * (`JETBRIDGE_REDIS_URL`). Flight changes do not go this way: every hub follows them from the
 * database and emits them to its own clients. What does: the other broadcasts
 * (`notifications:summary`, …) and socket operations such as ending a session's sockets, which
 * must reach the sockets of every hub.
 *
 * While Redis is away (a restart), every connection keeps reconnecting and holds what is sent
 * meanwhile in its offline queue, bounded by `offlineQueue`: a sign-out or summary published
 * during the outage reaches the other hubs once Redis is back (stream offsets are times, so a
 * restarted, empty Redis is read on from where each hub left off). Past the bound, messages for
 * the other hubs are refused (the adapter then delivers them on this hub only): memory stays
 * bounded however long the outage.
 */
export async function connectRedisFanOut(
  url: string,
  logger: Logger,
  options: RedisFanOutOptions = {},
): Promise<ClusterFanOut> {
  let lostAt: number | null = null;
  let problem: string | null = null;
  const client = createClient({
    url,
    commandsQueueMaxLength: options.offlineQueue ?? DEFAULT_OFFLINE_QUEUE,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, RECONNECT_MAX_MS),
    },
  });
  client.on('error', (error: Error) => {
    const next = `Redis cannot be reached: ${error.message}`;
    if (lostAt === null) {
      lostAt = Date.now();
      logger.error(
        { err: error },
        'Redis fan-out: connection lost; not ready, messages for the other hubs wait until it is back',
      );
    } else if (problem !== next) {
      logger.warn({ err: error }, 'Redis fan-out: still cannot reach Redis');
    }
    problem = next;
  });
  client.on('ready', () => {
    if (lostAt !== null) {
      logger.warn({ awayMs: Date.now() - lostAt }, 'Redis fan-out: connected again');
    }
    lostAt = null;
    problem = null;
  });
  // The adapter opens its own connections (the stream reader, the pub/sub subscriber) as
  // duplicates of this one: kept here so readiness covers them and closing can end them.
  const connections = trackDuplicates(client);
  await client.connect();
  const adapter = createAdapter(client, {
    streamName: FAN_OUT_STREAM,
    channelPrefix: FAN_OUT_STREAM,
    // Short blocking reads: a hub that closes lets go of Redis promptly.
    blockTimeInMs: 1_000,
  });
  const hubId = randomUUID();
  const positions = followPositions(url, hubId, client, logger);
  return {
    adapter,
    positions,
    health() {
      if (!client.isReady) return { ok: false, problem: problem ?? 'Redis is not connected' };
      if (connections.some((connection) => connection.isOpen && !connection.isReady)) {
        return { ok: false, problem: 'Redis fan-out is reconnecting' };
      }
      return { ok: true };
    },
    async close() {
      positions.close();
      await closeGracefully(client);
      // The stream reader only lets go after its read returns, which never happens while Redis
      // is away: ended here (its own disconnect is made harmless by trackDuplicates).
      for (const connection of connections) {
        if (connection.isOpen) connection.destroy();
      }
    },
  };
}

/**
 * Positions on pub/sub: published on the fan-out's connection (only while it is ready: the next
 * second's positions replace what could not go), heard on a connection of their own. That one is
 * not reconnected by the client: node-redis resubscribing after a reset rejects a promise nobody
 * holds (an unhandled rejection, seen in several-hubs-redis.test.ts), so a lost subscriber is
 * replaced by a new one a second later, until Redis is back.
 */
function followPositions(
  url: string,
  hubId: string,
  publisher: RedisConnection,
  logger: Logger,
): ClusterFanOut['positions'] & { close(): void } {
  let closed = false;
  let subscriber: RedisConnection | null = null;
  let retry: NodeJS.Timeout | null = null;
  let heard: ((message: unknown) => void) | null = null;

  const onMessage = (text: string) => {
    let parsed: { from?: unknown; message?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      logger.warn('Redis fan-out: a positions message that is not JSON; ignored');
      return;
    }
    if (parsed.from !== hubId) heard?.(parsed.message);
  };
  const reopen = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      open().catch(reopen);
    }, POSITIONS_RESUBSCRIBE_MS);
  };
  const open = async () => {
    const connection: RedisConnection = createClient({
      url,
      socket: { connectTimeout: 5_000, reconnectStrategy: false },
    });
    connection.on('error', () => {
      // Redis being away is logged by the fan-out's own connection.
      if (!connection.isOpen && subscriber === connection) {
        subscriber = null;
        reopen();
      }
    });
    try {
      await connection.connect();
      await connection.subscribe(POSITIONS_CHANNEL, onMessage);
    } catch (error) {
      if (connection.isOpen) connection.destroy();
      throw error;
    }
    if (closed) connection.destroy();
    else subscriber = connection;
  };

  return {
    publish(message) {
      if (closed || !publisher.isReady) return;
      publisher
        .publish(POSITIONS_CHANNEL, JSON.stringify({ from: hubId, message }))
        .catch(() => undefined);
    },
    async follow(listener) {
      heard = listener;
      await open().catch((error: unknown) => {
        logger.warn({ err: error }, "Redis fan-out: cannot hear other hubs' positions yet");
        reopen();
      });
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (subscriber?.isOpen) subscriber.destroy();
      subscriber = null;
    },
  };
}

/**
 * Every duplicate made of `client` from now on, each with a `disconnect` that tolerates an
 * already ended connection (the adapter calls it when it stops, and would otherwise throw
 * unhandled from its read loop if `close` ended the connection first), and reading the stream
 * from a known offset (readFromKnownOffset).
 */
function trackDuplicates(client: RedisConnection): RedisConnection[] {
  const duplicates: RedisConnection[] = [];
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((...args: Parameters<typeof duplicate>) => {
    const copy = duplicate(...args);
    const disconnect = copy.disconnect.bind(copy);
    copy.disconnect = () => (copy.isOpen ? disconnect() : Promise.resolve());
    // The adapter subscribes without awaiting: a SUBSCRIBE still unanswered when Redis goes
    // away would reject with no one to hear it. node-redis subscribes again once Redis is back.
    const subscribe = copy.subscribe.bind(copy);
    copy.subscribe = ((...args: Parameters<typeof subscribe>) => {
      const subscribed = subscribe(...args);
      subscribed.catch(() => undefined);
      return subscribed;
    }) as typeof copy.subscribe;
    readFromKnownOffset(copy as unknown as StreamReader);
    duplicates.push(copy as RedisConnection);
    return copy;
  }) as typeof client.duplicate;
  return duplicates;
}

/** The two stream commands of node-redis the adapter's reader uses, as it calls them. */
interface StreamReader {
  xRead(streams: { key: string; id: string }[], options?: object): Promise<unknown>;
  xRevRange(key: string, end: string, start: string, options?: object): Promise<unknown>;
}

/**
 * The adapter reads the stream from `$` (what is added after this read) until it has read an
 * entry. A read is not under way at every moment: while the reader reconnects after a Redis
 * restart, what the other hubs publish (their queues flushed as they reconnect) would be
 * skipped — the first sign-out after a restart lost. So `$` becomes the stream's last entry
 * when the reader started (`0-0` for none), advanced by every entry read.
 */
function readFromKnownOffset(reader: StreamReader): void {
  const xRead = reader.xRead.bind(reader);
  let from: string | null = null;
  reader.xRead = async (streams, options) => {
    const [stream] = streams;
    if (!stream || streams.length !== 1 || stream.id !== '$') return xRead(streams, options);
    from ??= lastEntryId(await reader.xRevRange(stream.key, '+', '-', { COUNT: 1 }));
    const reply = await xRead([{ key: stream.key, id: from }], options);
    from = lastReadId(reply) ?? from;
    return reply;
  };
}

function lastEntryId(entries: unknown): string {
  const [last] = entries as { id: string }[];
  return last?.id ?? '0-0';
}

function lastReadId(reply: unknown): string | undefined {
  const [stream] = (reply ?? []) as { messages: { id: string }[] }[];
  return stream?.messages.at(-1)?.id;
}

/** Sends what is queued if Redis is there (the adapter's goodbye), else drops it at once. */
async function closeGracefully(client: RedisConnection): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
  });
  // Past the grace, the connection is already closed to new commands and will not reconnect.
  await Promise.race([client.close().catch(() => undefined), gaveUp]);
  clearTimeout(timer);
}
