import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';

let hub: TestHub | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await hub?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const ROOT = join(import.meta.dirname, '..', '..');

it('refuses a broken flights.json, names the way back, and recovers with npm run hub:recover', async () => {
  // Compaction every 3 changes: flights.prev.json exists and the log runs past it.
  hub = await startTestHub({ compactEvery: 3, keepDataDir: true });
  dataDir = hub.dataDir;
  const socket = await hub.connect(await hub.login('agent1'));
  for (let n = 0; n < 8; n += 1) {
    const ack = await request(socket, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: n,
      opId: randomUUID(),
      changes: { remark: `r${n}` },
    });
    expect(ack.ok).toBe(true);
  }
  const before = await request(socket, 'flights:snapshot', {});
  await hub.hub.close();

  const flightsFile = join(dataDir, 'flights.json');
  await writeFile(flightsFile, '{"seq": 8, "flights": [');
  const refused = hub.restart();
  await expect(refused).rejects.toThrow(
    /flights\.json: is not valid JSON.*flights\.prev\.json.*hub:recover/,
  );

  const { stdout } = await promisify(execFile)(
    'npm',
    ['run', '--silent', 'hub:recover', '--', dataDir],
    {
      cwd: ROOT,
    },
  );
  expect(stdout).toMatch(/restored from flights\.prev\.json \(seq \d\)/);
  const files = await readdir(dataDir);
  const broken = files.find((name) => name.startsWith('flights.json.broken-'));
  expect(broken).toBeDefined();
  expect(await readFile(join(dataDir, broken!), 'utf8')).toBe('{"seq": 8, "flights": [');

  hub = await startTestHub({ dataDir, keepDataDir: true });
  const after = await request(await hub.connect(await hub.login('agent1')), 'flights:snapshot', {});
  expect(after).toEqual(before);
}, 120_000);
