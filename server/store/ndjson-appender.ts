import { open, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncFolder, writeDurably } from './durable-json-file';

/** Where one appended line is: its file, byte offset and length (newline included). */
export interface LinePosition {
  file: string;
  offset: number;
  length: number;
}

/** Why appends are refused: the write failed (and was undone), or the appender stopped for good. */
export class AppendError extends Error {
  override name = 'AppendError';
  constructor(
    message: string,
    /** False: the failed write was cut back off the file and a later append may succeed. */
    readonly fatal: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface NdjsonAppenderOptions<M> {
  file: string;
  /** File mode when the file is created (personal data and secrets: 0600). */
  mode?: number;
  /**
   * Runs inside the write loop before each batch, with the batch's metadata: the owner may switch
   * to another file here (`useFile`), e.g. a change log rolling over to a new segment.
   */
  beforeBatch?: (batch: readonly M[]) => Promise<void>;
  /**
   * Runs after the batch is durable and before it is acknowledged (e.g. the change log's
   * high-water mark). If it throws, the batch is undone and refused like a failed write.
   */
  afterBatch?: (batch: readonly M[]) => Promise<void>;
  /**
   * Checked after every fdatasync, before anything is acknowledged: a reason the data just
   * written is not reachable any more (the data folder was deleted or replaced), or null.
   */
  reachabilityProblem?: () => Promise<string | null>;
}

interface Pending<M> {
  lines: Array<string | Buffer>;
  meta: M;
  resolve: (positions: LinePosition[]) => void;
  reject: (error: Error) => void;
}

const NEWLINE = Buffer.from('\n');

/**
 * The one append-only NDJSON writer of the hub (the change log and the notification journal):
 * group commit, one set of failure rules.
 *
 * - Group commit: every append that arrives while a write is under way, or in the same tick, goes
 *   out in the next single write + fdatasync; their promises settle together, only after it.
 * - A failed write or fdatasync leaves nothing half-written: the file is cut back to its last
 *   good offset (and that is synced), every append of the batch and behind it is refused, and
 *   the next append tries again — a full disk that is freed resumes by itself. If the cut itself
 *   fails, what is on disk is unknown: the appender stops for good (fail-stop).
 * - A torn last line found when a file is opened (a crash in the middle of an append, never
 *   acknowledged) is cut off the same way: `truncateToLastGoodLine`. Every other unreadable
 *   line is refused by the file's reader, naming it, and the file is left as it is.
 * - After each fdatasync the file is checked to still be reachable (not unlinked, not replaced
 *   at its path, and the owner's own check, e.g. the data folder's identity): otherwise the batch
 *   is refused and the appender stops, so nothing written to a deleted file is acknowledged.
 */
export class NdjsonAppender<M = undefined> {
  #queue: Pending<M>[] = [];
  /** Small appends that go in a batch of their own ahead of the queue (see `append`). */
  #promptQueue: Pending<M>[] = [];
  #flushing: Promise<void> | null = null;
  #handle: FileHandle | null = null;
  #file: string;
  #size = -1;
  #stopped: AppendError | null = null;
  #lastFailure: AppendError | null = null;
  #writes = 0;

  constructor(private readonly options: NdjsonAppenderOptions<M>) {
    this.#file = options.file;
  }

  get file(): string {
    return this.#file;
  }

  /** Bytes in the current file that are durable. */
  get size(): number {
    return this.#size;
  }

  /** How many write + fdatasync rounds have succeeded. */
  get writeCount(): number {
    return this.#writes;
  }

  /** Null while appends are taken; else why not (a refusal that may pass, or a stop). */
  get problem(): AppendError | null {
    return this.#stopped ?? this.#lastFailure;
  }

  get stopped(): boolean {
    return this.#stopped !== null;
  }

  /**
   * Appends `lines` (each without its newline; text, or its UTF-8 bytes) as one unit: all of
   * them are durable when the promise resolves with their positions, none of them is in the file
   * when it rejects.
   */
  append(
    lines: ReadonlyArray<string | Buffer>,
    meta: M,
    options: { promptly?: boolean } = {},
  ): Promise<LinePosition[]> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return new Promise((resolve, reject) => {
      // `promptly`: written in a small batch of its own ahead of everything waiting (a send's
      // outcome must not wait behind a big batch that has not started). Only for appends that
      // need no order against those waiting.
      (options.promptly ? this.#promptQueue : this.#queue).push({
        lines: [...lines],
        meta,
        resolve,
        reject,
      });
      this.#flushing ??= new Promise((done) => setImmediate(done)).then(() => this.#flushAll());
    });
  }

  /**
   * Switches to another file, or reopens this one after it was replaced on purpose (a
   * compaction's rename). Call from `beforeBatch`, or while nothing is queued.
   */
  async useFile(file: string, options: { reopen?: boolean } = {}): Promise<void> {
    if (file === this.#file && this.#handle && !options.reopen) return;
    await this.#handle?.close();
    this.#handle = null;
    this.#file = file;
    this.#size = -1;
  }

  /** Resolves once everything appended so far is durable (or refused). */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.#handle?.close();
    this.#handle = null;
  }

