import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentName, type SegmentInfo } from './change-log-reader';
import { syncFolder } from './durable-json-file';
import type { ChangeLogEntry } from './file-schemas';

/** Where one change log line is: its segment file, byte offset and length (newline included). */
export interface LogPosition {
  file: string;
  offset: number;
  length: number;
}

interface PendingAppend {
  line: string;
  seq: number;
  resolve: (position: LogPosition) => void;
  reject: (error: Error) => void;
}

/**
 * The append-only change log (NDJSON, one accepted change per line): the hub's durable commit
 * point. Group commit: every append that arrives while a write is under way, or in the same
 * tick, goes out in the next single write + fdatasync, and all of their promises settle together.
 * Segments roll over after `segmentMaxEntries` lines; old segments stay as the audit trail.
 *
 * A failed write or fdatasync is fatal for the log (fail-stop): what reached the disk is unknown,
 * so every later append is refused until the hub restarts and re-reads the log.
 */
export class ChangeLog {
  #queue: PendingAppend[] = [];
  #flushing: Promise<void> | null = null;
  #failure: Error | null = null;
  #handle: FileHandle | null = null;
  #segment: SegmentInfo | null;
  #writes = 0;

  constructor(
    private readonly folder: string,
    lastSegment: SegmentInfo | null,
    private readonly segmentMaxEntries = 10_000,
  ) {
    this.#segment = lastSegment;
  }

  /** Resolves, with where the line was written, once it is on disk. */
  append(entry: ChangeLogEntry): Promise<LogPosition> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ line: `${JSON.stringify(entry)}\n`, seq: entry.seq, resolve, reject });
      // Wait for the rest of this tick, so changes that arrived together share one fdatasync.
      this.#flushing ??= new Promise((done) => setImmediate(done)).then(() => this.#flushAll());
    });
  }

  /** How many write + fdatasync rounds have run (each carries one or more changes). */
  get writeCount(): number {
    return this.#writes;
  }

  /** Resolves once everything appended so far is on disk (or has failed). */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.#handle?.close();
    this.#handle = null;
  }

  async #flushAll(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0);
        const positions: LogPosition[] = [];
        try {
          const handle = await this.#handleFor(batch[0]!.seq);
          const segment = this.#segment!;
          const text = batch.map((item) => item.line).join('');
          let offset = segment.bytes;
          for (const item of batch) {
            const length = Buffer.byteLength(item.line);
            positions.push({ file: segment.file, offset, length });
            offset += length;
          }
          await handle.appendFile(text, 'utf8');
          await handle.datasync();
          this.#writes += 1;
          segment.count += batch.length;
          segment.bytes = offset;
        } catch (error) {
          this.#failure = error instanceof Error ? error : new Error(String(error));
          for (const item of [...batch, ...this.#queue.splice(0)]) item.reject(this.#failure);
          return;
        }
        batch.forEach((item, index) => item.resolve(positions[index]!));
      }
    } finally {
      this.#flushing = null;
    }
  }

  async #handleFor(firstSeqOfBatch: number): Promise<FileHandle> {
    if (this.#segment && this.#segment.count >= this.segmentMaxEntries) {
      await this.#handle?.close();
      this.#handle = null;
      this.#segment = null;
    }
    if (!this.#segment) {
      this.#segment = {
        file: join(this.folder, segmentName(firstSeqOfBatch)),
        firstSeq: firstSeqOfBatch,
        count: 0,
        bytes: 0,
      };
    }
    if (!this.#handle) {
      this.#handle = await open(this.#segment.file, 'a', 0o644);
      await syncFolder(this.folder);
    }
    return this.#handle;
  }
}
