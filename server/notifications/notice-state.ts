import type { PassengerToldState, PendingFlightNotice, ToldState } from './notification-rules';
import type { NotificationRecord } from './outbox';

/**
 * The durable state of coalescing: open windows per flight and what each passenger was last told.
 * Closing a window is one atomic step — its notification records, the passengers' new told
 * states and the window's removal are stored together — so a restart neither loses nor repeats
 * a decision.
 */
export interface NoticeStateStore {
  listPendingWindows(): PendingFlightNotice[];
  getPendingWindow(flightId: string): PendingFlightNotice | undefined;
  savePendingWindow(pending: PendingFlightNotice): Promise<void>;
  getToldState(flightId: string, pnr: string): ToldState | undefined;
  closeWindow(
    flightId: string,
    records: readonly NotificationRecord[],
    told: readonly PassengerToldState[],
  ): Promise<void>;
}

/** The state itself, shared by the memory and the file implementations. */
export class NoticeStateIndex {
  readonly pending = new Map<string, PendingFlightNotice>();
  readonly told = new Map<string, Map<string, ToldState>>();

  setTold(flightId: string, entries: readonly PassengerToldState[]): void {
    let byPnr = this.told.get(flightId);
    if (!byPnr) this.told.set(flightId, (byPnr = new Map()));
    for (const entry of entries) byPnr.set(entry.pnr, { ...entry.told });
  }

  getTold(flightId: string, pnr: string): ToldState | undefined {
    const told = this.told.get(flightId)?.get(pnr);
    return told && { ...told };
  }
}
