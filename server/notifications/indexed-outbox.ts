import { NoticeStateIndex, type NoticeStateStore } from './notice-state';
import type { PassengerToldState, PendingFlightNotice } from './notification-rules';
import { NotificationIndex, type RecordChangeListener } from './notification-index';
import type { NotificationChannelName, NotificationStatus } from '../../core';
import type {
  NotificationOutbox,
  NotificationRecord,
  OptOutRegistry,
  UpdateOptions,
} from './outbox';

/**
 * The read side both outboxes share: every query is answered from the in-memory indexes. A
 * subclass decides only how a change is kept (in memory, or journalled to disk first).
 */
export abstract class IndexedNotificationOutbox implements NotificationOutbox, NoticeStateStore {
  protected readonly index = new NotificationIndex();
  protected readonly state = new NoticeStateIndex();
  abstract readonly optOuts: OptOutRegistry;

  abstract add(records: readonly NotificationRecord[]): Promise<void>;
  abstract update(record: NotificationRecord, options?: UpdateOptions): Promise<void>;
  abstract savePendingWindow(pending: PendingFlightNotice, seq?: number): Promise<void>;
  abstract markAbsorbed(seq: number): Promise<void>;
  abstract closeWindow(
    flightId: string,
    records: readonly NotificationRecord[],
    told: readonly PassengerToldState[],
  ): Promise<void>;
  abstract pruneFlights(flightIds: readonly string[]): Promise<number>;

  get(id: string) {
    return this.index.get(id);
  }
  listDue(channel: NotificationChannelName, now: Date, limit: number) {
    return this.index.listDue(channel, now, limit);
  }
  nextAttemptAt(after: Date) {
    return this.index.nextAttemptAt(after);
  }
  listByStatus(status: NotificationStatus) {
    return this.index.listByStatus(status);
  }
  listByFlight(flightId: string) {
    return this.index.listByFlight(flightId);
  }
  findByProviderMessageId(providerMessageId: string) {
    return this.index.findByProviderMessageId(providerMessageId);
  }
  countsFor(flightId: string) {
    return this.index.countsFor(flightId);
  }
  flightIds() {
    return this.index.flightIds();
  }
  setChangeListener(listener: RecordChangeListener | null) {
    this.index.onChange = listener;
  }

  listPendingWindows() {
    return [...this.state.pending.values()].map((pending) => ({ ...pending }));
  }
  getPendingWindow(flightId: string) {
    const pending = this.state.pending.get(flightId);
    return pending && { ...pending };
  }
  get absorbedSeq() {
    return this.state.absorbedSeq;
  }
  getToldState(flightId: string, pnr: string) {
    return this.state.getTold(flightId, pnr);
  }

  /** How many records of `flightIds` retention would remove (all but those being sent). */
  protected prunableCount(flightIds: readonly string[]): number {
    return flightIds
      .flatMap((flightId) => this.index.listByFlight(flightId))
      .filter((record) => record.status !== 'sending').length;
  }

  /** Refuses records whose id is already stored: a notification is created once. */
  protected assertNew(records: readonly NotificationRecord[]): void {
    for (const record of records) {
      if (this.index.get(record.id)) throw new Error(`notification ${record.id} already exists`);
    }
  }

  protected assertExists(record: NotificationRecord): void {
    if (!this.index.get(record.id)) throw new Error(`notification ${record.id} does not exist`);
  }
}
