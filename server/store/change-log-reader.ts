import { open, readFile, readdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { describeZodError } from '../../core';
import { DataFolderError } from './data-folder-error';
import { writeDurably } from './durable-json-file';
import { changeLogEntrySchema, type ChangeLogEntry } from './file-schemas';

/** Change log segments are named by the seq of their first line, so they sort by name. */
const SEGMENT_NAME = /^changes-(\d{12})\.ndjson$/;

export function segmentName(firstSeq: number): string {
  return `changes-${String(firstSeq).padStart(12, '0')}.ndjson`;
}

export interface SegmentInfo {
  file: string;
  firstSeq: number;
  count: number;
  /** Size in bytes: where the next line starts (history index positions). */
  bytes: number;
}

/** Lists the change log's segment files in seq order. */
export async function listSegments(folder: string): Promise<{ file: string; firstSeq: number }[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw new DataFolderError(folder, `cannot be read (${(error as Error).message})`);
  }
  return names
    .map((name) => ({ name, match: SEGMENT_NAME.exec(name) }))
    .filter((item) => item.match)
    .map((item) => ({ file: join(folder, item.name), firstSeq: Number(item.match![1]) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

export interface ChangeLogContents {
  /** Every entry with seq >= fromSeq, in seq order. */
  entries: ChangeLogEntry[];
  lastSeq: number;
  /** The segment new changes are appended to, if any exists. */
  lastSegment: SegmentInfo | null;
}

/**
 * Reads the change log from `fromSeq` on, checking every line and that seqs have no gaps.
 *
 * Torn tail: a crash in the middle of an append can leave a final line without its newline.
 * Such a line was never acknowledged (acks wait for the fdatasync of the whole write), so it is
 * moved to a side file `<segment>.torn-<time>` for inspection and cut from the log. Any other
 * broken line stops the hub.
 */
export async function readChangeLog(
  folder: string,
  fromSeq: number,
  logger: Logger,
): Promise<ChangeLogContents> {
  const segments = await listSegments(folder);

  let start = 0;
  segments.forEach((segment, index) => {
    if (segment.firstSeq <= fromSeq) start = index;
  });

  const entries: ChangeLogEntry[] = [];
  let lastSeq = 0;
  let lastSegment: SegmentInfo | null = null;
  for (let index = start; index < segments.length; index += 1) {
    const segment = segments[index]!;
    const isLast = index === segments.length - 1;
    const { lines, bytes } = await readSegmentLines(segment.file, isLast, logger);
    if (lines.length === 0 && !isLast) throw new DataFolderError(segment.file, 'is empty');
    if (lines.length === 0 && lastSeq > 0 && segment.firstSeq !== lastSeq + 1) {
      throw new DataFolderError(
        segment.file,
        `is named for seq ${segment.firstSeq}, expected ${lastSeq + 1}`,
      );
    }
    if (lastSeq > 0 && lines.length > 0 && segment.firstSeq !== lastSeq + 1) {
      throw new DataFolderError(
        segment.file,
        `starts at seq ${segment.firstSeq}, expected ${lastSeq + 1}`,
      );
    }
    lines.forEach((line, lineIndex) => {
      const entry = parseLine(segment.file, lineIndex + 1, line);
      const expected = lineIndex === 0 ? segment.firstSeq : lastSeq + 1;
      if (entry.seq !== expected) {
        throw new DataFolderError(
          segment.file,
          `line ${lineIndex + 1} has seq ${entry.seq}, expected ${expected}`,
        );
      }
      lastSeq = entry.seq;
      if (entry.seq >= fromSeq) entries.push(entry);
    });
    if (isLast)
      lastSegment = { file: segment.file, firstSeq: segment.firstSeq, count: lines.length, bytes };
  }
  return { entries, lastSeq, lastSegment };
}

async function readSegmentLines(
  file: string,
  isLast: boolean,
  logger: Logger,
): Promise<{ lines: string[]; bytes: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataFolderError(file, `cannot be read (${(error as Error).message})`);
  }
  const cut = text.lastIndexOf('\n') + 1;
  const bytes = Buffer.byteLength(text.slice(0, cut));
  if (cut < text.length) {
    if (!isLast)
      throw new DataFolderError(file, 'ends without a newline but is not the last segment');
    await setAsideTornTail(file, bytes, text.slice(cut), logger);
  }
  return { lines: text.slice(0, cut).split('\n').slice(0, -1), bytes };
}

async function setAsideTornTail(file: string, keepBytes: number, tail: string, logger: Logger) {
  const sideFile = `${file}.torn-${Date.now()}`;
  await writeDurably(sideFile, tail, 0o600);
  await truncate(file, keepBytes);
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  logger.warn(
    { file, sideFile, bytes: tail.length },
    'change log ended in a torn, never acknowledged line; set it aside',
  );
}

function parseLine(file: string, lineNumber: number, line: string): ChangeLogEntry {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new DataFolderError(
      file,
      `line ${lineNumber} is not valid JSON (${(error as Error).message})`,
    );
  }
  const parsed = changeLogEntrySchema.safeParse(json);
  if (!parsed.success) {
    throw new DataFolderError(
      file,
      `line ${lineNumber}: ${describeZodError(parsed.error, 'line')}`,
    );
  }
  return parsed.data;
}
