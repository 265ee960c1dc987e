import type { NotificationChannelName, NotificationCounts, NotificationStatus } from '../../core';
import type { Slicer } from '../store/line-checksum';
import type { NotificationRecord } from './notification-record';
import type { PassengerToldState, PendingFlightNotice, ToldState } from './notification-rules';

export interface UpdateOptions {
  /**
   * Write it ahead of larger writes waiting (its own small batch): for a send's outcome, so a
   * crash finds few records whose answer came but was not stored. Only for a record whose
   * earlier lines are all durable already (its `sending` was awaited), so nothing is reordered.
   */
  promptly?: boolean;
  /**
   * The result of this hub's claim (claimDue) of the record: stored only while the claim is
   * still this hub's (a shared outbox refuses it once another hub took the record over).
   */
  claimed?: boolean;
}

export interface CloseWindowOptions {
  /**
   * Asked in the turn the close would be applied (after any slices of encoding): false stores
   * nothing — the window slid while its notices were being rendered, so they are out of date.
   */
  stillWanted?: () => boolean;
  /** Hands the event loop back while a big window is encoded (the file outbox). */
  slicer?: Slicer;
}

export interface OptOut {
  phone: string;
  reason: string;
  at: string;
}

/** Phones that unsubscribed (Twilio 21610): later SMS to them are skipped, not sent. */
export interface OptOutRegistry {
  isOptedOut(phone: string): boolean;
  get(phone: string): OptOut | undefined;
  /** Durable when the promise resolves. */
  optOut(entry: OptOut): Promise<void>;
}

/** Told after every change of a stored record (also while a journal is replayed). */
export type RecordChangeListener = (
  record: NotificationRecord,
  previous: NotificationRecord | undefined,
) => void;

/**
 * Everything notifications keep: the records to send (the transactional outbox) and the state
 * of coalescing (open windows per flight, what each passenger was last told, the last hub change
 * absorbed). Reads are synchronous over memory; a write is applied in memory at once (readers see
 * it) and its promise resolves once it is durable. MemoryNotificationOutbox,
 * FileNotificationOutbox and PostgresNotificationOutbox (several hubs sharing it) implement it.
 */
export interface NotificationOutbox {
  /** Stores new records (an id already stored is refused); durable when resolved. */
  add(records: readonly NotificationRecord[]): Promise<void>;
  /** Replaces a stored record (matched by id); durable when resolved. */
  update(record: NotificationRecord, options?: UpdateOptions): Promise<void>;
  get(id: string): NotificationRecord | undefined;
  /** Queued records of a channel whose `nextAttemptAt` has come, in the order they were queued. */
  listDue(channel: NotificationChannelName, now: Date, limit: number): NotificationRecord[];
  /**
   * Takes up to `limit` due queued records of a channel for this hub to send: each is stored
   * `sending`, its `attempts` one higher and `attemptStartedAt` = `now`, durable when resolved;
   * no other dispatcher gets it meanwhile. The memory and file outboxes serve one hub; the
   * PostgreSQL one claims under a lease (`FOR UPDATE SKIP LOCKED`) and also takes `sending`
   * records whose lease expired (their hub died), marked unconfirmed.
   */
  claimDue(
    channel: NotificationChannelName,
    now: Date,
    limit: number,
  ): Promise<NotificationRecord[]>;
  /**
   * Records this hub left `sending` (it stopped before recording the outcome): what the
   * dispatcher settles at start. A shared outbox answers none: a dead hub's claims are taken
   * over when their lease expires.
   */
  interruptedSends(): NotificationRecord[];
  /**
   * Set when other hubs add records or let leases expire without telling this one: how often
   * the dispatcher looks for due records anyway.
   */
  readonly pollMs?: number;
  /** The earliest `nextAttemptAt` later than `after` among queued records (dispatcher's timer). */
  nextAttemptAt(after: Date): Date | undefined;
  listByStatus(status: NotificationStatus): NotificationRecord[];
  /** A flight's records, oldest first. */
  listByFlight(flightId: string): NotificationRecord[];
  findByProviderMessageId(providerMessageId: string): NotificationRecord | undefined;
  /** A flight's notifications by status. */
  countsFor(flightId: string): NotificationCounts;
  /** Flights that have notifications. */
  flightIds(): string[];
  readonly optOuts: OptOutRegistry;

  /** Open coalescing windows. */
  listPendingWindows(): PendingFlightNotice[];
  getPendingWindow(flightId: string): PendingFlightNotice | undefined;
  /**
   * Opens or slides a window; `seq` is the hub change that did it. Windows are saved in seq
   * order, so the highest seq durably saved is the hub change up to which every change has been
   * absorbed.
   */
  savePendingWindow(pending: PendingFlightNotice, seq?: number): Promise<void>;
  /** The last hub change seq absorbed (see savePendingWindow); 0 when none. */
  readonly absorbedSeq: number;
  /** Records that every hub change up to `seq` has been absorbed (e.g. at a clean stop). */
  markAbsorbed(seq: number): Promise<void>;
  getToldState(flightId: string, pnr: string): ToldState | undefined;
  /**
   * Closes a window in one atomic step: its new records, the passengers' new told states and the
   * window's removal are stored together, so a restart neither loses nor repeats a decision.
   * Resolves true when stored, false when `stillWanted` said no (nothing was stored).
   */
  closeWindow(
    flightId: string,
    records: readonly NotificationRecord[],
    told: readonly PassengerToldState[],
    options?: CloseWindowOptions,
  ): Promise<boolean>;

  /**
   * Retention: forgets the records (all but those being sent at this moment), windows and told
   * states of `flightIds`; durable when resolved. Returns how many records went.
   */
  pruneFlights(flightIds: readonly string[]): Promise<number>;
  /**
   * False while writes are refused (a write failed and the outbox has not recovered): the
   * dispatcher sends nothing meanwhile.
   */
  readonly writable: boolean;
  /**
   * Told each time the outbox takes writes again after a failed one: its state was re-read from
   * what is durable, so hub changes absorbed since must be absorbed again.
   */
  onResumed(listener: () => void): void;
  /**
   * One listener told synchronously after every record change, as it is applied in memory
   * (before it is durable). It must not write to the outbox from inside the call.
   */
  setChangeListener(listener: RecordChangeListener | null): void;
  /** Waits for pending writes, then releases the storage. */
  close(): Promise<void>;
}
