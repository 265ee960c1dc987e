import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

type Pending = { line: string; resolve: () => void; reject: (error: unknown) => void };

/**
 * An append-only file of JSON lines, each written and fsync'd before `append` resolves.
 * Appends that arrive while a write is under way are committed together (one fsync for all).
 * `compact` replaces the file atomically (temp file, fsync, rename, fsync of the folder).
 *
 * Two lanes: `appendPromptly` entries (small, e.g. a send's outcome) are written in their own
 * batch ahead of the `append` entries waiting, so they never wait behind a big batch that has
 * not started yet — only behind the one write under way. The owner uses it only for entries
 * that need no ordering against those waiting (see FileNotificationOutbox.update).
 */
export class NdjsonJournal<Entry> {
  private waiting: Pending[] = [];
  private waitingPromptly: Pending[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;
  private compacting = false;
  private compaction: Promise<void> | null = null;
  /** Lines in the file; the owner compares it with its live entry count to decide on compaction. */
  lineCount = 0;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
  ) {}

  /**
   * Opens (creating if missing) and replays the journal. A torn last line — a crash in the middle
   * of a write, never acknowledged — is dropped; any other unreadable line is an error naming the
   * file and line, and the file is left as it is.
   */
  static async open<Entry>(
    path: string,
    parse: (value: unknown) => Entry,
    replay: (entry: Entry) => void,
  ): Promise<NdjsonJournal<Entry>> {
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = text.split('\n');
    const torn = lines.pop() ?? ''; // text after the last newline: '' unless a write was torn
    let lineCount = 0;
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let entry: Entry;
      try {
        entry = parse(JSON.parse(line));
      } catch (error) {
        throw new Error(
          `${path}: line ${index + 1} is not a valid entry: ${(error as Error).message}`,
        );
      }
      replay(entry);
      lineCount += 1;
    });
    const handle = await open(path, 'a+');
    if (torn !== '') await handle.truncate(Buffer.byteLength(text) - Buffer.byteLength(torn));
    const journal = new NdjsonJournal<Entry>(path, handle);
    journal.lineCount = lineCount;
    return journal;
  }

  append(...entries: Entry[]): Promise<void> {
    return this.enqueue(this.waiting, entries);
  }

  /** Like `append`, in a small batch of its own ahead of the `append` entries waiting. */
  appendPromptly(...entries: Entry[]): Promise<void> {
    return this.enqueue(this.waitingPromptly, entries);
  }

  private enqueue(lane: Pending[], entries: Entry[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.path}: journal is closed`));
    if (entries.length === 0) return Promise.resolve();
    const line = entries.map((entry) => JSON.stringify(entry) + '\n').join('');
    const done = new Promise<void>((resolve, reject) => lane.push({ line, resolve, reject }));
    this.lineCount += entries.length;
    if (!this.compacting) this.writing ??= this.drain();
    return done;
  }

  private takeBatch(): Pending[] {
    const prompt = this.waitingPromptly.length > 0;
    const batch = prompt ? this.waitingPromptly : this.waiting;
    if (prompt) this.waitingPromptly = [];
    else this.waiting = [];
    return batch;
  }

  private async drain(): Promise<void> {
    try {
      // Stops while compacting: lines written to the old file now would be lost by the rename.
      while (this.waiting.length + this.waitingPromptly.length > 0 && !this.compacting) {
        const batch = this.takeBatch();
        try {
          await this.handle.appendFile(batch.map((item) => item.line).join(''), 'utf8');
          await this.handle.datasync();
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.writing = null;
    }
  }

  /**
   * Rewrites the journal as `entries`, atomically. `entries` must be the live state taken when
   * this is called; appends made meanwhile wait and are written after it.
   */
  compact(entries: readonly Entry[]): Promise<void> {
    if (this.compaction || this.closed) return this.compaction ?? Promise.resolve();
    this.compaction = this.rewrite(entries).finally(() => {
      this.compaction = null;
    });
    return this.compaction;
  }

  private async rewrite(entries: readonly Entry[]): Promise<void> {
    this.compacting = true;
    const appendedMeanwhile = this.waiting.length + this.waitingPromptly.length;
    try {
      if (this.writing) await this.writing;
      const temp = `${this.path}.${process.pid}.compact`;
      const out = await open(temp, 'w');
      try {
        await out.writeFile(entries.map((entry) => JSON.stringify(entry) + '\n').join(''), 'utf8');
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(temp, this.path);
      await syncFolder(dirname(this.path));
      await this.handle.close();
      this.handle = await open(this.path, 'a+');
      this.lineCount = entries.length + appendedMeanwhile;
    } finally {
      this.compacting = false;
      if (this.waiting.length + this.waitingPromptly.length > 0) this.writing ??= this.drain();
    }
  }

  /** Waits for every append made so far to be durable. */
  async flush(): Promise<void> {
    while (this.writing || this.compaction) await (this.writing ?? this.compaction);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.handle.close();
  }
}

async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    await folder.close();
  }
}
