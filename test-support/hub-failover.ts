import { randomBytes, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change, Flight, SyncSinceResult } from '../core';
import { request } from './hub-harness';
import { connectAt, loginAt, type HubClient } from './hub-client';
import { afterAll, afterEach } from 'vitest';
import { startHubProcess, type HubProcess } from './hub-process';
import { sharedPostgres, stopSharedPostgres } from './postgres';
import { startRedis, type RedisServer } from './redis';

export interface HubProcessCluster {
  hubs: HubProcess[];
  /** Starts one more hub of the cluster (pushed to `hubs`), with `env` on top of the cluster's. */
  add(env?: Record<string, string>): Promise<HubProcess>;
  /** Stops every hub still running (SIGKILL) and deletes their data folders. */
  close(): Promise<void>;
}

/** Today's departures of the cluster's airport (BOM), imported through the first hub. */
function clusterSchedule(): string {
  const today = DateTime.now().setZone('Asia/Kolkata').toISODate()!;
  return [
    'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type',
    ...Array.from(
      { length: 12 },
      (_, n) =>
        `XX,${700 + n},BOM,DEL,23:${String(n * 4).padStart(2, '0')},23:59+1,${today},${today},1234567,320`,
    ),
  ].join('\n');
}

/**
 * `count` hubs as real processes (`npm run hub` with JETBRIDGE_DATABASE_URL and
 * JETBRIDGE_REDIS_URL), each with its own data folder (the demo's users, for BOM: no demo day)
 * and one shared signing key; the first imports a small schedule, so the database holds twelve
 * scheduled departures and nothing else changes them. For tests that kill a hub for real.
 * `envOf(index)` adds settings of one hub.
 */
export async function startHubProcesses(
  count: number,
  settings: {
    databaseUrl: string;
    redisUrl: string;
    env?: Record<string, string>;
    envOf?: (index: number) => Record<string, string>;
  },
): Promise<HubProcessCluster> {
  const secret = randomBytes(32).toString('base64url');
  const folders: string[] = [];
  const hubs: HubProcess[] = [];
  const close = async () => {
    for (const hub of hubs) hub.kill('SIGKILL');
    await Promise.all(hubs.map((hub) => hub.exited));
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  };
  const add = async (env: Record<string, string> = {}) => {
    const folder = await mkdtemp(join(tmpdir(), 'jetbridge-cluster-'));
    folders.push(folder);
    const hub = await startHubProcess({
      env: {
        JETBRIDGE_PORT: '0',
        JETBRIDGE_HOST: '127.0.0.1',
        JETBRIDGE_DATA_DIR: folder,
        JETBRIDGE_DEMO: '1',
        JETBRIDGE_AIRPORT: 'BOM',
        JETBRIDGE_SECRET: secret,
        JETBRIDGE_DATABASE_URL: settings.databaseUrl,
        JETBRIDGE_REDIS_URL: settings.redisUrl,
        ...settings.env,
        ...env,
      },
    });
    hubs.push(hub);
    return hub;
  };
  try {
    for (let index = 0; index < count; index += 1) await add(settings.envOf?.(index));
    const imported = await fetch(`${hubs[0]!.url}/api/schedules?format=csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await loginAt(hubs[0]!.url, 'super')}` },
      body: clusterSchedule(),
    });
    if (!imported.ok)
      throw new Error(`the cluster's schedule was refused: ${await imported.text()}`);
  } catch (error) {
    await close();
    throw error;
  }
  return { hubs, add, close };
}

/**
 * For a test file whose tests each run hub processes: `start` gives a test a database of its own
 * and a Redis, then `count` hubs on them (startHubProcesses). After each test its hubs and Redis
 * are stopped, after the file the shared PostgreSQL.
 */
export function clusterPerTest(): {
  start(
    count: number,
    settings?: Pick<Parameters<typeof startHubProcesses>[1], 'env' | 'envOf'>,
  ): Promise<HubProcessCluster & { databaseUrl: string }>;
} {
  let cluster: HubProcessCluster | undefined;
  let redis: RedisServer | undefined;
  afterEach(async () => {
    await cluster?.close();
    await redis?.stop();
    cluster = redis = undefined;
  });
  afterAll(stopSharedPostgres);
  return {
    async start(count, settings = {}) {
      redis = await startRedis();
      const databaseUrl = await (await sharedPostgres()).createDatabase();
      cluster = await startHubProcesses(count, { databaseUrl, redisUrl: redis.url, ...settings });
      return { ...cluster, databaseUrl };
    },
  };
}

