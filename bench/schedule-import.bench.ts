/**
 * A season's schedule imported into a busy airport's hub while agents edit (issue #8 item 8).
 * The hub (its own process) serves DEL with 1,500 live flights and 20 editors. A synthetic IATA
 * SSIM season of ≥ 20,000 leg records (bench/support/ssim-season.ts, from OpenFlights routes) is
 * posted to `POST /api/schedules` by a supervisor while the editors send 100 remark changes/s,
 * evenly paced. Figures:
 * - import: from sending the file to the hub's answer (parse, lay out the window, commit every
 *   created flight) — target ≤ 5 s;
 * - ack latency of the editors' changes acknowledged during the import — target p99 ≤ 50 ms;
 *   the same before the import, for comparison.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import {
  addBenchSupervisor,
  BENCH_PASSWORD,
  latencySummary,
  writeBenchDataFolder,
} from './support/bench-data';
import { connectClient, login, sleep, startBenchHubProcess } from './support/bench-clients';
import { PacedEdits } from './support/paced-edits';
import { ssimSeason } from './support/ssim-season';

const FLIGHTS = 1_500;
const EDITORS = 20;
const RATE = 100;
const BEFORE_MS = 5_000;

export default async function scheduleImport() {
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-import-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  const sockets: Socket[] = [];
  try {
    const flights = await writeBenchDataFolder(dataDir, {
      flights: FLIGHTS,
      trail: 0,
      editors: EDITORS,
    });
    await addBenchSupervisor(dataDir);
    const generated = performance.now();
    const season = ssimSeason({ airport: 'DEL', minLegRecords: 20_000 });
    const generateMs = performance.now() - generated;
    hub = await startBenchHubProcess(dataDir);
    for (let n = 1; n <= EDITORS; n += 1) {
      sockets.push(
        await connectClient(hub.url, await login(hub.url, `editor${n}`, BENCH_PASSWORD)),
      );
    }
    const supervisor = await login(hub.url, 'super', BENCH_PASSWORD);
    const load = new PacedEdits(sockets, flights, RATE);
    const editing = load.run();

    await sleep(BEFORE_MS);
    const importStart = performance.now();
    load.mark('import');
    const response = await fetch(`${hub.url}/api/schedules?format=ssim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'text/plain' },
      body: season.text,
    });
    const body = (await response.json()) as Record<string, unknown>;
    const importMs = performance.now() - importStart;
    load.mark('after');
    await sleep(2_000);
    load.stop();
    await editing;
    if (!response.ok) throw new Error(`import refused: ${JSON.stringify(body).slice(0, 500)}`);

    return {
      loadAverageBefore: loadavg()[0],
      legRecords: season.legRecords,
      legRecordsAtAirport: season.airportLegRecords,
      fileMB: season.text.length / 1e6,
      generateMs,
      report: body,
      importMs,
      importTargetMs: 5_000,
      editsBefore: latencySummary(load.samples('before')),
      editsDuringImport: latencySummary(load.samples('import')),
      ackP99TargetMs: 50,
      refusedEdits: load.refused,
    };
  } finally {
    for (const socket of sockets) socket.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
