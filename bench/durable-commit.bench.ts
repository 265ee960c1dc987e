/**
 * Durable commits: 2,000 flights and a 100,000-entry audit trail already in the data folder, the
 * hub in its own process, 20 editors (socket.io clients) each owning 100 flights.
 * 1. throughput: every editor keeps 16 changes outstanding for 5 s → acknowledged changes/s
 *    (target ≥ 1,000/s);
 * 2. latency: 200 changes/s, evenly paced, for 10 s → ack latency p50/p99 (target p99 ≤ 50 ms);
 * 3. `flight:history` of a flight with a 50-entry trail, 200 times → p50/p99 (from the index).
 * Each ack is sent only after the change's fdatasync (group commit).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { BENCH_PASSWORD, latencySummary, writeBenchDataFolder } from './support/bench-data';
import { connectClient, login, startBenchHubProcess } from './support/bench-clients';
import { runCommitLoad } from './support/commit-load';

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
    const load = await runCommitLoad(sockets, flights, {
      outstandingPerEditor: OUTSTANDING_PER_EDITOR,
      throughputMs: THROUGHPUT_MS,
      pacedRate: PACED_RATE,
      pacedMs: PACED_MS,
    });

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
      ...load,
      historyP50Ms: history.p50,
      historyP99Ms: history.p99,
    };
  } finally {
    for (const socket of sockets) socket.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
