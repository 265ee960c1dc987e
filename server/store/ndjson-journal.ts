import { readFile } from 'node:fs/promises';
import type { ZodType } from 'zod';
import { describeZodError } from '../../core';
import { DataFolderError } from './data-folder-error';
import { writeDurably } from './durable-json-file';
import { checkJsonLine, sealJsonLine } from './line-checksum';
import { NdjsonAppender, truncateToLastGoodLine } from './ndjson-appender';

export interface NdjsonJournalOptions {
  /** The owner's check that its data folder is still there (see NdjsonAppender). */
  reachabilityProblem?: () => Promise<string | null>;
}

/**
 * An append-only, compacted journal of JSON records (the notification outbox's, the feed's
 * results, the passengers' own settings), written through the hub's one NdjsonAppender and its
 * failure rules (group commit; a failed write or a torn line cut back to the last good offset;
 * fail-stop when that fails or the file is gone), each record with its CRC-32. `compact` replaces
 * the file with writeDurably; appends made meanwhile wait and go to the new file.
 */
export class NdjsonJournal<Entry extends object> {
  #compacting: Promise<void> | null = null;
  #closed = false;
  /** Lines in the file; the owner compares it with its live entry count to decide on compaction. */
  lineCount = 0;

  private constructor(
    readonly path: string,
    private readonly appender: NdjsonAppender,
  ) {}

  /**
   * Opens (creating if missing) and replays the journal. Every record is checked (checksum, JSON,
   * shape) before anything is changed; then a torn last line — a crash in the middle of a write,
   * never acknowledged — is cut off. Any other unreadable line is refused, naming the file and
   * line, and the file is left as it is. Records without a checksum (written before checksums
   * existed) are taken only before the first checksummed one.
   */
  static async open<Entry extends object>(
    path: string,
    schema: ZodType<Entry>,
    replay: (entry: Entry) => void,
    options: NdjsonJournalOptions = {},
  ): Promise<NdjsonJournal<Entry>> {
    const text = await readJournalText(path);
    const { entries, torn } = parseJournal(path, text, schema);
    for (const entry of entries) replay(entry);
    if (torn !== '') {
      await truncateToLastGoodLine(path, Buffer.byteLength(text) - Buffer.byteLength(torn));
    }
    const appender = new NdjsonAppender({
      file: path,
      mode: 0o600,
      ...(options.reachabilityProblem ? { reachabilityProblem: options.reachabilityProblem } : {}),
    });
    const journal = new NdjsonJournal<Entry>(path, appender);
    journal.lineCount = entries.length;
    return journal;
  }

  /** Durable when resolved; refused (AppendError) with nothing of it kept when the write fails. */
  append(...entries: Entry[]): Promise<void> {
    return this.#append(entries, false);
  }

  /**
   * Like `append`, in a small batch of its own ahead of the `append` entries waiting (a send's
   * outcome: a crash then repeats at most the sends under way). Only for entries that need no
   * order against those waiting (see FileNotificationOutbox.update).
   */
  appendPromptly(...entries: Entry[]): Promise<void> {
    return this.#append(entries, true);
  }

  /**
   * Like `append`, for one entry its owner encoded already (sealJsonLineInSlices: a big entry
   * encoded over several turns of the event loop). `line` must be exactly sealJsonLine(entry),
   * as text or as its UTF-8 bytes.
   */
  appendSealed(line: string | Buffer): Promise<void> {
    return this.#appendLines([line], false);
  }

  #append(entries: Entry[], promptly: boolean): Promise<void> {
    if (entries.length === 0 && !this.#closed) return Promise.resolve();
    return this.#appendLines(
      entries.map((entry) => sealJsonLine(entry)),
      promptly,
    );
  }

  #appendLines(lines: Array<string | Buffer>, promptly: boolean): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`${this.path}: journal is closed`));
    this.lineCount += lines.length;
    // While a compaction rewrites the file, appends wait: written to the old file, the rename
    // would lose them.
    const write = () => this.appender.append(lines, undefined, { promptly }).then(() => undefined);
    // A failed compaction left the old file whole: the append goes to it.
    return this.#compacting ? this.#compacting.then(write, write) : write();
  }

  /** Null while records are taken; else why not. */
  get problem() {
    return this.appender.problem;
  }

  /** After a refused write: whether the folder takes writes again (see NdjsonAppender.probe). */
  probe(): Promise<boolean> {
    return this.appender.probe();
  }

  /**
   * Rewrites the journal as `entries`, atomically. `entries` must be the live state taken when
   * this is called; appends made meanwhile wait and are written after it.
   */
  compact(entries: readonly Entry[]): Promise<void> {
    if (this.#compacting || this.#closed) return this.#compacting ?? Promise.resolve();
    const text = entries.map((entry) => `${sealJsonLine(entry)}\n`).join('');
    this.#compacting = this.#rewrite(text, entries.length).finally(() => {
      this.#compacting = null;
    });
    return this.#compacting;
  }

  async #rewrite(text: string, count: number): Promise<void> {
    await this.appender.drain();
    await writeDurably(this.path, text, 0o600);
    await this.appender.useFile(this.path, { reopen: true });
    this.lineCount = count;
  }

  /** Waits for every append made so far to be durable (or refused). */
  async flush(): Promise<void> {
    while (this.#compacting) await this.#compacting;
    await this.appender.drain();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    this.#closed = true;
    await this.appender.close();
  }
}

/** The journal's text ('' when it does not exist yet). */
export async function readJournalText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new DataFolderError(path, `cannot be read (${(error as Error).message})`);
  }
}

/**
 * Checks every record of a journal's text (checksum, JSON, shape) without changing anything.
 * `torn` is the text after the last newline (a write cut short by a crash), '' when none.
 */
export function parseJournal<Entry>(
  path: string,
  text: string,
  schema: ZodType<Entry>,
): { entries: Entry[]; torn: string } {
  const lines = text.split('\n');
  const torn = lines.pop() ?? '';
  const entries: Entry[] = [];
  let sealedSeen = false;
  let byteOffset = 0;
  lines.forEach((line, index) => {
    const lineOffset = byteOffset;
    byteOffset += Buffer.byteLength(line) + 1;
    if (line.trim() === '') return;
    const refuse = (problem: string) =>
      new DataFolderError(
        path,
        `line ${index + 1} ${problem}; see server/README.md ("When the hub refuses to start")`,
        { kind: 'damaged-journal-line', file: path, byteOffset: lineOffset, line: index + 1 },
      );
    const checked = checkJsonLine(line);
    if (!checked.ok) throw refuse(`is damaged: ${checked.problem}`);
    if (!checked.sealed && sealedSeen) throw refuse('has no checksum');
    sealedSeen ||= checked.sealed;
    let json: unknown;
    try {
      json = JSON.parse(checked.text);
    } catch (error) {
      throw refuse(`is not valid JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw refuse(`is not a valid entry: ${describeZodError(parsed.error, 'entry')}`);
    }
    entries.push(parsed.data);
  });
  return { entries, torn };
}
