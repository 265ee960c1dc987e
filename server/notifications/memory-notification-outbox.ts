import type { NotificationChannelName, NotificationStatus } from '../../core';
import type { NotificationRecord } from './notification-record';
import type {
  CloseWindowOptions,
  NotificationOutbox,
  OptOutRegistry,
  RecordChangeListener,
  UpdateOptions,
} from './notification-outbox';
import type { PassengerToldState, PendingFlightNotice } from './notification-rules';
import { OutboxState, type OutboxChange } from './outbox-state';

/**
 * The outbox kept in memory: for tests, and for a hub run without a data folder. Every write is
 * one OutboxChange passed to `commit`; the file outbox is this one with `commit` journalling the
 * change too, so both behave alike by construction.
 */
export class MemoryNotificationOutbox implements NotificationOutbox {
  protected readonly state = new OutboxState();

  readonly optOuts: OptOutRegistry = {
    isOptedOut: (phone) => this.state.optOuts.has(phone),
    get: (phone) => {
      const optOut = this.state.optOuts.get(phone);
      return optOut && { ...optOut };
    },
    optOut: (entry) => this.commit({ t: 'opt-out', ...entry }),
  };

  /** Applies the change in memory at once (readers see it); resolves when it is durable. */
  protected async commit(
    change: OutboxChange,
    _options?: UpdateOptions,
    _sealed?: Buffer,
  ): Promise<void> {
    this.state.apply(change);
  }

  get writable(): boolean {
    return true;
  }

  /** Memory refuses no write, so it never resumes. */
  onResumed(_listener: () => void): void {}

  async close(): Promise<void> {}

  async add(records: readonly NotificationRecord[]): Promise<void> {
    this.assertNew(records);
    await Promise.all(records.map((record) => this.commit({ t: 'notification', record })));
  }

  async update(record: NotificationRecord, options?: UpdateOptions): Promise<void> {
    if (!this.state.get(record.id)) throw new Error(`notification ${record.id} does not exist`);
    await this.commit({ t: 'notification', record }, options);
  }

  savePendingWindow(pending: PendingFlightNotice, seq?: number): Promise<void> {
    return this.commit({ t: 'window', pending: { ...pending }, ...(seq ? { seq } : {}) });
  }

  markAbsorbed(seq: number): Promise<void> {
    return this.commit({ t: 'absorbed', seq });
  }

  async closeWindow(
    flightId: string,
    records: readonly NotificationRecord[],
    told: readonly PassengerToldState[],
    options: CloseWindowOptions = {},
  ): Promise<boolean> {
    if (options.stillWanted?.() === false) return false;
    this.assertNew(records);
    await this.commit({ t: 'window-closed', flightId, records: [...records], told: [...told] });
    return true;
  }

  async pruneFlights(flightIds: readonly string[]): Promise<number> {
    const known = this.state.knownFlights(flightIds);
    if (known.length === 0) return 0;
    const removed = this.state.prunableCount(known);
    await this.commit({ t: 'pruned', flightIds: known });
    return removed;
  }

  /** One hub owns this outbox: a claim is marking the due records `sending`, together. */
  async claimDue(
    channel: NotificationChannelName,
    now: Date,
    limit: number,
  ): Promise<NotificationRecord[]> {
    const at = now.toISOString();
    const claimed = this.state.listDue(channel, now, limit).map((record): NotificationRecord => ({
      ...record,
      status: 'sending',
      attempts: record.attempts + 1,
      attemptStartedAt: at,
      updatedAt: at,
    }));
    // In the ordinary lane: each must follow the line that created the record.
    await Promise.all(claimed.map((record) => this.commit({ t: 'notification', record })));
    return claimed;
  }

  /** Everything held, as the changes that rebuild it (moving it elsewhere). */
  liveChanges(): OutboxChange[] {
    return this.state.liveChanges();
  }

  interruptedSends(): NotificationRecord[] {
    return this.state.listByStatus('sending');
  }

  get(id: string): NotificationRecord | undefined {
    return this.state.get(id);
  }
  listDue(channel: NotificationChannelName, now: Date, limit: number): NotificationRecord[] {
    return this.state.listDue(channel, now, limit);
  }
  nextAttemptAt(after: Date): Date | undefined {
    return this.state.nextAttemptAt(after);
  }
  listByStatus(status: NotificationStatus): NotificationRecord[] {
    return this.state.listByStatus(status);
  }
  listByFlight(flightId: string): NotificationRecord[] {
    return this.state.listByFlight(flightId);
  }
  findByProviderMessageId(providerMessageId: string): NotificationRecord | undefined {
    return this.state.findByProviderMessageId(providerMessageId);
  }
  countsFor(flightId: string) {
    return this.state.countsFor(flightId);
  }
  flightIds(): string[] {
    return this.state.flightIds();
  }
  setChangeListener(listener: RecordChangeListener | null): void {
    this.state.onChange = listener;
  }

  listPendingWindows(): PendingFlightNotice[] {
    return [...this.state.pending.values()].map((pending) => ({ ...pending }));
  }
  getPendingWindow(flightId: string): PendingFlightNotice | undefined {
    const pending = this.state.pending.get(flightId);
    return pending && { ...pending };
  }
  get absorbedSeq(): number {
    return this.state.absorbedSeq;
  }
  getToldState(flightId: string, pnr: string) {
    return this.state.getTold(flightId, pnr);
  }

  /** Refuses records whose id is already stored: a notification is created once. */
  protected assertNew(records: readonly NotificationRecord[]): void {
    for (const record of records) {
      // `has`, not `get`: a window's 1,200 records are checked in the turn that stores them.
      if (this.state.has(record.id)) throw new Error(`notification ${record.id} already exists`);
    }
  }
}
