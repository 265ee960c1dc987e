import { open, readFile } from 'node:fs/promises';
import { DataFolderError } from './data-folder-error';
import { changeLogEntrySchema, type ChangeLogEntry } from './file-schemas';
import { listSegments } from './change-log-reader';
import type { LogPosition } from './change-log';

/** One change log line of a flight: its seq and where it is on disk. */
interface IndexedLine extends LogPosition {
  seq: number;
}

/** The start of every line the hub writes: `{"seq":N,"flightId":"…"` (JSON.stringify key order). */
const LINE_HEAD = /^\{"seq":(\d+),"flightId":("(?:[^"\\]|\\.)*")/;

/**
 * Per flight, where its changes are in the change log: the audit trail read back without scanning
 * the log. Built once at start (one pass over every segment, reading only each line's head) and
 * extended when a change becomes durable, so a request costs a few positioned reads of that
 * flight's lines, and commits cost one array push, however long the trail grows.
 */
export class FlightHistoryIndex {
  #byFlight = new Map<string, IndexedLine[]>();
  #size = 0;

  /** Indexes every line of every segment. Run after the log was checked (torn tail cut). */
  static async build(logFolder: string): Promise<FlightHistoryIndex> {
    const index = new FlightHistoryIndex();
    for (const { file } of await listSegments(logFolder)) {
      const buffer = await readFile(file);
      let offset = 0;
      while (offset < buffer.length) {
        let end = buffer.indexOf(10, offset);
        if (end < 0) end = buffer.length;
        // Only the head of the line is decoded: the flight id comes first in every line.
        const head = buffer.toString('utf8', offset, Math.min(end, offset + 200));
        const match = LINE_HEAD.exec(head);
        const { flightId, seq } = match
          ? { flightId: JSON.parse(match[2]!) as string, seq: Number(match[1]) }
          : headOf(buffer, offset, end);
        index.add(flightId, { file, offset, length: end + 1 - offset, seq });
        offset = end + 1;
      }
    }
    return index;
  }

  add(flightId: string, line: IndexedLine): void {
    let lines = this.#byFlight.get(flightId);
    if (!lines) this.#byFlight.set(flightId, (lines = []));
    lines.push(line);
    this.#size += 1;
  }

  /** How many changes are indexed (every durable change). */
  get size(): number {
    return this.#size;
  }

  /** How many changes a flight has had. */
  count(flightId: string): number {
    return this.#byFlight.get(flightId)?.length ?? 0;
  }

  /** A flight's changes, newest first: at most `limit`, and only those before seq `before`. */
  async read(
    flightId: string,
    { limit, before }: { limit: number; before?: number },
  ): Promise<ChangeLogEntry[]> {
    const lines = this.#byFlight.get(flightId) ?? [];
    const picked: IndexedLine[] = [];
    for (let i = lines.length - 1; i >= 0 && picked.length < limit; i -= 1) {
      if (before === undefined || lines[i]!.seq < before) picked.push(lines[i]!);
    }
    return readLines(picked);
  }
}

async function readLines(lines: IndexedLine[]): Promise<ChangeLogEntry[]> {
  const entries: ChangeLogEntry[] = [];
  const byFile = new Map<string, IndexedLine[]>();
  for (const line of lines) byFile.set(line.file, [...(byFile.get(line.file) ?? []), line]);
  const texts = new Map<IndexedLine, string>();
  for (const [file, fileLines] of byFile) {
    const handle = await open(file, 'r');
    try {
      for (const line of fileLines) {
        const buffer = Buffer.alloc(line.length);
        await handle.read(buffer, 0, line.length, line.offset);
        texts.set(line, buffer.toString('utf8'));
      }
    } finally {
      await handle.close();
    }
  }
  for (const line of lines) {
    const parsed = changeLogEntrySchema.safeParse(JSON.parse(texts.get(line)!));
    if (!parsed.success) {
      throw new DataFolderError(line.file, `the line at byte ${line.offset} fails validation`);
    }
    entries.push(parsed.data);
  }
  return entries;
}

/** Fallback for a line written in another key order. */
function headOf(buffer: Buffer, start: number, end: number): { flightId: string; seq: number } {
  const entry = JSON.parse(buffer.toString('utf8', start, end)) as {
    flightId?: unknown;
    seq?: unknown;
  };
  return { flightId: String(entry.flightId), seq: Number(entry.seq) };
}
