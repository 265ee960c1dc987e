import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentChanges } from '../recent-changes';
import { ChangeLog } from '../store/change-log';
import { readChangeLog } from '../store/change-log-reader';
import type { ChangeLogEntry } from '../store/file-schemas';
import { changeFromEntry } from '../store/flight-store';
import { fixtureSeed } from '../../test-support/hub-fixture';

const logger = pino({ level: 'silent' });
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jetbridge-log-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const base = fixtureSeed(new Date('2026-11-21T10:00:00Z')).flights[1]!;
function entry(seq: number): ChangeLogEntry {
  return {
    seq,
    flightId: base.id,
    opId: randomUUID(),
    by: 'agent1',
    workstation: null,
    at: '2026-11-21T10:00:00.000Z',
    version: seq,
    fields: { remark: { from: null, to: `r${seq}` } },
    flight: { ...base, remark: `r${seq}`, version: seq },
  };
}

describe('change log', () => {
  it('writes changes that arrive together in one write and one fdatasync', async () => {
    const log = new ChangeLog(folder, null);
    await Promise.all(Array.from({ length: 100 }, (_, index) => log.append(entry(index + 1))));
    expect(log.writeCount).toBe(1);
    await log.append(entry(101));
    expect(log.writeCount).toBe(2);
    await log.close();
    const text = await readFile(join(folder, 'changes-000000000001.ndjson'), 'utf8');
    expect(text.split('\n')).toHaveLength(102);
  });

  it('rolls over to a new segment and reads back across segments from a seq', async () => {
    const log = new ChangeLog(folder, null, 3);
    for (let seq = 1; seq <= 7; seq += 1) await log.append(entry(seq));
    await log.close();
    expect((await readdir(folder)).sort()).toEqual([
      'changes-000000000001.ndjson',
      'changes-000000000004.ndjson',
      'changes-000000000007.ndjson',
    ]);
    const contents = await readChangeLog(folder, 5, logger);
    expect(contents.entries.map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(contents.lastSeq).toBe(7);
    expect(contents.lastSegment).toMatchObject({ firstSeq: 7, count: 1 });
  });

  it('refuses a log with a gap in seq, naming the file and line', async () => {
    const log = new ChangeLog(folder, null);
    await log.append(entry(1));
    await log.append(entry(3));
    await log.close();
    await expect(readChangeLog(folder, 1, logger)).rejects.toThrow(
      /changes-000000000001\.ndjson: line 2 has seq 3, expected 2/,
    );
  });
});

describe('recent changes (sync log)', () => {
  it('answers from the window and asks for a reset outside it', () => {
    const recent = new RecentChanges(2);
    for (let seq = 1; seq <= 2000; seq += 1) recent.add(changeFromEntry(entry(seq)));
    expect(recent.since(1998, 2000)?.map((change) => change.seq)).toEqual([1999, 2000]);
    expect(recent.since(2000, 2000)).toEqual([]);
    expect(recent.since(0, 2000)).toBeNull();
    expect(recent.since(2001, 2000)).toBeNull();
    expect(recent.byOpId(changeFromEntry(entry(1)).change.opId)).toBeUndefined();
  });
});
