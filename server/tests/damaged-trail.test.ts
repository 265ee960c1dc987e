import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchDataFolder } from '../../bench/support/bench-data';
import { startHub } from '../hub';

/**
 * A 30,000-change trail (three sealed segments and an open one) damaged where start-up replay
 * would never look: every fault is found at start, named with its file and seq range, and the
 * hub refuses to start instead of serving a trail with a hole in it.
 */
let pristine: string;
const folders: string[] = [];
beforeAll(async () => {
  pristine = await mkdtemp(join(tmpdir(), 'jetbridge-trail-'));
  folders.push(pristine);
  await writeBenchDataFolder(pristine, { flights: 40, trail: 30_000, editors: 1 });
}, 120_000);
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function copyOfTrail(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'jetbridge-trail-copy-'));
  folders.push(folder);
  const { cp } = await import('node:fs/promises');
  await cp(pristine, folder, { recursive: true });
  return folder;
}

const start = (dataDir: string) =>
  startHub({ dataDir, port: 0, logger: pino({ level: 'silent' }), webRoot: tmpdir() });

describe('a damaged trail is found at start', () => {
  it('starts on the intact trail', async () => {
    const hub = await start(await copyOfTrail());
    await hub.close();
  });

  it('refuses a segment removed from the middle, naming it and its seqs', async () => {
    const folder = await copyOfTrail();
    await unlink(join(folder, 'changes', 'changes-000000010001.ndjson'));
    await expect(start(folder)).rejects.toThrow(
      /changes-000000010001\.ndjson: is missing \(it held seqs 10001–20000 of the audit trail\); stop the hub and restore/,
    );
  });

  it('refuses a garbled line head in an old segment, naming file and line', async () => {
    const folder = await copyOfTrail();
    const file = join(folder, 'changes', 'changes-000000000001.ndjson');
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    lines[4999] = `#${lines[4999]!.slice(1)}`;
    await writeFile(file, lines.join('\n'));
    await expect(start(folder)).rejects.toThrow(
      /changes-000000000001\.ndjson: line 5000 is damaged: its checksum/,
    );
  });

  it('refuses a byte changed inside a valid line of an old segment', async () => {
    const folder = await copyOfTrail();
    const file = join(folder, 'changes', 'changes-000000010001.ndjson');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"by":"agent1"', '"by":"agent9"'));
    await expect(start(folder)).rejects.toThrow(
      /changes-000000010001\.ndjson: line 1 is damaged: its checksum .*\(seq 10001\)/,
    );
  });

  it('refuses a log cut at a line boundary below what was acknowledged', async () => {
    const folder = await copyOfTrail();
    const file = join(folder, 'changes', 'changes-000000020001.ndjson');
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, `${lines.slice(0, 9_900).join('\n')}\n`);
    await expect(start(folder)).rejects.toThrow(
      /ends at seq 29900, but seq 30000 was written .*changes 29901–30000 are missing.*--accept-loss/,
    );
  });
});
