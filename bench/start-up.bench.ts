/**
 * Start-up against the trail (issue 9, item 8): the same 2,000 live flights with no trail and
 * with a 100,000-change trail (ten sealed segments). Measures the hub process's time to open
 * (`opened in … ms`, from bench-hub.ts) and its heap after full GCs right after it listens, and
 * again once the history index has been built in the background. Start-up should follow the
 * live state; what the trail still costs is named.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealJsonLine } from '../server/store/line-checksum';
import { writeBenchDataFolder } from './support/bench-data';
import { sleep, startBenchHubProcess } from './support/bench-clients';

/** Trail length, and whether the notification journal has absorbed it (a clean stop's state). */
const CASES = [
  { trail: 0, absorbed: true },
  { trail: 100_000, absorbed: true },
  { trail: 100_000, absorbed: false },
];

export default async function startUp() {
  const result: Record<string, unknown> = {
    loadAverage: loadavg()
      .map((value) => value.toFixed(1))
      .join(' '),
  };
  for (const { trail, absorbed } of CASES) {
    const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-start-'));
    try {
      await writeBenchDataFolder(dataDir, { flights: 2_000, trail, editors: 1 });
      if (absorbed) {
        const line = sealJsonLine({ t: 'absorbed', seq: trail });
        await writeFile(join(dataDir, 'notifications.ndjson'), `${line}\n`, { mode: 0o600 });
      }
      const hub = await startBenchHubProcess(dataDir, {}, { ipc: true });
      try {
        const { heapUsed: atStart } = await hub.heapAfterGc();
        // The history index builds in the background; give it time, then measure again.
        await sleep(5_000);
        const { heapUsed: later } = await hub.heapAfterGc();
        result[`trail${trail}${absorbed ? '' : 'NotAbsorbed'}`] =
          `opened in ${hub.openedMs} ms; heap ${(atStart / 1048576).toFixed(1)} MB at start, ` +
          `${(later / 1048576).toFixed(1)} MB 5 s later (history index built)`;
      } finally {
        await hub.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return result;
}
