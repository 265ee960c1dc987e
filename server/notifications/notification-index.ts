import type { ChannelName, NotificationRecord, NotificationStatus, OptOut } from './outbox';

/** The in-memory index both outboxes share; the file one adds the journal behind it. */
export class NotificationIndex {
  private readonly records = new Map<string, NotificationRecord>();
  private readonly queued = new Set<string>();
  private readonly byFlight = new Map<string, Set<string>>();
  private readonly byProviderId = new Map<string, string>();
  readonly optOuts = new Map<string, OptOut>();

  get size(): number {
    return this.records.size;
  }

  upsert(record: NotificationRecord): void {
    const copy = { ...record };
    this.records.set(copy.id, copy);
    if (copy.status === 'queued') this.queued.add(copy.id);
    else this.queued.delete(copy.id);
    let ids = this.byFlight.get(copy.flightId);
    if (!ids) this.byFlight.set(copy.flightId, (ids = new Set()));
    ids.add(copy.id);
    if (copy.providerMessageId) this.byProviderId.set(copy.providerMessageId, copy.id);
  }

  get(id: string): NotificationRecord | undefined {
    const record = this.records.get(id);
    return record && { ...record };
  }

  all(): NotificationRecord[] {
    return [...this.records.values()].map((record) => ({ ...record }));
  }

  listDue(channel: ChannelName, now: Date, limit: number): NotificationRecord[] {
    const due: NotificationRecord[] = [];
    for (const id of this.queued) {
      const record = this.records.get(id)!;
      if (record.channel === channel && Date.parse(record.nextAttemptAt) <= now.getTime()) {
        due.push(record);
      }
    }
    due.sort(
      (a, b) =>
        a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.createdAt.localeCompare(b.createdAt),
    );
    return due.slice(0, limit).map((record) => ({ ...record }));
  }

  nextAttemptAt(after: Date): Date | undefined {
    let earliest: number | undefined;
    for (const id of this.queued) {
      const at = Date.parse(this.records.get(id)!.nextAttemptAt);
      if (at > after.getTime() && (earliest === undefined || at < earliest)) earliest = at;
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

  findByProviderMessageId(providerMessageId: string): NotificationRecord | undefined {
    const id = this.byProviderId.get(providerMessageId);
    return id === undefined ? undefined : this.get(id);
  }
}
