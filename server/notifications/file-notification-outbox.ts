import { z } from 'zod';
import { NdjsonJournal, parseJournal, readJournalText } from './ndjson-journal';
import { IndexedNotificationOutbox } from './indexed-outbox';
import type { PassengerToldState, PendingFlightNotice } from './notification-rules';
import {
  notificationRecordSchema,
  type NotificationRecord,
  type OptOut,
  type OptOutRegistry,
  type UpdateOptions,
} from './outbox';

const isoInstant = z.iso.datetime({ offset: true });
const toldSchema = z.object({
  gate: z.string().nullable(),
  etd: isoInstant,
  status: z.enum(['BOARDING', 'CANCELLED']).nullable(),
});
const passengerToldSchema = z.object({ pnr: z.string().min(1), told: toldSchema });
const pendingSchema = z.object({
  flightId: z.string().min(1),
  before: toldSchema,
  firstChangeAt: isoInstant,
  lastChangeAt: isoInstant,
  dueAt: isoInstant,
});

/** One line of the journal: an upsert of one piece of state. */
export const journalEntrySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('notification'), record: notificationRecordSchema }),
  z.object({
    t: z.literal('opt-out'),
    phone: z.string().min(1),
    reason: z.string(),
    at: isoInstant,
  }),
  /** A window opened or slid by hub change `seq`. */
  z.object({
    t: z.literal('window'),
    pending: pendingSchema,
    seq: z.number().int().positive().optional(),
  }),
  /** Every hub change up to `seq` has been absorbed (written at a clean stop and compaction). */
  z.object({ t: z.literal('absorbed'), seq: z.number().int().nonnegative() }),
  /** A window closed: its records, the passengers' new told states, in one atomic line. */
  z.object({
    t: z.literal('window-closed'),
    flightId: z.string().min(1),
    records: z.array(notificationRecordSchema),
    told: z.array(passengerToldSchema),
  }),
  /** Told states without a window (compaction writes them this way). */
  z.object({
    t: z.literal('told'),
    flightId: z.string().min(1),
    told: z.array(passengerToldSchema),
  }),
  /** Retention: these flights' records (but those being sent), windows and told states go. */
  z.object({ t: z.literal('pruned'), flightIds: z.array(z.string().min(1)) }),
]);
type JournalEntry = z.infer<typeof journalEntrySchema>;

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
 * The durable NotificationOutbox (and NoticeStateStore): an fsync'd NDJSON journal of upserts,
 * replayed at open. A record is written `sending` before the provider is called and `sent` /
 * `failed` after, so a restart never sends a `sent` record again; only a record still `sending`
 * at restart is ambiguous (see NotificationDispatcher.start).
 *
 * A change is applied in memory before it is durable (reads see it at once). So when a write
 * fails (a full disk), memory holds what the disk does not: the outbox then refuses every write
 * (`writable` is false, JournalPausedError), reads the journal again — memory becomes exactly
 * what is durable, so nothing is ever sent from a record that was never stored — and tries the
 * folder every `probeMs` until it takes writes; then its `onResumed` listeners run.
 */
export class FileNotificationOutbox extends IndexedNotificationOutbox {
  private journal!: NdjsonJournal<JournalEntry>;
  private readonly compactAfterExtraLines: number;
  private readonly probeMs: number;
  #recovery: Promise<void> | null = null;
  readonly #resumeListeners: (() => void)[] = [];
  #closed = false;

