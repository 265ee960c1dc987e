import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFolderError } from './data-folder-error';
import type { SealedSegment } from './change-log-files';
import { parseLine } from './change-log-reader';
import type { LinePosition } from './ndjson-appender';
import type { ChangeLogEntry } from './file-schemas';

/** One change log line of a flight: its seq and where it is on disk. */
interface IndexedLine extends LinePosition {
  seq: number;
}

/** The start of every line the hub writes: `{"seq":N,"flightId":"…"` (JSON.stringify key order). */
const LINE_HEAD = /^\{"seq":(\d+),"flightId":("(?:[^"\\]|\\.)*")/;

/**
 * Per flight, where its changes are in the change log: the audit trail read back without scanning
 * the log. Built lazily after start, in the background (one pass over the segments as they were
 * at start, reading only each line's head, yielding between segments), so start-up does not
 * grow with the trail; commits made meanwhile are kept and added after it. A request waits for
 * the build, then costs a few positioned reads of that flight's lines, each checked against its
 * checksum.
 */
export class FlightHistoryIndex {
  #byFlight = new Map<string, IndexedLine[]>();
  #size = 0;
  #built: Promise<void> | null = null;
  #duringBuild: { flightId: string; line: IndexedLine }[] | null = [];

  constructor(
    private readonly folder: string,
    /** The segments as they were at start; the open one only up to `openBytes`. */
    private readonly start: {
      sealed: readonly SealedSegment[];
      open: { file: string; bytes: number } | null;
    },
    private readonly legacy: boolean,
  ) {}

  /** Starts the build (idempotent); resolves when the index is complete. */
  ready(): Promise<void> {
    this.#built ??= this.#build();
    return this.#built;
  }

  add(flightId: string, line: IndexedLine): void {
    if (this.#duringBuild) this.#duringBuild.push({ flightId, line });
    else this.#push(flightId, line);
  }

  /** How many changes a flight has had. */
  async count(flightId: string): Promise<number> {
    await this.ready();
    return this.#byFlight.get(flightId)?.length ?? 0;
  }

  /** How many changes are indexed. */
  get size(): number {
    return this.#size;
  }

  /** A flight's changes, newest first: at most `limit`, and only those before seq `before`. */
  async read(
    flightId: string,
    { limit, before }: { limit: number; before?: number },
  ): Promise<ChangeLogEntry[]> {
    await this.ready();
    const lines = this.#byFlight.get(flightId) ?? [];
    const picked: IndexedLine[] = [];
    for (let i = lines.length - 1; i >= 0 && picked.length < limit; i -= 1) {
      if (before === undefined || lines[i]!.seq < before) picked.push(lines[i]!);
    }
    return this.#readLines(picked);
  }

  async #build(): Promise<void> {
    const files = [
      ...this.start.sealed.map((segment) => ({
        file: join(this.folder, segment.name),
        end: segment.bytes,
      })),
      ...(this.start.open ? [{ file: this.start.open.file, end: this.start.open.bytes }] : []),
    ];
    for (const { file, end } of files) {
      const buffer = (await readFile(file)).subarray(0, end);
      let offset = 0;
      while (offset < buffer.length) {
        let lineEnd = buffer.indexOf(10, offset);
        if (lineEnd < 0) lineEnd = buffer.length;
        // Only the head of the line is decoded: the flight id comes first in every line.
        const head = buffer.toString('utf8', offset, Math.min(lineEnd, offset + 200));
        const match = LINE_HEAD.exec(head);
        if (!match) {
          throw new DataFolderError(file, `the line at byte ${offset} has no readable head`);
        }
        this.#push(JSON.parse(match[2]!) as string, {
          file,
          offset,
          length: lineEnd + 1 - offset,
          seq: Number(match[1]),
        });
        offset = lineEnd + 1;
      }
      // Let acknowledgements run between segments.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const { flightId, line } of this.#duringBuild ?? []) this.#push(flightId, line);
    this.#duringBuild = null;
  }

  #push(flightId: string, line: IndexedLine): void {
    let lines = this.#byFlight.get(flightId);
    if (!lines) this.#byFlight.set(flightId, (lines = []));
    lines.push(line);
    this.#size += 1;
  }

  async #readLines(lines: IndexedLine[]): Promise<ChangeLogEntry[]> {
    const texts = new Map<IndexedLine, string>();
    const byFile = new Map<string, IndexedLine[]>();
    for (const line of lines) byFile.set(line.file, [...(byFile.get(line.file) ?? []), line]);
    for (const [file, fileLines] of byFile) {
      const handle = await open(file, 'r');
      try {
        for (const line of fileLines) {
          const buffer = Buffer.alloc(line.length);
          await handle.read(buffer, 0, line.length, line.offset);
          texts.set(line, buffer.toString('utf8').replace(/\n$/, ''));
        }
      } finally {
        await handle.close();
      }
    }
    return lines.map((line) =>
      parseLine(line.file, `the line at byte ${line.offset}`, texts.get(line)!, !this.legacy),
    );
  }
}
