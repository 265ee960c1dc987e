import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { copyFile, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { recoverDataFolder } from '../recover';

let hub: TestHub | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await hub?.close().catch(() => undefined);
  hub = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = null;
});

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/**
 * A stopped hub's folder whose log holds `count` remark changes, and whose flights.json is the
 * seq-0 snapshot again, so every change must come back from the log.
 */
async function folderWithChanges(count: number, segmentMaxEntries = 1_000): Promise<string> {
  hub = await startTestHub({ keepDataDir: true, compactEvery: 1_000_000, segmentMaxEntries });
  dataDir = hub.dataDir;
  const socket = await hub.connect(await hub.login('agent1'));
  for (let n = 0; n < count; n += 1) {
    const ack = await request(socket, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: n,
      opId: randomUUID(),
      changes: { remark: `r${n}` },
    });
    expect(ack.ok).toBe(true);
  }
  await hub.hub.close();
  hub = null;
  await copyFile(join(dataDir, 'flights.prev.json'), join(dataDir, 'flights.json'));
  return dataDir;
}

async function seqAfterStart(): Promise<number> {
  hub = await startTestHub({ dataDir: dataDir!, keepDataDir: true });
  const snapshot = await request(
    await hub.connect(await hub.login('agent1')),
    'flights:snapshot',
    {},
  );
  return snapshot.ok ? snapshot.seq : -1;
}

const firstSegment = (folder: string) => join(folder, 'changes', 'changes-000000000001.ndjson');

describe('npm run hub:recover', () => {
  it('lowers the high-water mark below a cut log only when told to, naming the lost seqs', async () => {
    const folder = await folderWithChanges(6);
    const lines = (await readFile(firstSegment(folder), 'utf8')).split('\n');
    await writeFile(firstSegment(folder), `${lines.slice(0, 4).join('\n')}\n`);

    const refused = await run('npm', ['run', '--silent', 'hub:recover', '--', folder], {
      cwd: ROOT,
    }).then(
      () => 'it succeeded',
      (error: { stderr: string }) => error.stderr,
    );
    expect(refused).toMatch(/changes 5–6 are missing/);
    expect(refused).toMatch(/Repeat with --accept-loss/);
    await expect(seqAfterStart()).rejects.toThrow(/changes 5–6 are missing/);

    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'hub:recover', '--', folder, '--accept-loss'],
      { cwd: ROOT },
    );
    expect(stdout).toMatch(/high-water mark lowered from seq 6 to 4/);
    expect(stdout).toMatch(/LOST: changes 5–6/);
    expect(await seqAfterStart()).toBe(4);
  }, 120_000);

  it('cuts the open segment before a damaged line with --accept-loss, keeping the rest aside', async () => {
    const folder = await folderWithChanges(5);
    const text = await readFile(firstSegment(folder), 'utf8');
    await writeFile(firstSegment(folder), text.replace('"remark":"r3"', '"remark":"rX"'));

    const unchanged = await recoverDataFolder(folder, { acceptLoss: false });
    expect(unchanged.steps).toEqual([]);
    expect(unchanged.remaining).toMatch(/line 4 is damaged/);
    expect(await readFile(firstSegment(folder), 'utf8')).toContain('"rX"');

    const report = await recoverDataFolder(folder, { acceptLoss: true });
    expect(report).toMatchObject({ remaining: null, steps: [{}] });
    expect(report.steps[0]!.lost).toMatch(/^changes from seq 4 on/);
    const aside = /kept as (.*)$/.exec(report.steps[0]!.done)![1]!;
    expect(await readFile(aside, 'utf8')).toContain('"rX"');
    expect(basename(aside)).toMatch(/^changes-000000000001\.ndjson\.damaged-/);
    expect(await seqAfterStart()).toBe(3);
  });

  it('rebuilds a lost segments.json from the lines, losing nothing', async () => {
    const folder = await folderWithChanges(7, 3);
    await unlink(join(folder, 'changes', 'segments.json'));
    await expect(seqAfterStart()).rejects.toThrow(/hub:recover/);

    const report = await recoverDataFolder(folder, { acceptLoss: false });
    expect(report).toEqual({
      steps: [
        { done: expect.stringMatching(/segments\.json rebuilt: 2 finished segments/), lost: null },
      ],
      remaining: null,
    });
    expect(await seqAfterStart()).toBe(7);
  });

  it('cuts a damaged notification journal record with --accept-loss', async () => {
    const folder = await folderWithChanges(2);
    const journal = join(folder, 'notifications.ndjson');
    const text = await readFile(journal, 'utf8');
    expect(text.length).toBeGreaterThan(0);
    await writeFile(journal, `${text}{"t":"absorbed","seq":2,"crc":"00000000"}\n`);
    await expect(seqAfterStart()).rejects.toThrow(/notifications\.ndjson: line \d+ is damaged/);

    const report = await recoverDataFolder(folder, { acceptLoss: true });
    expect(report.remaining).toBeNull();
    expect(report.steps[0]!.lost).toMatch(/passengers may be told some news again/);
    expect(await seqAfterStart()).toBe(2);
  });

  it('cuts a damaged record of the passengers’ own settings with --accept-loss, naming the loss', async () => {
    const folder = await folderWithChanges(1);
    const journal = join(folder, 'passenger-self-service.ndjson');
    const text = await readFile(journal, 'utf8').catch(() => '');
    await writeFile(journal, `${text}{"t":"archived","flightId":"f-x","crc":"00000000"}\n`);
    await expect(seqAfterStart()).rejects.toThrow(/passenger-self-service\.ndjson: line \d+/);

    expect((await recoverDataFolder(folder, { acceptLoss: false })).steps).toEqual([]);
    const report = await recoverDataFolder(folder, { acceptLoss: true });
    expect(report.remaining).toBeNull();
    expect(report.steps[0]!.lost).toMatch(/preferences and push subscriptions/);
    expect(await seqAfterStart()).toBe(1);
  });
});
