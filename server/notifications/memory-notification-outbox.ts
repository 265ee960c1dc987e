import { IndexedNotificationOutbox } from './indexed-outbox';
import type { PassengerToldState, PendingFlightNotice } from './notification-rules';
import type { NotificationRecord, OptOutRegistry } from './outbox';

/** Keeps everything in memory: for tests, and for a hub run without a data folder. */
export class MemoryNotificationOutbox extends IndexedNotificationOutbox {
  readonly optOuts: OptOutRegistry = {
    isOptedOut: (phone) => this.index.optOuts.has(phone),
    get: (phone) => this.index.optOuts.get(phone),
    optOut: async (entry) => {
      this.index.optOuts.set(entry.phone, { ...entry });
    },
  };

  async add(records: readonly NotificationRecord[]): Promise<void> {
    this.assertNew(records);
    for (const record of records) this.index.upsert(record);
  }

  async update(record: NotificationRecord): Promise<void> {
    this.assertExists(record);
    this.index.upsert(record);
  }

  async savePendingWindow(pending: PendingFlightNotice, seq?: number) {
    this.state.pending.set(pending.flightId, { ...pending });
    this.state.absorb(seq);
  }
  async markAbsorbed(seq: number) {
    this.state.absorb(seq);
  }
  async pruneFlights(flightIds: readonly string[]) {
    const removed = this.prunableCount(flightIds);
    this.index.removeFlights(flightIds);
    this.state.removeFlights(flightIds);
    return removed;
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
