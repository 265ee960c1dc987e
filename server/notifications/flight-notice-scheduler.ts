import type { FieldChanges, Flight, Passenger } from '../../core';
import { TimeSlicer } from '../schedules/time-slicer';
import type { Slicer } from '../store/line-checksum';
import { systemClock, type DispatcherClock } from './dispatcher';
import { renderNotification } from './message-templates';
import type { NotificationOutbox } from './notification-outbox';
import {
  decideFlightNotices,
  isNotifiableChange,
  openOrExtendWindow,
  type CoalesceRules,
  type NotifyRules,
  type PassengerToldState,
} from './notification-rules';
import { buildNotificationRecords, type NotificationRecord } from './notification-record';

export interface FlightNoticeSchedulerOptions {
  store: NotificationOutbox;
  rules: NotifyRules & CoalesceRules;
  /** The flight as it is now (after the window's changes). */
  getFlight(flightId: string): Flight | undefined;
  getPassengers(flightId: string): readonly Passenger[];
  /** Called after a window's records are stored, e.g. `() => dispatcher.kick()`. */
  onQueued?(records: readonly NotificationRecord[]): void;
  clock?: DispatcherClock;
  newId?: () => string;
  /**
   * How a window's work is cut into turns of the event loop (default: TimeSlicer, 4 ms each);
   * tests give one that yields after every passenger.
   */
  newSlicer?: () => Slicer;
  onError?(error: unknown): void;
}

/**
 * Coalesces passenger notices per flight: each accepted change opens or slides the flight's
 * window (stored, so it survives a restart); when it closes, every passenger whose final state
 * differs from what they were last told gets one message per channel, stored in one step with
 * their new told state.
 */
export class FlightNoticeScheduler {
  private readonly timers = new Map<string, unknown>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly closeQueue: string[] = [];
  /** Windows being closed: how many changes slid each meanwhile. */
  private readonly closing = new Map<string, { count: number }>();
  private readonly clock: DispatcherClock;
  private readonly newSlicer: () => Slicer;
  private running = false;
  /** Counts stop()s: a close begun before one stores nothing after it. */
  private generation = 0;

  constructor(private readonly options: FlightNoticeSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.newSlicer = options.newSlicer ?? (() => new TimeSlicer());
  }

  /** Re-arms the windows stored before a restart; overdue ones close at once. */
  start(): void {
    this.running = true;
    for (const pending of this.options.store.listPendingWindows()) {
      this.arm(pending.flightId, Date.parse(pending.dueAt));
    }
  }

  /**
   * The hub's way in: hub change `seq` (durable, with the flight before it) opens or slides the
   * flight's window, applied at once — synchronously, so windows are saved in seq order — and
   * durable when the promise resolves. `at` is when the change was made (a replayed change keeps
   * its own time, so its window is already due when the hub catches up after a restart).
   */
  absorb(before: Flight, fields: FieldChanges, at: Date, seq: number): Promise<void> {
    if (!isNotifiableChange(fields)) return Promise.resolve();
    const { store } = this.options;
    const pending = openOrExtendWindow(
      store.getPendingWindow(before.id),
      before,
      at,
      this.options.rules,
    );
    const saved = store.savePendingWindow(pending, seq);
    const closing = this.closing.get(before.id);
    if (closing) closing.count += 1;
    this.arm(before.id, Date.parse(pending.dueAt));
    return saved;
  }

  /**
   * Closes a flight's window (now, or with `onlyIfDue` only once its time has come): decides,
   * renders, stores and hands over the notices. Rendering and encoding a big window (400
   * passengers, 1,200 records) take tens of milliseconds, so they are cut into slices of a few
   * milliseconds with the event loop handed back between them: agents' edits are acknowledged
   * meanwhile. A notifiable change absorbed meanwhile slides the window: the notices rendered are
   * out of date, so nothing is stored and the window is decided again (then in one go, so a
   * flight changing all the time cannot hold its window open) or re-armed if it is not due.
   */
  closeWindow(flightId: string, onlyIfDue = false): Promise<NotificationRecord[]> {
    return this.serialized(flightId, async () => {
      for (let sliced = true; ; sliced = false) {
        const closed = await this.tryClose(flightId, onlyIfDue, sliced);
        if (closed !== 'moved') return closed;
        onlyIfDue = true; // the slid window closes when its new time comes
      }
    });
  }