/**
 * A console as the failover cares about it: it keeps every change it received, by seq, and
 * after losing its hub comes back on another one and catches up with `sync:since`.
 */
export class FollowingConsole {
  readonly changes = new Map<number, Change>();
  /** Live changes that came ahead of one still missing, held until it comes (as a console). */
  #ahead = new Map<number, Change>();
  #socket: HubClient;
  #lastSeq = 0;
  #gap = false;

  private constructor(
    socket: HubClient,
    private readonly token: string,
    /** The seq of the snapshot it started from: it holds every change after it. */
    readonly startSeq: number,
    /** The flights of that snapshot. */
    readonly startFlights: readonly Flight[],
  ) {
    this.#socket = socket;
    this.#lastSeq = startSeq;
    this.#follow(socket);
  }

  /** Connects and starts from the hub's snapshot, as a console does. */
  static async open(url: string, token: string): Promise<FollowingConsole> {
    const socket = await connectAt(url, token);
    const snapshot = await request(socket, 'flights:snapshot', {});
    if (!snapshot.ok) throw new Error(`flights:snapshot: ${snapshot.error.message}`);
    return new FollowingConsole(socket, token, snapshot.seq, snapshot.flights);
  }

  get socket(): HubClient {
    return this.#socket;
  }

  /** The newest seq received with none missing before it. */
  get seq(): number {
    return this.#lastSeq;
  }

  /** Whether a change ever arrived ahead of one missing (held, and applied once it came). */
  get sawGap(): boolean {
    return this.#gap;
  }

  /** Connects to `url` and catches up from the last seq it holds; resolves with the head seq. */
  async failOver(url: string): Promise<number> {
    this.#socket.close();
    this.#socket = await connectAt(url, this.token);
    this.#follow(this.#socket);
    const ack = await request(this.#socket, 'sync:since', { seq: this.#lastSeq });
    if (!ack.ok) throw new Error(`sync:since: ${ack.error.message}`);
    const result = ack as SyncSinceResult;
    if ('reset' in result) throw new Error('sync:since answered a reset');
    for (const change of result.changes) this.#take(change);
    return result.seq;
  }

  close(): void {
    this.#socket.close();
  }

  #follow(socket: HubClient): void {
    socket.on('flight:changed', (change) => this.#take(change));
  }

  #take(change: Change): void {
    if (change.seq <= this.#lastSeq) return;
    if (change.seq !== this.#lastSeq + 1) {
      this.#gap = true;
      this.#ahead.set(change.seq, change);
      return;
    }
    for (let next: Change | undefined = change; next; next = this.#ahead.get(this.#lastSeq + 1)) {
      this.#ahead.delete(next.seq);
      this.changes.set(next.seq, next);
      this.#lastSeq = next.seq;
    }
  }
}

/**
 * Changes `flight`'s remark from one socket, one change at a time, at most `perSecond` (under
 * the hub's per-connection limit), until stopped or its hub is gone; keeps the acknowledged
 * opIds. Only this socket edits the flight, so each change goes on top of the last one.
 */
export function editContinuously(
  socket: HubClient,
  flight: Flight,
  perSecond = 8,
): { acked: Set<string>; stop(): Promise<void> } {
  const acked = new Set<string>();
  let version = flight.version;
  let stopped = false;
  const loop = async () => {
    for (let n = 0; !stopped && socket.connected; n += 1) {
      const started = Date.now();
      const opId = randomUUID();
      const ack = await request(
        socket,
        'flight:update',
        { flightId: flight.id, baseVersion: version, opId, changes: { remark: `edit ${n}` } },
        5_000,
      ).catch(() => null);
      if (ack?.ok) {
        acked.add(opId);
        version = ack.flight.version;
      }
      const wait = 1000 / perSecond - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  const running = loop();
  return {
    acked,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
