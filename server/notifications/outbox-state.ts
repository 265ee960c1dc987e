import { z } from 'zod';
import {
  emptyNotificationCounts,
  NOTIFICATION_CHANNELS,
  type NotificationChannelName,
  type NotificationCounts,
  type NotificationStatus,
} from '../../core';
import { notificationRecordSchema, type NotificationRecord } from './notification-record';
import type { OptOut, RecordChangeListener } from './notification-outbox';
import type { PassengerToldState, PendingFlightNotice, ToldState } from './notification-rules';

const isoInstant = z.iso.datetime({ offset: true });
export const toldSchema = z.object({
  gate: z.string().nullable(),
  etd: isoInstant,
  status: z.enum(['BOARDING', 'CANCELLED']).nullable(),
});
const passengerToldSchema = z.object({ pnr: z.string().min(1), told: toldSchema });
export const pendingSchema = z.object({
  flightId: z.string().min(1),
  before: toldSchema,
  firstChangeAt: isoInstant,
  lastChangeAt: isoInstant,
  dueAt: isoInstant,
});

/**
 * One change of the outbox's state: what every write is made of, applied the same way in memory
 * and, by the file outbox, journalled as one line.
 */
export const outboxChangeSchema = z.discriminatedUnion('t', [
  /** A record stored or replaced. */
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
  /** A window closed: its records, the passengers' new told states, in one atomic change. */
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
export type OutboxChange = z.infer<typeof outboxChangeSchema>;

/**
 * The outbox's state in memory, changed only through `apply`. Queued records are kept per
 * channel in the order they became queued, and counts per flight are kept up to date, so a
 * burst of thousands of notifications costs no full scans per send.
 */
export class OutboxState {
  private readonly records = new Map<string, NotificationRecord>();
  private readonly queued = Object.fromEntries(
    NOTIFICATION_CHANNELS.map((channel) => [channel, new Set<string>()]),
  ) as Record<NotificationChannelName, Set<string>>;
  private readonly byFlight = new Map<string, Set<string>>();
  private readonly byProviderId = new Map<string, string>();
  private readonly counts = new Map<string, NotificationCounts>();
  readonly optOuts = new Map<string, OptOut>();
  readonly pending = new Map<string, PendingFlightNotice>();
  readonly told = new Map<string, Map<string, ToldState>>();
  absorbedSeq = 0;
  onChange: RecordChangeListener | null = null;

  apply(change: OutboxChange): void {
    switch (change.t) {
      case 'notification':
        this.upsert(change.record);
        break;
      case 'opt-out':
        this.optOuts.set(change.phone, {
          phone: change.phone,
          reason: change.reason,
          at: change.at,
        });
        break;
      case 'window':
        this.pending.set(change.pending.flightId, { ...change.pending });
        this.absorb(change.seq);
        break;
      case 'absorbed':
        this.absorb(change.seq);
        break;
      case 'window-closed':
        for (const record of change.records) this.upsert(record);
        this.setTold(change.flightId, change.told);
        this.pending.delete(change.flightId);
        break;
      case 'told':
        this.setTold(change.flightId, change.told);
        break;
      case 'pruned':
        this.removeFlights(change.flightIds);
        break;
    }
  }

  /** Forgets everything (before the journal is read again); the listener is not told. */
  clear(): void {
    this.records.clear();
    for (const ids of Object.values(this.queued)) ids.clear();
    this.byFlight.clear();
    this.byProviderId.clear();
    this.counts.clear();
    this.optOuts.clear();
    this.pending.clear();
    this.told.clear();
    this.absorbedSeq = 0;
  }

  /** The live state as changes that rebuild it (a compacted journal). */
  liveChanges(): OutboxChange[] {
    return [
      { t: 'absorbed', seq: this.absorbedSeq },
      ...[...this.optOuts.values()].map((o): OutboxChange => ({ t: 'opt-out', ...o })),
      ...this.all().map((record): OutboxChange => ({ t: 'notification', record })),
      ...[...this.told].map(([flightId, byPnr]): OutboxChange => ({
        t: 'told',
        flightId,
        told: [...byPnr].map(([pnr, told]) => ({ pnr, told })),
      })),
      ...[...this.pending.values()].map((pending): OutboxChange => ({ t: 'window', pending })),
    ];
  }

  /** How much live state there is (records, opt-outs, windows, flights with told states). */
  get liveChangeCount(): number {
    return this.records.size + this.optOuts.size + this.pending.size + this.told.size;
  }

  /** Flights of `flightIds` the state knows anything about. */
  knownFlights(flightIds: readonly string[]): string[] {
    return flightIds.filter(
      (flightId) =>
        this.byFlight.has(flightId) || this.told.has(flightId) || this.pending.has(flightId),
    );
  }

  /** How many records of `flightIds` retention would remove (all but those being sent). */
  prunableCount(flightIds: readonly string[]): number {
    return flightIds
      .flatMap((flightId) => [...(this.byFlight.get(flightId) ?? [])])
      .filter((id) => this.records.get(id)!.status !== 'sending').length;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  get(id: string): NotificationRecord | undefined {
    const record = this.records.get(id);
    return record && { ...record };
  }

  all(): NotificationRecord[] {
    return [...this.records.values()].map((record) => ({ ...record }));
  }

  /** Due queued records of a channel, in the order they became queued (oldest first). */
  listDue(channel: NotificationChannelName, now: Date, limit: number): NotificationRecord[] {
    const due: NotificationRecord[] = [];
    if (limit <= 0) return due;
    const nowMs = now.getTime();
    for (const id of this.queued[channel]) {
      const record = this.records.get(id)!;
      if (Date.parse(record.nextAttemptAt) > nowMs) continue;
      due.push({ ...record });
      if (due.length >= limit) break;
    }
    return due;
  }

  nextAttemptAt(after: Date): Date | undefined {
    let earliest: number | undefined;
    for (const channel of Object.values(this.queued)) {
      for (const id of channel) {
        const at = Date.parse(this.records.get(id)!.nextAttemptAt);
        if (at > after.getTime() && (earliest === undefined || at < earliest)) earliest = at;
      }
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }

  listByStatus(status: NotificationStatus): NotificationRecord[] {
    return this.all().filter((record) => record.status === status);
  }

  listByFlight(flightId: string): NotificationRecord[] {
    const ids = this.byFlight.get(flightId) ?? new Set<string>();
    return [...ids]
      .map((id) => ({ ...this.records.get(id)! }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  countsFor(flightId: string): NotificationCounts {
    return { ...(this.counts.get(flightId) ?? emptyNotificationCounts()) };
  }

  flightIds(): string[] {
    return [...this.byFlight.keys()];
  }

  findByProviderMessageId(providerMessageId: string): NotificationRecord | undefined {
    const id = this.byProviderId.get(providerMessageId);
    return id === undefined ? undefined : this.get(id);
  }

  getTold(flightId: string, pnr: string): ToldState | undefined {
    const told = this.told.get(flightId)?.get(pnr);
    return told && { ...told };
  }

  private upsert(record: NotificationRecord): void {
    const copy = { ...record };
    const previous = this.records.get(copy.id);
    this.records.set(copy.id, copy);
    const queued = this.queued[copy.channel];
    // Re-queued records go to the back: the set's order is the order they became queued.
    queued.delete(copy.id);
    if (copy.status === 'queued') queued.add(copy.id);
    let ids = this.byFlight.get(copy.flightId);
    if (!ids) this.byFlight.set(copy.flightId, (ids = new Set()));
    ids.add(copy.id);
    if (copy.providerMessageId) this.byProviderId.set(copy.providerMessageId, copy.id);
    let counts = this.counts.get(copy.flightId);
    if (!counts) this.counts.set(copy.flightId, (counts = emptyNotificationCounts()));
    if (previous) counts[previous.status] -= 1;
    counts[copy.status] += 1;
    this.onChange?.(copy, previous);
  }

  /**
   * Retention: removes the records of `flightIds` except those being sent, and their windows and
   * told states. The listener is not told: the flights are long gone from every console.
   */
  private removeFlights(flightIds: readonly string[]): void {
    for (const flightId of flightIds) {
      this.pending.delete(flightId);
      this.told.delete(flightId);
      for (const id of [...(this.byFlight.get(flightId) ?? [])]) {
        if (this.records.get(id)!.status !== 'sending') this.remove(id);
      }
    }
  }

  /**
   * Makes one flight's state what a shared copy holds (the database, written by other hubs):
   * its records, told states and open window.
   */
  resetFlight(
    flightId: string,
    shared: {
      records: readonly NotificationRecord[];
      told: readonly PassengerToldState[];
      pending: PendingFlightNotice | undefined;
    },
  ): void {
    const kept = new Set(shared.records.map((record) => record.id));
    for (const id of [...(this.byFlight.get(flightId) ?? [])]) {
      if (!kept.has(id)) this.remove(id);
    }
    for (const record of shared.records) this.upsert(record);
    this.told.delete(flightId);
    if (shared.told.length > 0) this.setTold(flightId, shared.told);
    if (shared.pending) this.pending.set(flightId, { ...shared.pending });
    else this.pending.delete(flightId);
  }

  /** Forgets one record (it is gone from a shared copy). */
  remove(id: string): void {
    const record = this.records.get(id);
    if (!record) return;
    this.records.delete(id);
    this.queued[record.channel].delete(id);
    if (record.providerMessageId) this.byProviderId.delete(record.providerMessageId);
    this.counts.get(record.flightId)![record.status] -= 1;
    const ids = this.byFlight.get(record.flightId)!;
    ids.delete(id);
    if (ids.size === 0) {
      this.byFlight.delete(record.flightId);
      this.counts.delete(record.flightId);
    }
  }

  private absorb(seq: number | undefined): void {
    if (seq !== undefined && seq > this.absorbedSeq) this.absorbedSeq = seq;
  }

  private setTold(flightId: string, entries: readonly PassengerToldState[]): void {
    let byPnr = this.told.get(flightId);
    if (!byPnr) this.told.set(flightId, (byPnr = new Map()));
    for (const entry of entries) byPnr.set(entry.pnr, { ...entry.told });
  }
}
