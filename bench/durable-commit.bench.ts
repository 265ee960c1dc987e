/**
 * Durable commits: 2,000 flights and a 100,000-entry audit trail already in the data folder, the
 * hub in its own process, 20 editors (socket.io clients) each owning 100 flights.
 * 1. throughput: every editor keeps 16 changes outstanding for 5 s → acknowledged changes/s
 *    (target ≥ 1,000/s);
 * 2. latency: 200 changes/s, evenly paced, for 10 s → ack latency p50/p99 (target p99 ≤ 50 ms);
 * 3. `flight:history` of a flight with a 50-entry trail, 200 times → p50/p99 (from the index).
 * Each ack is sent only after the change's fdatasync (group commit).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { BENCH_PASSWORD, latencySummary, writeBenchDataFolder } from './support/bench-data';
import { connectClient, login, sleep, startBenchHubProcess } from './support/bench-clients';

const FLIGHTS = 2_000;
const TRAIL = 100_000;
const EDITORS = 20;
const OUTSTANDING_PER_EDITOR = 16;
const THROUGHPUT_MS = 5_000;
const PACED_RATE = 200;
const PACED_MS = 10_000;

export default async function durableCommit() {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-commit-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  const sockets: Socket[] = [];
  try {
    const generated = performance.now();
    const flights = await writeBenchDataFolder(dataDir, {
      flights: FLIGHTS,
      trail: TRAIL,
      editors: EDITORS,
    });
    const generateMs = performance.now() - generated;
    hub = await startBenchHubProcess(dataDir);
    for (let n = 1; n <= EDITORS; n += 1) {
      sockets.push(
        await connectClient(hub.url, await login(hub.url, `editor${n}`, BENCH_PASSWORD)),
      );
    }
    const versions = new Map(flights.map((flight) => [flight.id, flight.version]));
    const owned = (editor: number) =>
      flights.filter((_, index) => index % EDITORS === editor).map((flight) => flight.id);
    let counter = 0;
    const update = async (socket: Socket, flightId: string): Promise<number> => {
      const sent = performance.now();
      const ack = (await socket.timeout(10_000).emitWithAck('flight:update', {
        flightId,
        baseVersion: versions.get(flightId)!,
        opId: randomUUID(),
        changes: { remark: `bench ${(counter += 1)}` },
      })) as { ok: boolean; flight?: { version: number }; error?: { message: string } };
      if (!ack.ok) throw new Error(`refused: ${ack.error?.message}`);
      versions.set(flightId, ack.flight!.version);
      return performance.now() - sent;
    };

    // 1. Throughput: 20 editors × 16 lanes, one flight per lane, each lane one change at a time.
    let acked = 0;
    const throughputStart = performance.now();
    const deadline = throughputStart + THROUGHPUT_MS;
    const lanes = sockets.flatMap((socket, editor) =>
      owned(editor)
        .slice(0, OUTSTANDING_PER_EDITOR)
        .map(async (flightId) => {
          while (performance.now() < deadline) {
            await update(socket, flightId);
            acked += 1;
          }
        }),
    );
    await Promise.all(lanes);
    const throughputSeconds = (performance.now() - throughputStart) / 1000;

    // 2. Latency at a paced 200 changes/s, round-robin over editors and their flights.
    await sleep(500);
    const samples: number[] = [];
    const pending: Promise<void>[] = [];
    const total = (PACED_RATE * PACED_MS) / 1000;
    const pacedStart = performance.now();
    for (let n = 0; n < total; n += 1) {
      const due = pacedStart + (n * 1000) / PACED_RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const editor = n % EDITORS;
      const mine = owned(editor);
      const flightId =
        mine[
          OUTSTANDING_PER_EDITOR +
            (Math.floor(n / EDITORS) % (mine.length - OUTSTANDING_PER_EDITOR))
        ]!;
      pending.push(update(sockets[editor]!, flightId).then((ms) => void samples.push(ms)));
    }
    await Promise.all(pending);
    const pacedSeconds = (performance.now() - pacedStart) / 1000;
    const latency = latencySummary(samples);

    // 3. History of one flight (50 entries in the trail) served from the per-flight index.
    const historySamples: number[] = [];
    for (let n = 0; n < 200; n += 1) {
      const sent = performance.now();
      const ack = (await sockets[0]!.timeout(10_000).emitWithAck('flight:history', {
        flightId: flights[(n * 7) % FLIGHTS]!.id,
        limit: 100,
      })) as { ok: boolean; entries?: unknown[] };
      if (!ack.ok || (ack.entries?.length ?? 0) < 50) throw new Error('history short');
      historySamples.push(performance.now() - sent);
    }
    const history = latencySummary(historySamples);

    return {
      flights: FLIGHTS,
      trailEntries: TRAIL,
      editors: EDITORS,
      generateDataFolderMs: Math.round(generateMs),
      hubStartWithTrailMs: hub.openedMs,
      throughputAcked: acked,
      throughputChangesPerSecond: acked / throughputSeconds,
      throughputTarget: '≥ 1000/s',
      pacedRequested: `${PACED_RATE}/s for ${PACED_MS / 1000} s`,
      pacedAchievedPerSecond: samples.length / pacedSeconds,
      ackP50Ms: latency.p50,
      ackP99Ms: latency.p99,
      ackMaxMs: latency.max,
      ackP99Target: '≤ 50 ms',
      historyP50Ms: history.p50,
      historyP99Ms: history.p99,
    };
  } finally {
    for (const socket of sockets) socket.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
