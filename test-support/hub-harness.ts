import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { io } from 'socket.io-client';
import type {
  Ack,
  Flight,
  FlightUpdatePayload,
  ServerToClientEvents,
  SnapshotResult,
  SyncSinceResult,
} from '../core';
import { startHub, type Hub, type HubOptions } from '../server/hub';
import { FIXTURE_PASSWORD, fixtureSeed } from './hub-fixture';
import { sharedPostgres } from './postgres';
import type { StoreKind } from './hub-stores';
import { connectAt, loginAt, type ConnectOptions, type HubClient } from './hub-client';

export { FIXTURE_PASSWORD, fixtureSeed, type HubClient };

/** Ack payloads per event, as the contract names them. */
export interface AckResults {
  'flights:snapshot': SnapshotResult;
  'flight:update': { flight: Flight };
  'sync:since': SyncSinceResult;
}
export interface EventPayloads {
  'flights:snapshot': Record<string, never>;
  'flight:update': FlightUpdatePayload;
  'sync:since': { seq: number };
}

export interface TestHub {
  url: string;
  port: number;
  dataDir: string;
  /** The hub's own database (`store: 'postgres'`), or undefined for the data folder. */
  databaseUrl: string | undefined;
  hub: Hub;
  /** POST /api/login; returns the token (throws on failure). */
  login(username: string, password?: string): Promise<string>;
  /** A connected, typed socket.io-client (closed with the hub). */
  connect(token: string, options?: ConnectOptions): Promise<HubClient>;
  /** Connects and resolves with the `connect_error` message (throws if it connects). */
  connectError(auth: Record<string, unknown>): Promise<string>;
  /** Closes the hub and starts it again on the same data folder. */
  restart(): Promise<void>;
  /** Closes clients and hub, deletes the data folder. */
  close(): Promise<void>;
}

export type TestHubOptions = Partial<HubOptions> & {
  /** Keep the data folder on close (default: delete it unless `dataDir` was given). */
  keepDataDir?: boolean;
  /**
   * Where flights live: `file` (the data folder, default) or `postgres` (a new database on the
   * test file's shared PostgreSQL, unless `databaseUrl` names one).
   */
  store?: StoreKind;
};

/**
 * Starts a real hub on port 0 in a fresh temporary data folder, seeded with `fixtureSeed()`
 * (pass `demo: true` and `seed: undefined`... or your own `seed` to change that).
 */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'jetbridge-hub-')));
  const deleteDataDir = !options.keepDataDir && !options.dataDir;
  const databaseUrl =
    options.databaseUrl ??
    (options.store === 'postgres' ? await (await sharedPostgres()).createDatabase() : undefined);
  const hubOptions: HubOptions = {
    logger: pino({ level: process.env.JETBRIDGE_TEST_LOG ?? 'silent' }),
    ...(options.demo ? {} : { seed: () => fixtureSeed(options.now?.() ?? new Date()) }),
    ...options,
    dataDir,
    port: options.port ?? 0,
    ...(databaseUrl ? { databaseUrl } : {}),
  };
  let hub = await startHub(hubOptions);
  const clients = new Set<HubClient>();

  const harness: TestHub = {
    get url() {
      return hub.url;
    },
    get port() {
      return hub.port;
    },
    get hub() {
      return hub;
    },
    dataDir,
    databaseUrl,
    login: (username, password = FIXTURE_PASSWORD) => loginAt(hub.url, username, password),
    async connect(token, options = {}) {
      const socket = await connectAt(hub.url, token, options);
      clients.add(socket);
      return socket;
    },
    async connectError(auth) {
      const socket: HubClient = io(hub.url, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      try {
        return await new Promise<string>((resolve, reject) => {
          socket.once('connect', () => reject(new Error('connected, expected connect_error')));
          socket.once('connect_error', (error) => resolve(error.message));
        });
      } finally {
        socket.close();
      }
    },
    async restart() {
      closeClients(clients);
      await hub.close();
      hub = await startHub(hubOptions);
    },
    async close() {
      closeClients(clients);
      await hub.close();
      if (deleteDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Emits an event and resolves with its acknowledgement. */
export function request<E extends keyof AckResults>(
  socket: HubClient,
  event: E,
  payload: EventPayloads[E],
  timeoutMs = 10_000,
): Promise<Ack<AckResults[E]>> {
  const raw = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
  };
  return raw.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack<AckResults[E]>>;
}

/** Emits any payload (including malformed ones) and resolves with the ack. */
export function requestRaw(socket: HubClient, event: string, ...args: unknown[]): Promise<unknown> {
  const raw = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  };
  return raw.timeout(10_000).emitWithAck(event, ...args);
}

/** Resolves with the next `count` `flight:changed` events the socket receives. */
export function nextChanges(socket: HubClient, count = 1, timeoutMs = 10_000) {
  return new Promise<Parameters<ServerToClientEvents['flight:changed']>[0][]>((resolve, reject) => {
    const seen: Parameters<ServerToClientEvents['flight:changed']>[0][] = [];
    const timer = setTimeout(() => {
      socket.off('flight:changed', listener);
      reject(new Error(`expected ${count} flight:changed, got ${seen.length}`));
    }, timeoutMs);
    const listener: ServerToClientEvents['flight:changed'] = (change) => {
      seen.push(change);
      if (seen.length < count) return;
      clearTimeout(timer);
      socket.off('flight:changed', listener);
      resolve(seen);
    };
    socket.on('flight:changed', listener);
  });
}

function closeClients(clients: Set<HubClient>): void {
  for (const socket of clients) socket.close();
  clients.clear();
}
