/**
 * Fan-out: 300 consoles (socket.io clients in a separate child process) and one editor sending
 * 50 changes/s for 8 s. Measures, per change, the time from emitting `flight:update` to the LAST
 * console receiving its `flight:changed`; the same run repeated against a bare Socket.IO relay
 * that only acks and rebroadcasts a payload of the same shape and size (no checks, no disk).
 * Target: hub p99 within 1.5× the relay's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Server } from 'socket.io';
import type { Flight } from '../core';
import { startHub } from '../server/hub';
import {
  BENCH_PASSWORD,
  BENCH_SECRET,
  latencySummary,
  writeBenchDataFolder,
} from './support/bench-data';
import { REPO, connectClient, login, sleep } from './support/bench-clients';

const CONSOLES = 300;
const RATE = 50;
const DURATION_MS = 6_000;
const ROUNDS = 2;
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

interface Target {
  url: string;
  token: string;
  close(): Promise<void>;
}

export default async function fanout() {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-fanout-'));
  try {
    const flights = await writeBenchDataFolder(dataDir, { flights: 2_000, trail: 0, editors: 1 });
    // Alternating rounds, samples pooled: a burst of load from elsewhere hits both alike.
    const relaySamples: number[] = [];
    const hubSamples: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      relaySamples.push(...(await measure(await startRelay(flights[0]!), flights, round)));
      hubSamples.push(...(await measure(await startBenchHub(dataDir), flights, round)));
    }
    const relay = { count: relaySamples.length, ...latencySummary(relaySamples) };
    const hub = { count: hubSamples.length, ...latencySummary(hubSamples) };
    return {
      consoles: CONSOLES,
      rate: `${RATE} changes/s for ${DURATION_MS / 1000} s, ${ROUNDS} alternating rounds each`,
      hubChanges: hub.count,
      hubP50Ms: hub.p50,
      hubP99Ms: hub.p99,
      hubMaxMs: hub.max,
      relayChanges: relay.count,
      relayP50Ms: relay.p50,
      relayP99Ms: relay.p99,
      relayMaxMs: relay.max,
      p99Ratio: hub.p99 / relay.p99,
      target: 'hub p99 ≤ 1.5 × relay p99',
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function startBenchHub(dataDir: string): Promise<Target> {
  const unlimited = { perSecond: 1_000_000, burst: 1_000_000 };
  const hub = await startHub({
    dataDir,
    port: 0,
    secret: BENCH_SECRET,
    logger: pino({ level: 'warn' }),
    updateRate: unlimited,
    floodRate: unlimited,
  });
  return { url: hub.url, token: await login(hub.url, 'watcher', BENCH_PASSWORD), close: hub.close };
}

/** Socket.IO and nothing else: ack, then rebroadcast a `Change`-shaped payload. */
async function startRelay(sample: Flight): Promise<Target> {
  const http = createServer();
  const io = new Server(http, { cors: { origin: '*' } });
  let seq = 0;
  io.on('connection', (socket) => {
    socket.on(
      'flight:update',
      (payload: { opId: string; changes: object }, ack: (r: object) => void) => {
        seq += 1;
        const at = new Date().toISOString();
        const flight = {
          ...sample,
          ...payload.changes,
          version: seq,
          updatedAt: at,
          updatedBy: 'editor1',
        };
        ack({ ok: true, flight });
        io.emit('flight:changed', {
          seq,
          flight,
          change: {
            opId: payload.opId,
            by: 'editor1',
            at,
            fields: { remark: { from: null, to: 'x' } },
          },
        });
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: '',
    close: () => io.close(),
  };
}

/** Per change: ms from emitting `flight:update` to the last console's `flight:changed`. */
async function measure(target: Target, flights: Flight[], round: number): Promise<number[]> {
  const swarm: ChildProcess = spawn(TSX, [join(REPO, 'bench', 'support', 'console-swarm.ts')], {
    cwd: REPO,
    env: {
      ...process.env,
      SWARM_URL: target.url,
      SWARM_TOKEN: target.token,
      SWARM_COUNT: String(CONSOLES),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const done = new Map<string, number>();
  const ready = new Promise<number>((resolve, reject) => {
    swarm.on(
      'message',
      (message: { type: string; key?: string; at?: number; connected?: number }) => {
        if (message.type === 'ready') resolve(message.connected!);
        if (message.type === 'done') done.set(message.key!, message.at!);
      },
    );
    swarm.once('exit', () => reject(new Error('console swarm exited')));
  });
  const editor =
    target.token === ''
      ? await connectClient(target.url, '')
      : await connectClient(target.url, await login(target.url, 'editor1', BENCH_PASSWORD));
  try {
    const connected = await ready;
    if (connected !== CONSOLES) throw new Error(`only ${connected} consoles connected`);
    await sleep(500);
    const sent = new Map<string, number>();
    const total = (RATE * DURATION_MS) / 1000;
    const start = performance.now();
    for (let n = 0; n < total; n += 1) {
      const due = start + (n * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      // Each round its own flights: every flight changes at most once, from its first version.
      const flight = flights[(n * 5 + round) % flights.length]!;
      const opId = randomUUID();
      sent.set(opId, performance.timeOrigin + performance.now());
      editor.emit(
        'flight:update',
        {
          flightId: flight.id,
          baseVersion: flight.version,
          opId,
          changes: { remark: `fan ${round}.${n}` },
        },
        () => undefined,
      );
    }
    const deadline = performance.now() + 10_000;
    while (done.size < total && performance.now() < deadline) await sleep(50);
    return [...sent].flatMap(([opId, at]) => (done.has(opId) ? [done.get(opId)! - at] : []));
  } finally {
    editor.close();
    swarm.send({ type: 'stop' });
    await new Promise((resolve) => swarm.once('exit', resolve));
    await target.close();
  }
}
