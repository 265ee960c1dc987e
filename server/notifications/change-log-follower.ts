import type { Logger } from 'pino';
import type { Change, Flight } from '../../core';
import type { Clock } from '../clock';
import type { FlightStore } from '../store/flight-store';
import { JournalPausedError } from './file-notification-outbox';
import type { FlightNoticeScheduler } from './flight-notice-scheduler';
import type { NotificationOutbox } from './notification-outbox';

const MARK_EVERY = 1_000;

/**
 * Feeds the hub's durable changes to the scheduler, each once and in seq order: the ones after
 * the outbox's absorbed seq at start (a crash cut them short), every new one as it is committed,
 * and again those since the last durable write after a failed journal write. Absorbing a change
 * twice tells nobody twice, so replaying is always safe; losing one is what this prevents.
 */
export class ChangeLogFollower {
  private stopped = false;
  /** The last seq recorded `absorbed` by this hub (see changeDurable). */
  private markedSeq = 0;
  /** While changes are replayed after a failed journal write: the live ones, kept in order. */
  private arrivedDuringReplay: Change[] | null = null;

  constructor(
    private readonly deps: {
      store: Pick<FlightStore, 'seq' | 'changesAfter' | 'subscribe'>;
      scheduler: Pick<FlightNoticeScheduler, 'absorb'>;
      outbox: Pick<NotificationOutbox, 'absorbedSeq' | 'markAbsorbed'>;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** Replays the durable changes not absorbed yet, then follows every new one. */
  async start(): Promise<void> {
    const { store, outbox, logger } = this.deps;
    const from = outbox.absorbedSeq;
    if (store.seq > from) {
      const changes = await store.changesAfter(from);
      for (const change of changes) this.absorb(change, new Date(change.change.at));
      logger.info(
        { from: from + 1, to: store.seq, changes: changes.length },
        'replayed changes into passenger notifications',
      );
    }
    this.markedSeq = store.seq;
    // Every durable change reaches notifications in seq order, whoever commits it.
    store.subscribe((changes) => {
      for (const change of changes) this.changeDurable(change);
    });
  }

  /**
   * A journal write failed and the outbox re-read its state: what it absorbed since its last
   * durable write is absorbed again, in seq order, changes arriving meanwhile after them.
   */
  async replayAfterFailedWrite(): Promise<void> {
    if (this.arrivedDuringReplay || this.stopped) return;
    const arrived: Change[] = [];
    this.arrivedDuringReplay = arrived;
    let last = this.deps.outbox.absorbedSeq;
    try {
      for (const change of await this.deps.store.changesAfter(last)) {
        this.absorb(change, new Date(change.change.at));
        last = change.seq;
      }
    } finally {
      this.arrivedDuringReplay = null;
      for (const change of arrived) {
        if (change.seq > last) this.absorb(change, new Date(this.deps.clock.now()));
      }
    }
  }

  /**
   * Call after the flight store has drained: records that every change so far was absorbed
   * (so the next start replays nothing).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const seq = this.deps.store.seq;
    if (seq > this.deps.outbox.absorbedSeq) await this.deps.outbox.markAbsorbed(seq);
  }

  /** Every change once durable, in seq order (synchronously, from the commit). */
  private changeDurable(change: Change): void {
    if (this.stopped) return;
    if (this.arrivedDuringReplay) {
      this.arrivedDuringReplay.push(change);
      return;
    }
    this.absorb(change, new Date(this.deps.clock.now()));
    // Most changes write nothing to the journal (only notifiable ones open a window), so the
    // watermark is also written every MARK_EVERY changes: after a crash, start-up replays at
    // most that many changes more than were notifiable, not the whole trail since the last one.
    // Appended after the windows of the changes before it, so it is durable only after them.
    if (change.seq - this.markedSeq >= MARK_EVERY) {
      this.markedSeq = change.seq;
      this.deps.outbox.markAbsorbed(change.seq).catch((error: unknown) => {
        if (error instanceof JournalPausedError) return;
        this.deps.logger.error({ err: error, seq: change.seq }, 'recording the watermark failed');
      });
    }
  }

  private absorb(change: Change, at: Date): void {
    this.deps.scheduler
      .absorb(flightBefore(change), change.change.fields, at, change.seq)
      .catch((error: unknown) => {
        // Paused after a failed journal write: the change is absorbed again on resume, and the
        // failed write itself was logged once.
        if (error instanceof JournalPausedError) return;
        this.deps.logger.error({ err: error, seq: change.seq }, 'absorbing a change failed');
      });
  }
}

/** The flight as it was before a change: the change's flight with each field's `from`. */
export function flightBefore(change: Change): Flight {
  const before: Record<string, unknown> = { ...change.flight };
  for (const [field, diff] of Object.entries(change.change.fields)) {
    if (diff) before[field] = diff.from;
  }
  return before as Flight;
}
