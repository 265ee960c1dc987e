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
  /**
   * Opens or slides a window; `seq` is the hub change that did it. Applied in memory at once
   * (synchronously), durable when resolved. Windows are saved in seq order, so the highest seq
   * durably saved is the hub change up to which every change has been absorbed.
   */
  savePendingWindow(pending: PendingFlightNotice, seq?: number): Promise<void>;
  /** The last hub change seq absorbed (see savePendingWindow); 0 when none. */
  readonly absorbedSeq: number;
  /** Records that every hub change up to `seq` has been absorbed (e.g. at a clean stop). */
  markAbsorbed(seq: number): Promise<void>;
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
  absorbedSeq = 0;

  clear(): void {
    this.pending.clear();
    this.told.clear();
    this.absorbedSeq = 0;
  }

  /** Forgets the windows and told states of `flightIds` (retention). */
  removeFlights(flightIds: readonly string[]): void {
    for (const flightId of flightIds) {
      this.pending.delete(flightId);
      this.told.delete(flightId);
    }
  }

  absorb(seq: number | undefined): void {
    if (seq !== undefined && seq > this.absorbedSeq) this.absorbedSeq = seq;
  }

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
