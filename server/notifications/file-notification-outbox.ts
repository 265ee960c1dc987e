import { z } from 'zod';
import { NdjsonJournal } from './ndjson-journal';
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
]);
type JournalEntry = z.infer<typeof journalEntrySchema>;

export interface FileNotificationOutboxOptions {
  /** Compact when the journal holds this many more lines than live entries. Default 5000. */
  compactAfterExtraLines?: number;
}

/**
 * The durable NotificationOutbox (and NoticeStateStore): an fsync'd NDJSON journal of upserts,
 * replayed at open. A record is written `sending` before the provider is called and `sent` /
 * `failed` after, so a restart never sends a `sent` record again; only a record still `sending`
 * at restart is ambiguous (see NotificationDispatcher.start).
 */
export class FileNotificationOutbox extends IndexedNotificationOutbox {
  private journal!: NdjsonJournal<JournalEntry>;
  private readonly compactAfterExtraLines: number;

  readonly optOuts: OptOutRegistry = {
    isOptedOut: (phone) => this.index.optOuts.has(phone),
    get: (phone) => this.index.optOuts.get(phone),
    optOut: (entry) => this.write({ t: 'opt-out', ...entry }),
  };

  private constructor(options: FileNotificationOutboxOptions) {
    super();
    this.compactAfterExtraLines = options.compactAfterExtraLines ?? 5000;
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
    }
  }

  /** Applies in memory at once (reads see it), resolves when durable. */
  private async write(entry: JournalEntry, options: UpdateOptions = {}): Promise<void> {
    this.apply(entry);
    await (options.promptly ? this.journal.appendPromptly(entry) : this.journal.append(entry));
    const live = this.liveEntryCount();
    // Proportional slack: a big live state is not rewritten in the middle of its own burst
    // (each notification takes about two more lines — sending, sent — after it is created).
    if (this.journal.lineCount > live + Math.max(this.compactAfterExtraLines, 2 * live)) {
      await this.compact();
    }
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
    return this.journal.close();
  }
}