  private async tryClose(
    flightId: string,
    onlyIfDue: boolean,
    sliced: boolean,
  ): Promise<NotificationRecord[] | 'moved'> {
    const { store } = this.options;
    const pending = store.getPendingWindow(flightId);
    if (!pending) return [];
    if (onlyIfDue && Date.parse(pending.dueAt) > this.clock.now()) {
      this.arm(flightId, Date.parse(pending.dueAt)); // slid while this close waited its turn
      return [];
    }
    const generation = this.generation;
    const slicer = sliced ? this.newSlicer() : null;
    const moves = { count: 0 };
    this.closing.set(flightId, moves);
    try {
      const flight = this.options.getFlight(flightId);
      const passengers = flight ? this.options.getPassengers(flightId) : [];
      const notices = flight
        ? decideFlightNotices(
            flight,
            pending,
            passengers,
            (pnr) => store.getToldState(flightId, pnr),
            this.options.rules,
          )
        : [];
      const now = new Date(this.clock.now());
      const records: NotificationRecord[] = [];
      const told: PassengerToldState[] = [];
      for (const { passenger, notice } of notices) {
        if (slicer?.due) {
          await slicer.yield();
          // Stopped meanwhile: the window stays stored and is closed after the next start.
          if (this.generation !== generation) return [];
        }
        const rendered = renderNotification({ flight: flight!, notice, passenger });
        const built = buildNotificationRecords({
          flightId,
          passenger,
          notice,
          rendered,
          now,
          ...(this.options.newId ? { newId: this.options.newId } : {}),
        });
        for (const record of built) records.push(record);
        told.push({ pnr: passenger.pnr, told: notice.told });
      }
      // Passengers not told anything keep what they knew before the window (the flight as it
      // was); stored, so a later window measures a move from that and not from this window's
      // end — two 10-minute slips add up to a 20-minute delay worth telling.
      const notified = new Set(told.map((entry) => entry.pnr));
      for (const passenger of passengers) {
        if (notified.has(passenger.pnr) || store.getToldState(flightId, passenger.pnr)) continue;
        told.push({ pnr: passenger.pnr, told: pending.before });
      }
      const stored = await store.closeWindow(flightId, records, told, {
        stillWanted: () => moves.count === 0 && this.generation === generation,
        ...(slicer ? { slicer } : {}),
      });
      if (!stored) return this.generation === generation ? 'moved' : [];
      if (records.length > 0) this.options.onQueued?.(records);
      return records;
    } finally {
      if (this.closing.get(flightId) === moves) this.closing.delete(flightId);
    }
  }

  /** Stops the timers; stored windows are re-armed by the next start(). */
  stop(): void {
    this.running = false;
    this.generation += 1;
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
  }

  private arm(flightId: string, dueAt: number): void {
    if (!this.running) return;
    const existing = this.timers.get(flightId);
    if (existing !== undefined) this.clock.clearTimeout(existing);
    const handle = this.clock.setTimeout(
      () => {
        this.timers.delete(flightId);
        this.queueClose(flightId);
      },
      Math.max(0, dueAt - this.clock.now()),
    );
    this.timers.set(flightId, handle);
  }

  /**
   * Windows due together (an irregular-operations burst: 25 flights at once) close one after
   * the other, each in slices (see closeWindow): one at a time, so each turn of the event loop
   * holds at most one slice of window work, however many windows are due.
   */
  private queueClose(flightId: string): void {
    this.closeQueue.push(flightId);
    if (this.closeQueue.length === 1) setImmediate(() => void this.closeNext());
  }

  private async closeNext(): Promise<void> {
    while (this.closeQueue.length > 0) {
      // Stopped: the windows stay stored, and the next start() arms them again.
      if (!this.running) {
        this.closeQueue.length = 0;
        return;
      }
      const flightId = this.closeQueue[0]!;
      await this.closeWindow(flightId, true).catch((error: unknown) =>
        this.options.onError?.(error),
      );
      this.closeQueue.shift();
    }
  }

  /** One step at a time per flight, so a change never races the window closing. */
  private serialized<T>(flightId: string, step: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(flightId) ?? Promise.resolve();
    const next = previous.then(step, step);
    const settled = next.catch(() => undefined);
    this.queues.set(flightId, settled);
    void settled.then(() => {
      if (this.queues.get(flightId) === settled) this.queues.delete(flightId);
    });
    return next;
  }
}