  /**
   * After a refused write: tries whether the file's folder takes a write again (a probe file of
   * `bytes`, synced and removed). If it does, the refusal is cleared and appends are taken; the
   * next real append is still the proof. Returns whether appends are taken now.
   */
  async probe(bytes = 16 * 1024): Promise<boolean> {
    if (this.#stopped) return false;
    if (!this.#lastFailure) return true;
    const probeFile = join(dirname(this.#file), '.write-probe');
    try {
      const handle = await open(probeFile, 'w', 0o600);
      try {
        await handle.writeFile(Buffer.alloc(bytes));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      this.#lastFailure = null;
      return true;
    } catch {
      return false;
    } finally {
      await rm(probeFile, { force: true }).catch(() => undefined);
    }
  }

  /** Stops taking appends for good, e.g. when the owner found its folder gone. */
  stop(reason: string): void {
    this.#stopped ??= new AppendError(reason, true);
  }

  async #flushAll(): Promise<void> {
    try {
      while (this.#queue.length + this.#promptQueue.length > 0 && !this.#stopped) {
        const batch =
          this.#promptQueue.length > 0 ? this.#promptQueue.splice(0) : this.#queue.splice(0);
        await this.#writeBatch(batch);
      }
      if (this.#stopped) {
        for (const item of [...this.#promptQueue.splice(0), ...this.#queue.splice(0)]) {
          item.reject(this.#stopped);
        }
      }
    } finally {
      this.#flushing = null;
    }
  }

  async #writeBatch(batch: Pending<M>[]): Promise<void> {
    let goodSize = -1;
    try {
      await this.options.beforeBatch?.(batch.map((item) => item.meta));
      const handle = await this.#open();
      goodSize = this.#size;
      const positions: LinePosition[][] = [];
      let offset = goodSize;
      const chunks: Buffer[] = [];
      for (const item of batch) {
        const itemPositions: LinePosition[] = [];
        for (const line of item.lines) {
          const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
          const length = bytes.length + 1;
          itemPositions.push({ file: this.#file, offset, length });
          chunks.push(bytes, NEWLINE);
          offset += length;
        }
        positions.push(itemPositions);
      }
      await handle.appendFile(Buffer.concat(chunks, offset - goodSize));
      await handle.datasync();
      const unreachable = await this.#reachabilityProblem(handle);
      if (unreachable) {
        this.#stopped = new AppendError(unreachable, true);
        for (const item of batch) item.reject(this.#stopped);
        return;
      }
      await this.options.afterBatch?.(batch.map((item) => item.meta));
      this.#size = offset;
      this.#writes += 1;
      this.#lastFailure = null;
      batch.forEach((item, index) => item.resolve(positions[index]!));
    } catch (error) {
      const failure = await this.#undo(goodSize, error);
      for (const item of batch) item.reject(failure);
      // What waits behind a failed write is refused too: it was decided on state that included
      // the refused changes.
      for (const item of [...this.#promptQueue.splice(0), ...this.#queue.splice(0)]) {
        item.reject(failure);
      }
    }
  }

  /** Cuts the file back to its last good size after a failed write; stops if that fails. */
  async #undo(goodSize: number, cause: unknown): Promise<AppendError> {
    const reason = (cause as Error)?.message ?? String(cause);
    if (goodSize < 0 || !this.#handle) {
      // Failed before anything was written (opening the file, the owner's roll-over).
      this.#lastFailure = new AppendError(`${this.#file}: ${reason}`, false, { cause });
      await this.#handle?.close().catch(() => undefined);
      this.#handle = null;
      this.#size = -1;
      return this.#lastFailure;
    }
    try {
      await cutBack(this.#handle, goodSize);
      this.#lastFailure = new AppendError(
        `${this.#file}: write failed (${reason}); nothing of it was kept`,
        false,
        { cause },
      );
      return this.#lastFailure;
    } catch (truncateError) {
      this.#stopped = new AppendError(
        `${this.#file}: write failed (${reason}) and could not be undone ` +
          `(${(truncateError as Error).message}); restart the hub to re-read the file`,
        true,
        { cause },
      );
      return this.#stopped;
    }
  }

  async #open(): Promise<FileHandle> {
    if (this.#handle) return this.#handle;
    const handle = await open(this.#file, 'a', this.options.mode ?? 0o600);
    try {
      const { size } = await handle.stat();
      // A new file's directory entry must survive a power cut too.
      if (size === 0) await syncFolder(dirname(this.#file));
      this.#size = size;
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.#handle = handle;
    return handle;
  }

  async #reachabilityProblem(handle: FileHandle): Promise<string | null> {
    const [opened, atPath] = await Promise.all([handle.stat(), stat(this.#file).catch(() => null)]);
    if (opened.nlink === 0 || !atPath) {
      return `${this.#file} was deleted while the hub was writing it; nothing written since is reachable`;
    }
    if (atPath.ino !== opened.ino || atPath.dev !== opened.dev) {
      return `${this.#file} was replaced by another file while the hub was writing it`;
    }
    return (await this.options.reachabilityProblem?.()) ?? null;
  }
}

/**
 * Cuts what follows the last good line off `file` (a torn line: a crash in the middle of an
 * append, never acknowledged; or, by hub:recover, a damaged one): it is truncated to `goodBytes`
 * and synced. With `sideFile`, the bytes cut are first kept there (synced with its folder).
 */
export async function truncateToLastGoodLine(
  file: string,
  goodBytes: number,
  sideFile?: string,
): Promise<void> {
  if (sideFile !== undefined) {
    const bytes = await readFile(file);
    await writeDurably(sideFile, bytes.subarray(goodBytes), 0o600);
  }
  const handle = await open(file, 'r+');
  try {
    await cutBack(handle, goodBytes);
  } finally {
    await handle.close();
  }
}

/** The file's last good offset, made durable: what both a failed write and a torn line get. */
async function cutBack(handle: FileHandle, goodBytes: number): Promise<void> {
  await handle.truncate(goodBytes);
  await handle.datasync();
}