  readonly optOuts: OptOutRegistry = {
    isOptedOut: (phone) => this.index.optOuts.has(phone),
    get: (phone) => this.index.optOuts.get(phone),
    optOut: (entry) => this.write({ t: 'opt-out', ...entry }),
  };

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
    outbox.journal = await NdjsonJournal.open(path, journalEntrySchema, (entry) =>
      outbox.apply(entry),
    );
    return outbox;
  }

  private apply(entry: JournalEntry): void {
    switch (entry.t) {
      case 'notification':
        this.index.upsert(entry.record);
        break;
      case 'opt-out':
        this.index.optOuts.set(entry.phone, {
          phone: entry.phone,
          reason: entry.reason,
          at: entry.at,
        });
        break;
      case 'window':
        this.state.pending.set(entry.pending.flightId, entry.pending);
        this.state.absorb(entry.seq);
        break;
      case 'absorbed':
        this.state.absorb(entry.seq);
        break;
      case 'window-closed':
        for (const record of entry.records) this.index.upsert(record);
        this.state.setTold(entry.flightId, entry.told);
        this.state.pending.delete(entry.flightId);
        break;
      case 'told':
        this.state.setTold(entry.flightId, entry.told);
        break;
      case 'pruned':
        this.index.removeFlights(entry.flightIds);
        this.state.removeFlights(entry.flightIds);
        break;
    }
  }

  /** False from a failed write until the state was read again and the folder takes writes. */
  get writable(): boolean {
    return this.#recovery === null && !this.#closed;
  }

  /** Told each time the outbox takes writes again after a failed one (its state re-read). */
  onResumed(listener: () => void): void {
    this.#resumeListeners.push(listener);
  }

  /** Applies in memory at once (reads see it), resolves when durable. */
  private async write(entry: JournalEntry, options: UpdateOptions = {}): Promise<void> {
    if (this.#recovery) {
      throw new JournalPausedError(
        `${this.journal.path}: a write failed; notifications wait until the folder takes writes again`,
      );
    }
    this.apply(entry);
    try {
      await (options.promptly ? this.journal.appendPromptly(entry) : this.journal.append(entry));
    } catch (error) {
      this.#recover();
      throw error;
    }
    const live = this.liveEntryCount();
    // Proportional slack: a big live state is not rewritten in the middle of its own burst
    // (each notification takes about two more lines — sending, sent — after it is created).
    if (this.journal.lineCount > live + Math.max(this.compactAfterExtraLines, 2 * live)) {
      // The entry is durable whatever happens here: a failed compaction leaves the journal
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
        journalEntrySchema,
      );
      this.index.clear();
      this.state.clear();
      for (const entry of entries) this.apply(entry);
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

  private liveEntryCount(): number {
    return (
      this.index.size + this.index.optOuts.size + this.state.pending.size + this.state.told.size
    );
  }

  /** Rewrites the journal as the live state only. */
  compact(): Promise<void> {
    const entries: JournalEntry[] = [
      { t: 'absorbed', seq: this.state.absorbedSeq },
      ...[...this.index.optOuts.values()].map((o): JournalEntry => ({ t: 'opt-out', ...o })),
      ...this.index.all().map((record): JournalEntry => ({ t: 'notification', record })),
      ...[...this.state.told].map(([flightId, byPnr]): JournalEntry => ({
        t: 'told',
        flightId,
        told: [...byPnr].map(([pnr, told]) => ({ pnr, told })),
      })),
      ...[...this.state.pending.values()].map((pending): JournalEntry => ({
        t: 'window',
        pending,
      })),
    ];
    return this.journal.compact(entries);
  }

  async add(records: readonly NotificationRecord[]): Promise<void> {
    this.assertNew(records);
    await Promise.all(records.map((record) => this.write({ t: 'notification', record })));
  }

  async update(record: NotificationRecord, options?: UpdateOptions): Promise<void> {
    this.assertExists(record);
    await this.write({ t: 'notification', record }, options);
  }

  /** Retention: forgets these flights' notifications (durable when resolved, then compacted). */
  async pruneFlights(flightIds: readonly string[]): Promise<number> {
    const known = flightIds.filter(
      (flightId) =>
        this.index.hasFlight(flightId) ||
        this.state.told.has(flightId) ||
        this.state.pending.has(flightId),
    );
    if (known.length === 0) return 0;
    const removed = this.prunableCount(known);
    await this.write({ t: 'pruned', flightIds: known });
    // The personal data must leave the disk now, not at the next compaction.
    await this.compact();
    return removed;
  }

  listOptOuts(): OptOut[] {
    return [...this.index.optOuts.values()].map((optOut) => ({ ...optOut }));
  }

  savePendingWindow(pending: PendingFlightNotice, seq?: number) {
    return this.write({ t: 'window', pending: { ...pending }, ...(seq ? { seq } : {}) });
  }
  markAbsorbed(seq: number) {
    return this.write({ t: 'absorbed', seq });
  }
  async closeWindow(
    flightId: string,
    records: readonly NotificationRecord[],
    told: readonly PassengerToldState[],
  ) {
    this.assertNew(records);
    await this.write({ t: 'window-closed', flightId, records: [...records], told: [...told] });
  }

  /** Waits for pending writes, then closes the file. */
  close(): Promise<void> {
    this.#closed = true;
    return this.journal.close();
  }
}
