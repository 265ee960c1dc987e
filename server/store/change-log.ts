import { createReadStream } from 'node:fs';
import { constants, open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import {
  HIGH_WATER_MARK_FILE,
  highWaterMarkRecord,
  segmentName,
  segmentsManifest,
  type SealedSegment,
} from './change-log-files';
import type { ChangeLogEntry } from './file-schemas';
import { sealJsonLine } from './line-checksum';
import { NdjsonAppender, type LinePosition } from './ndjson-appender';

export type { LinePosition };

/** The segment new changes go to. */
export interface OpenSegment {
  file: string;
  firstSeq: number;
  /** Lines in it. */
  count: number;
}

export interface ChangeLogOptions {
  folder: string;
  /** The last segment, as the reader found it (null: none yet). */
  openSegment: OpenSegment | null;
  sealed: SealedSegment[];
  segmentMaxEntries?: number;
  /** The owner's check that its data folder is still the one it opened (see NdjsonAppender). */
  reachabilityProblem?: () => Promise<string | null>;
  /** Told when a segment was sealed (the history index persists its part then). */
  onSealed?: (segment: SealedSegment) => void;
}

interface BatchMeta {
  firstSeq: number;
  lastSeq: number;
  count: number;
}

/**
 * The append-only change log (NDJSON, one accepted change per line, each with its CRC-32): the
 * hub's durable commit point and audit trail, written through the one NdjsonAppender (group
 * commit, undo on a failed write, fail-stop when the file is gone). After each batch is synced,
 * the high-water mark is advanced and synced before anything is acknowledged. Segments roll over
 * after `segmentMaxEntries` lines; a finished segment is sealed (its size and CRC-32 recorded in
 * `segments.json`) and never written again.
 */
export class ChangeLog {
  readonly #appender: NdjsonAppender<BatchMeta>;
  #segment: OpenSegment | null;
  readonly #sealed: SealedSegment[];
  #hwm: FileHandle | null = null;
  readonly #maxEntries: number;

  constructor(private readonly options: ChangeLogOptions) {
    this.#segment = options.openSegment ? { ...options.openSegment } : null;
    this.#sealed = [...options.sealed];
    this.#maxEntries = options.segmentMaxEntries ?? 10_000;
    this.#appender = new NdjsonAppender<BatchMeta>({
      file: this.#segment?.file ?? join(options.folder, segmentName(1)),
      mode: 0o600,
      beforeBatch: (batch) => this.#prepareSegment(batch[0]!.firstSeq),
      afterBatch: (batch) => this.#advanceHighWaterMark(batch.at(-1)!.lastSeq, batch),
      ...(options.reachabilityProblem ? { reachabilityProblem: options.reachabilityProblem } : {}),
    });
  }

  /**
   * Appends changes with consecutive seqs as one unit. Resolves with their positions once they
   * are durable and the high-water mark covers them; rejects (AppendError) with none of them
   * kept when the write fails.
   */
  append(entries: readonly ChangeLogEntry[]): Promise<LinePosition[]> {
    const first = entries[0];
    if (!first) return Promise.resolve([]);
    return this.#appender.append(
      entries.map((entry) => sealJsonLine(entry)),
      { firstSeq: first.seq, lastSeq: entries.at(-1)!.seq, count: entries.length },
    );
  }

  /** Null while changes are taken; else why not. */
  get problem() {
    return this.#appender.problem;
  }

  get stopped(): boolean {
    return this.#appender.stopped;
  }

  /** See NdjsonAppender.probe: whether changes are taken again after a refused write. */
  probe(): Promise<boolean> {
    return this.#appender.probe();
  }

  stop(reason: string): void {
    this.#appender.stop(reason);
  }

  /** How many write + fdatasync rounds have run (each carries one or more changes). */
  get writeCount(): number {
    return this.#appender.writeCount;
  }

  get sealed(): readonly SealedSegment[] {
    return this.#sealed;
  }

  async drain(): Promise<void> {
    await this.#appender.drain();
  }

  async close(): Promise<void> {
    await this.#appender.close();
    await this.#hwm?.close();
    this.#hwm = null;
  }

  async #prepareSegment(firstSeqOfBatch: number): Promise<void> {
    if (this.#segment && this.#segment.count >= this.#maxEntries) {
      await this.#seal(this.#segment);
      this.#segment = null;
    }
    if (!this.#segment) {
      this.#segment = {
        file: join(this.options.folder, segmentName(firstSeqOfBatch)),
        firstSeq: firstSeqOfBatch,
        count: 0,
      };
    }
    await this.#appender.useFile(this.#segment.file);
  }

  async #seal(segment: OpenSegment): Promise<void> {
    const bytes = (await stat(segment.file)).size;
    const sealed: SealedSegment = {
      name: segment.file.slice(this.options.folder.length + 1),
      firstSeq: segment.firstSeq,
      lastSeq: segment.firstSeq + segment.count - 1,
      bytes,
      crc: await fileCrc(segment.file),
    };
    await segmentsManifest(this.options.folder).write({ sealed: [...this.#sealed, sealed] });
    this.#sealed.push(sealed);
    this.options.onSealed?.(sealed);
  }

  async #advanceHighWaterMark(lastSeq: number, batch: readonly BatchMeta[]): Promise<void> {
    // Opened without truncating: the record is overwritten in place, never emptied.
    this.#hwm ??= await open(
      join(this.options.folder, HIGH_WATER_MARK_FILE),
      constants.O_RDWR | constants.O_CREAT,
      0o600,
    );
    const record = Buffer.from(highWaterMarkRecord(lastSeq, crcHex));
    await this.#hwm.write(record, 0, record.length, 0);
    await this.#hwm.datasync();
    // Only now the batch counts as written into the segment.
    for (const meta of batch) this.#segment!.count += meta.count;
  }
}

export function crcHex(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}

/** CRC-32 of a whole file, streamed. */
export async function fileCrc(file: string): Promise<string> {
  let crc = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    crc = crc32(chunk as Buffer, crc);
  }
  return crc.toString(16).padStart(8, '0');
}
