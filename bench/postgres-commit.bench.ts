/**
 * Durable commits in PostgreSQL: the durable-commit bench's load (bench/support/commit-load.ts)
 * against one hub (its own process) on a PostgreSQL holding 2,000 flights and a 100,000-entry
 * audit trail, `fsync` and `synchronous_commit` on. An ack goes out only after the commit of
 * its transaction is on the database's disk. Targets: ≥ 1,000 acknowledged changes/s; ack p99
 * ≤ 50 ms at a paced 200 changes/s. Then `flight:history` of a 50-entry trail, 200 times.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startPostgres, type PostgresServer } from '../test-support/postgres';
import { BENCH_PASSWORD, latencySummary, writeBenchDataFolder } from './support/bench-data';
import { connectClient, login, startBenchHubProcess } from './support/bench-clients';
import { runCommitLoad } from './support/commit-load';
import { copyBenchUsers, writeBenchDatabase } from './support/postgres-bench-data';

const FLIGHTS = 2_000;
const TRAIL = 100_000;
const EDITORS = 20;

export default async function postgresCommit() {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-pg-'));
  let server: PostgresServer | null = null;
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  const sockets: Socket[] = [];
  try {
    server = await startPostgres({ durable: true });
    const databaseUrl = await server.createDatabase();
    const generated = performance.now();
    // The data folder's users go into the database; its flights are unused.
    await writeBenchDataFolder(dataDir, { flights: 1, trail: 0, editors: EDITORS });
    const flights = await writeBenchDatabase(databaseUrl, { flights: FLIGHTS, trail: TRAIL });
    await copyBenchUsers(dataDir, databaseUrl);
    const generateMs = performance.now() - generated;
    hub = await startBenchHubProcess(dataDir, { BENCH_DATABASE_URL: databaseUrl });
    for (let n = 1; n <= EDITORS; n += 1) {
      sockets.push(
        await connectClient(hub.url, await login(hub.url, `editor${n}`, BENCH_PASSWORD)),
      );
    }
    const load = await runCommitLoad(sockets, flights, {
      outstandingPerEditor: 16,
      throughputMs: 5_000,
      pacedRate: 200,
      pacedMs: 10_000,
    });
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
      generateDatabaseMs: Math.round(generateMs),
      hubStartMs: hub.openedMs,
      ...load,
      historyP50Ms: history.p50,
      historyP99Ms: history.p99,
    };
  } finally {
    for (const socket of sockets) socket.close();
    await hub?.stop();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
