import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
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

function newLog(segmentMaxEntries?: number) {
  return new ChangeLog({
    folder,
    openSegment: null,
    sealed: [],
    ...(segmentMaxEntries ? { segmentMaxEntries } : {}),
  });
}

async function writeSeqs(log: ChangeLog, from: number, to: number) {
  for (let seq = from; seq <= to; seq += 1) await log.append([entry(seq)]);
}

const read = (fromSeq = 1) => readChangeLog(folder, { fromSeq, logger });

describe('change log', () => {
  it('writes changes that arrive together in one write and one fdatasync', async () => {
    const log = newLog();
    await Promise.all(Array.from({ length: 100 }, (_, index) => log.append([entry(index + 1)])));
    expect(log.writeCount).toBe(1);
    await log.append([entry(101)]);
    expect(log.writeCount).toBe(2);
    await log.close();
    const text = await readFile(join(folder, 'changes-000000000001.ndjson'), 'utf8');
    expect(text.split('\n')).toHaveLength(102);
    expect((await read()).lastSeq).toBe(101);
  });

  it('rolls over to new segments, seals the finished ones, and reads back from a seq', async () => {
    const log = newLog(3);
    await writeSeqs(log, 1, 7);
    await log.close();
    expect((await readdir(folder)).sort()).toEqual([
      'changes-000000000001.ndjson',
      'changes-000000000004.ndjson',
      'changes-000000000007.ndjson',
      'high-water-mark',
      'segments.json',
    ]);
    const contents = await read(5);
    expect(contents.entries.map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(contents.lastSeq).toBe(7);
    expect(contents.sealed.map((s) => [s.firstSeq, s.lastSeq])).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(contents.openSegment).toMatchObject({ firstSeq: 7, count: 1 });
  });

  it('refuses a log with a gap in seq, naming the file and line', async () => {
    const log = newLog();
    await log.append([entry(1)]);
    await log.append([entry(3)]);
    await log.close();
    await expect(read()).rejects.toThrow(
      /changes-000000000001\.ndjson: line 2 has seq 3, expected 2/,
    );
  });

  it('refuses a byte changed inside a valid line, naming file, line and seq', async () => {
    const log = newLog();
    await writeSeqs(log, 1, 3);
    await log.close();
    const file = join(folder, 'changes-000000000001.ndjson');
    const text = await readFile(file, 'utf8');
    // `by` agent1 → agent7: still valid JSON, still a valid entry.
    await writeFile(file, text.replace('"by":"agent1"', '"by":"agent7"'));
    await expect(read()).rejects.toThrow(
      /changes-000000000001\.ndjson: line 1 is damaged: its checksum .* does not match its content .*\(seq 1\).*backup/,
    );
  });

  it('refuses a sealed segment removed from the middle of the trail', async () => {
    const log = newLog(3);
    await writeSeqs(log, 1, 10);
    await log.close();
    await unlink(join(folder, 'changes-000000000004.ndjson'));
    await expect(read(9)).rejects.toThrow(
      /changes-000000000004\.ndjson: is missing \(it held seqs 4–6 of the audit trail\)/,
    );
  });

  it('refuses a sealed segment altered outside the replay window', async () => {
    const log = newLog(3);
    await writeSeqs(log, 1, 10);
    await log.close();
    const file = join(folder, 'changes-000000000001.ndjson');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"remark":"r2"', '"remark":"r9"'));
    await expect(read(9)).rejects.toThrow(/changes-000000000001\.ndjson: line 2 is damaged/);
  });

  it('refuses a log cut at a line boundary below the high-water mark, naming the missing seqs', async () => {
    const log = newLog();
    await writeSeqs(log, 1, 5);
    await log.close();
    const file = join(folder, 'changes-000000000001.ndjson');
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, `${lines.slice(0, 3).join('\n')}\n`);
    await expect(read()).rejects.toThrow(
      /ends at seq 3, but seq 5 was written .*changes 4–5 are missing.*hub:recover.*--accept-loss/,
    );
  });

  it('sets a torn last line aside only after every check has passed', async () => {
    const log = newLog();
    await writeSeqs(log, 1, 2);
    await log.close();
    const file = join(folder, 'changes-000000000001.ndjson');
    const good = await readFile(file, 'utf8');
    await writeFile(file, `${good}{"seq":3,"flightId":"f-ai`);
    // A damaged earlier line: refused, and the torn tail is still there.
    await writeFile(file, `${good.replace('"r1"', '"rX"')}{"seq":3,"flightId":"f-ai`);
    await expect(read()).rejects.toThrow(/line 1 is damaged/);
    expect(await readFile(file, 'utf8')).toContain('{"seq":3,"flightId":"f-ai');
    await writeFile(file, `${good}{"seq":3,"flightId":"f-ai`);
    expect((await read()).lastSeq).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(good);
    expect((await readdir(folder)).some((name) => name.includes('.torn-'))).toBe(true);
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
