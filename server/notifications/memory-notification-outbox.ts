import { NoticeStateIndex, type NoticeStateStore } from './notice-state';
import type { PassengerToldState, PendingFlightNotice } from './notification-rules';
import { NotificationIndex, type RecordChangeListener } from './notification-index';
import type {
  ChannelName,
  NotificationOutbox,
  NotificationRecord,
  NotificationStatus,
  OptOutRegistry,
} from './outbox';

/** Keeps everything in memory: for tests, and for a hub run without a data folder. */
export class MemoryNotificationOutbox implements NotificationOutbox, NoticeStateStore {
  private readonly index = new NotificationIndex();
  private readonly state = new NoticeStateIndex();
  readonly optOuts: OptOutRegistry = {
    isOptedOut: (phone) => this.index.optOuts.has(phone),
    get: (phone) => this.index.optOuts.get(phone),
    optOut: async (entry) => {
      this.index.optOuts.set(entry.phone, { ...entry });
    },
  };

  async add(records: readonly NotificationRecord[]): Promise<void> {
    for (const record of records) {
      if (this.index.get(record.id)) throw new Error(`notification ${record.id} already exists`);
    }
    for (const record of records) this.index.upsert(record);
  }

  async update(record: NotificationRecord): Promise<void> {
    if (!this.index.get(record.id)) throw new Error(`notification ${record.id} does not exist`);
    this.index.upsert(record);
  }

  get(id: string) {
    return this.index.get(id);
  }
  listDue(channel: ChannelName, now: Date, limit: number) {
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

  listPendingWindows() {
    return [...this.state.pending.values()].map((pending) => ({ ...pending }));
  }
  getPendingWindow(flightId: string) {
    const pending = this.state.pending.get(flightId);
    return pending && { ...pending };
  }
  async savePendingWindow(pending: PendingFlightNotice, seq?: number) {
    this.state.pending.set(pending.flightId, { ...pending });
    this.state.absorb(seq);
  }
  get absorbedSeq() {
    return this.state.absorbedSeq;
  }
  async markAbsorbed(seq: number) {
    this.state.absorb(seq);
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
  getToldState(flightId: string, pnr: string) {
    return this.state.getTold(flightId, pnr);
  }
  async closeWindow(
    flightId: string,
    records: readonly NotificationRecord[],
    told: readonly PassengerToldState[],
  ) {
    // Applied before the first await, like the file outbox: one step as far as readers can tell.
    const added = this.add(records);
    this.state.setTold(flightId, told);
    this.state.pending.delete(flightId);
    await added;
  }
}
