import {
  emptyNotificationCounts,
  type NotificationChannelName,
  type NotificationCounts,
  type NotificationStatus,
} from '../../core';
import type { NotificationRecord, OptOut } from './outbox';

/** Told after every change of a stored record (also while a journal is replayed). */
export type RecordChangeListener = (
  record: NotificationRecord,
  previous: NotificationRecord | undefined,
) => void;

/**
 * The in-memory index both outboxes share; the file one adds the journal behind it. Queued
 * records are kept per channel in the order they became queued, and counts per flight are kept
 * up to date, so a burst of thousands of notifications costs no full scans per send.
 */
export class NotificationIndex {
  private readonly records = new Map<string, NotificationRecord>();
  private readonly queued: Record<NotificationChannelName, Set<string>> = {
    sms: new Set(),
    email: new Set(),
    push: new Set(),
  };
  private readonly byFlight = new Map<string, Set<string>>();
  private readonly byProviderId = new Map<string, string>();
  private readonly counts = new Map<string, NotificationCounts>();
  readonly optOuts = new Map<string, OptOut>();
  onChange: RecordChangeListener | null = null;

  get size(): number {
    return this.records.size;
  }

  /** Forgets everything (before the journal is read again); the listener is not told. */
  clear(): void {
    this.records.clear();
    for (const ids of Object.values(this.queued)) ids.clear();
    this.byFlight.clear();
    this.byProviderId.clear();
    this.counts.clear();
    this.optOuts.clear();
  }

  /**
   * Removes the records of `flightIds` (retention), except those being sent; returns how many
   * went. The listener is not told: the flights are long gone from every console.
   */
  removeFlights(flightIds: readonly string[]): number {
    let removed = 0;
    for (const flightId of flightIds) {
      const ids = this.byFlight.get(flightId);
      if (!ids) continue;
      for (const id of ids) {
        const record = this.records.get(id)!;
        if (record.status === 'sending') continue;
        this.records.delete(id);
        this.queued[record.channel].delete(id);
        if (record.providerMessageId) this.byProviderId.delete(record.providerMessageId);
        this.counts.get(flightId)![record.status] -= 1;
        ids.delete(id);
        removed += 1;
      }
      if (ids.size === 0) {
        this.byFlight.delete(flightId);
        this.counts.delete(flightId);
      }
    }
    return removed;
  }

  upsert(record: NotificationRecord): void {
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

  /** A flight's notifications by status. */
  countsFor(flightId: string): NotificationCounts {
    return { ...(this.counts.get(flightId) ?? emptyNotificationCounts()) };
  }

  hasFlight(flightId: string): boolean {
    return this.byFlight.has(flightId);
  }

  /** Flights that have notifications. */
  flightIds(): string[] {
    return [...this.byFlight.keys()];
  }

  findByProviderMessageId(providerMessageId: string): NotificationRecord | undefined {
    const id = this.byProviderId.get(providerMessageId);
    return id === undefined ? undefined : this.get(id);
  }
}
