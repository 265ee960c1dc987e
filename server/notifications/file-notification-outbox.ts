import { NdjsonJournal, parseJournal, readJournalText } from '../store/ndjson-journal';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import { sealJsonLineInSlices } from '../store/line-checksum';
import type { CloseWindowOptions, UpdateOptions } from './notification-outbox';
import type { NotificationRecord } from './notification-record';
import type { PassengerToldState } from './notification-rules';
import { outboxChangeSchema, type OutboxChange } from './outbox-state';

export interface FileNotificationOutboxOptions {
  /** Compact when the journal holds this many more lines than live entries. Default 5000. */
  compactAfterExtraLines?: number;
  /** After a refused write, how often the folder is tried again (default 1 s). */
  probeMs?: number;
}

/** A write refused because an earlier one failed and the journal has not recovered yet. */
export class JournalPausedError extends Error {
  override name = 'JournalPausedError';
}

/**
 * The durable NotificationOutbox: the memory one with every change journalled (an fsync'd NDJSON
 * journal of OutboxChanges, replayed at open) before it is acknowledged. A record is written `sending` before the provider is called and `sent` /
 * `failed` after, so a restart never sends a `sent` record again; only a record still `sending`
 * at restart is ambiguous (see NotificationDispatcher.start).
 *
 * A change is applied in memory before it is durable (reads see it at once). So when a write
 * fails (a full disk), memory holds what the disk does not: the outbox then refuses every write
 * (`writable` is false, JournalPausedError), reads the journal again — memory becomes exactly
 * what is durable, so nothing is ever sent from a record that was never stored — and tries the
 * folder every `probeMs` until it takes writes; then its `onResumed` listeners run.
 */
export class FileNotificationOutbox extends MemoryNotificationOutbox {
  private journal!: NdjsonJournal<OutboxChange>;
  private readonly compactAfterExtraLines: number;
  private readonly probeMs: number;
  #recovery: Promise<void> | null = null;
  readonly #resumeListeners: (() => void)[] = [];
  #closed = false;

  private constructor(options: FileNotificationOutboxOptions) {
    super();
    this.compactAfterExtraLines = options.compactAfterExtraLines ?? 5000;
    this.probeMs = options.probeMs ?? 1_000;
  }

  /** Opens the journal at `path` (created if missing). A corrupt file is refused, never overwritten. */
  static async open(
    path: string,
    options: FileNotificationOutboxOptions = {},
  ): Promise<FileNotificationOutbox> {
    const outbox = new FileNotificationOutbox(options);
    outbox.journal = await NdjsonJournal.open(path, outboxChangeSchema, (change) =>
      outbox.state.apply(change),
    );
    return outbox;
  }

  /** False from a failed write until the state was read again and the folder takes writes. */
  override get writable(): boolean {
    return this.#recovery === null && !this.#closed;
  }

  /** Told each time the outbox takes writes again after a failed one (its state re-read). */
  override onResumed(listener: () => void): void {
    this.#resumeListeners.push(listener);
  }

  /**
   * A window's line (up to 1,200 records) is encoded first, over several turns of the event loop
   * when a `slicer` is given; then, in one turn, checked, applied and queued for the journal — so
   * the journal holds changes in the order they were applied, and nothing that was not applied.
   */
  override async closeWindow(
    flightId: string,
    records: readonly NotificationRecord[],
    told: readonly PassengerToldState[],
    options: CloseWindowOptions = {},
  ): Promise<boolean> {
    const change: OutboxChange = {
      t: 'window-closed',
      flightId,
      records: [...records],
      told: [...told],
    };
    const sealed = options.slicer ? await sealJsonLineInSlices(change, options.slicer) : undefined;
    if (options.stillWanted?.() === false) return false;
    this.assertNew(records);
    await this.commit(change, {}, sealed);
    return true;
  }

  /**
   * Applies in memory at once (reads see it), resolves when journalled. `sealed`: the change's
   * line, encoded already (sealJsonLine's text as UTF-8 bytes).
   */
  protected override async commit(
    change: OutboxChange,
    options: UpdateOptions = {},
    sealed?: Buffer,
  ) {
    if (this.#recovery) {
      throw new JournalPausedError(
        `${this.journal.path}: a write failed; notifications wait until the folder takes writes again`,
      );
    }
    this.state.apply(change);
    try {
      if (sealed !== undefined) await this.journal.appendSealed(sealed);
      else if (options.promptly) await this.journal.appendPromptly(change);
      else await this.journal.append(change);
    } catch (error) {
      this.#recover();
      throw error;
    }
    // Retention: the personal data must leave the disk now, not at the next compaction.
    if (change.t === 'pruned') return this.compact();
    const live = this.state.liveChangeCount;
    // Proportional slack: a big live state is not rewritten in the middle of its own burst
    // (each notification takes about two more lines — sending, sent — after it is created).
    if (this.journal.lineCount > live + Math.max(this.compactAfterExtraLines, 2 * live)) {
      // The change is durable whatever happens here: a failed compaction leaves the journal
      // whole, and the next one tries again.
      await this.compact().catch(() => undefined);
    }
  }

  /**
   * After a failed write: refuse writes, let the writes under way settle, read the journal again
   * (memory = what is durable), then wait for the folder to take writes. A journal that cannot
   * be read again (the appender stopped: what is on disk is unknown) keeps refusing until the
   * hub is restarted.
   */
  #recover(): void {
    if (this.#recovery || this.#closed) return;
    this.#recovery = (async () => {
      await this.journal.flush();
      const { entries } = parseJournal(
        this.journal.path,
        await readJournalText(this.journal.path),
        outboxChangeSchema,
      );
      this.state.clear();
      for (const entry of entries) this.state.apply(entry);
      this.journal.lineCount = entries.length;
      while (!this.#closed && !(await this.journal.probe())) {
        await new Promise((resolve) => setTimeout(resolve, this.probeMs));
      }
    })().then(
      () => {
        if (this.#closed) return;
        this.#recovery = null;
        for (const listener of this.#resumeListeners) listener();
      },
      () => undefined, // stays paused: see above
    );
  }

  /** Rewrites the journal as the live state only. */
  compact(): Promise<void> {
    return this.journal.compact(this.state.liveChanges());
  }

  /** Waits for pending writes, then closes the file. */
  override close(): Promise<void> {
    this.#closed = true;
    return this.journal.close();
  }
}
