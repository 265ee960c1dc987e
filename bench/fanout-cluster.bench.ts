/**
 * Fan-out across hubs: 300 consoles on one hub against 100 consoles on each of three hubs that
 * share one PostgreSQL (durable) and one Redis; one editor on the first hub sends 50 changes/s
 * for 6 s. Per change: ms from emitting `flight:update` to the LAST of the 300 consoles
 * receiving its `flight:changed` (on three hubs, the latest of the three). Alternating rounds,
 * samples pooled. Target: three hubs' p50 within 1.5× one hub's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Flight } from '../core';
import { startHub, type Hub } from '../server/hub';
import { startPostgres } from '../test-support/postgres';
import { startRedis } from '../test-support/redis';
import {
  BENCH_PASSWORD,
  BENCH_SECRET,
  latencySummary,
  writeBenchDataFolder,
} from './support/bench-data';
import { REPO, connectClient, login, sleep } from './support/bench-clients';
import { copyBenchUsers, writeBenchDatabase } from './support/postgres-bench-data';

const CONSOLES = 300;
const RATE = 50;
const DURATION_MS = 6_000;
const ROUNDS = 2;
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const unlimited = { perSecond: 1_000_000, burst: 1_000_000 };

export default async function fanoutCluster() {
  const postgres = await startPostgres({ durable: true });
  const redis = await startRedis();
  const folders: string[] = [];
  try {
    const single: number[] = [];
    const three: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const hubs of [1, 3]) {
        const databaseUrl = await postgres.createDatabase();
        const flights = await writeBenchDatabase(databaseUrl, { flights: 2_000, trail: 0 });
        const started: Hub[] = [];
        for (let n = 0; n < hubs; n += 1) {
          const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-cluster-'));
          folders.push(dataDir);
          await writeBenchDataFolder(dataDir, { flights: 1, trail: 0, editors: 1 });
          if (n === 0) await copyBenchUsers(dataDir, databaseUrl);
          started.push(
            await startHub({
              dataDir,
              port: 0,
              secret: BENCH_SECRET,
              logger: pino({ level: 'warn' }),
              updateRate: unlimited,
              floodRate: unlimited,
              databaseUrl,
              ...(hubs > 1 ? { redisUrl: redis.url } : {}),
            }),
          );
        }
        try {
          const samples = await measure(started, flights);
          (hubs === 1 ? single : three).push(...samples);
        } finally {
          await Promise.all(started.map((hub) => hub.close()));
        }
      }
    }
    const one = { count: single.length, ...latencySummary(single) };
    const many = { count: three.length, ...latencySummary(three) };
    return {
      consoles: CONSOLES,
      rate: `${RATE} changes/s for ${DURATION_MS / 1000} s, ${ROUNDS} alternating rounds each`,
      oneHubChanges: one.count,
      oneHubP50Ms: one.p50,
      oneHubP99Ms: one.p99,
      threeHubsChanges: many.count,
      threeHubsP50Ms: many.p50,
      threeHubsP99Ms: many.p99,
      p50Ratio: many.p50 / one.p50,
      target: 'three hubs p50 ≤ 1.5 × one hub p50',
    };
  } finally {
    await redis.stop();
    await postgres.stop();
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
}

/** Per change: ms from emitting `flight:update` to the last console (of every hub) having it. */
async function measure(hubs: Hub[], flights: Flight[]): Promise<number[]> {
  const perHub = CONSOLES / hubs.length;
  const token = await login(hubs[0]!.url, 'watcher', BENCH_PASSWORD);
  const done = new Map<string, number[]>();
  const swarms: ChildProcess[] = [];
  const ready = hubs.map((hub) => {
    const swarm = spawn(TSX, [join(REPO, 'bench', 'support', 'console-swarm.ts')], {
      cwd: REPO,
      env: {
        ...process.env,
        SWARM_URL: hub.url,
        SWARM_TOKEN: token,
        SWARM_COUNT: String(perHub),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    swarms.push(swarm);
    return new Promise<number>((resolve, reject) => {
      swarm.on(
        'message',
        (message: { type: string; key?: string; at?: number; connected?: number }) => {
          if (message.type === 'ready') resolve(message.connected!);
          if (message.type === 'done')
            done.set(message.key!, [...(done.get(message.key!) ?? []), message.at!]);
        },
      );
      swarm.once('exit', () => reject(new Error('console swarm exited')));
    });
  });
  const editor = await connectClient(
    hubs[0]!.url,
    await login(hubs[0]!.url, 'editor1', BENCH_PASSWORD),
  );
  try {
    const connected = await Promise.all(ready);
    if (connected.some((count) => count !== perHub)) throw new Error(`consoles: ${connected}`);
    await sleep(500);
    const sent = new Map<string, number>();
    const total = (RATE * DURATION_MS) / 1000;
    const start = performance.now();
    for (let n = 0; n < total; n += 1) {
      const due = start + (n * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const flight = flights[(n * 5) % flights.length]!;
      const opId = randomUUID();
      sent.set(opId, performance.timeOrigin + performance.now());
      editor.emit(
        'flight:update',
        { flightId: flight.id, baseVersion: flight.version, opId, changes: { remark: `fan ${n}` } },
        () => undefined,
      );
    }
    const complete = () =>
      [...done.values()].filter((times) => times.length === hubs.length).length;
    const deadline = performance.now() + 10_000;
    while (complete() < total && performance.now() < deadline) await sleep(50);
    return [...sent].flatMap(([opId, at]) => {
      const times = done.get(opId);
      return times?.length === hubs.length ? [Math.max(...times) - at] : [];
    });
  } finally {
    editor.close();
    for (const swarm of swarms) swarm.send({ type: 'stop' });
    await Promise.all(swarms.map((swarm) => new Promise((resolve) => swarm.once('exit', resolve))));
  }
}
