import { systemClock, type Clock } from '../clock';
import type { NotificationChannel, SendResult } from './notification-channel';
import { NOT_CONFIGURED_REASON } from './notification-channel';
import { checkUnconfirmedAttempt, checkableAt, withoutCheck } from './unconfirmed-attempt';
import { TimeSlicer } from '../schedules/time-slicer';
import { DEFAULT_SMTP_CONNECTIONS } from './notification-config';
import type { NotificationChannelName } from '../../core';
import type { NotificationOutbox } from './notification-outbox';
import type { NotificationRecord } from './notification-record';

export interface RetryPolicy {
  /** First backoff ceiling; each retry doubles it. */
  baseMs: number;
  /** Largest backoff ceiling. */
  capMs: number;
  /** Tries in all, the first included; then the record is `failed`. */
  maxAttempts: number;
}

export const PRODUCTION_RETRY: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxAttempts: 8 };

/** Timers the dispatcher uses; tests may inject their own. */
export type DispatcherClock = Clock;
export { systemClock };

export interface NotificationDispatcherOptions {
  outbox: NotificationOutbox;
  /** A channel left out (its provider is not configured) gets its records `skipped`. */
  channels: Partial<Record<NotificationChannelName, NotificationChannel>>;
  concurrency?: Partial<Record<NotificationChannelName, number>>;
  retry?: RetryPolicy;
  clock?: DispatcherClock;
  /** Uniform in [0, 1); injectable for tests. */
  random?: () => number;
  /**
   * A record still `sending` at start: the hub stopped between marking it and recording the
   * provider's answer, so it may or may not have been sent. `resend` (default) queues it as an
   * unconfirmed attempt: checked with the provider first where the channel can (Twilio), sent
   * again otherwise (SMTP: a rare duplicate rather than a lost gate change); `fail` marks it
   * failed instead.
   */
  onInterruptedSend?: 'resend' | 'fail';
  onError?: (error: unknown) => void;
  /** A push service answered 404/410: the subscription at `endpoint` is gone; remove it. */
  onSubscriptionGone?: (endpoint: string) => Promise<void> | void;
}

const DEFAULT_CONCURRENCY: Record<NotificationChannelName, number> = {
  sms: 50,
  email: DEFAULT_SMTP_CONNECTIONS,
  push: 50,
};
/**
 * Provider calls started per turn of the event loop. The `sending` lines of a whole pump are made
 * durable in one journal write, so their sends would otherwise all start in the same turn: 130
 * sends × up to a millisecond each (push payload encryption, composing a mail) is a stretch in
 * which no flight edit is acknowledged.
 */
export const SENDS_PER_TURN = 4;
const CHANNELS: readonly NotificationChannelName[] = ['sms', 'email', 'push'];

/**
 * Sends what the outbox holds: takes due records per channel (bounded concurrency), stores each
 * `sending` before calling the provider and `sent` / `failed` / re-`queued` after. Temporary
 * failures back off exponentially with full jitter; permanent ones fail at once.
 */
export class NotificationDispatcher {
  private readonly outbox: NotificationOutbox;
  private readonly channels: Partial<Record<NotificationChannelName, NotificationChannel>>;
  private readonly concurrency: Record<NotificationChannelName, number>;
  private readonly retry: RetryPolicy;
  private readonly clock: DispatcherClock;
  private readonly random: () => number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly inFlightPerChannel: Record<NotificationChannelName, number> = {
    sms: 0,
    email: 0,
    push: 0,
  };
  private timer: { handle: unknown; at: number } | null = null;
  private running = false;
  private pumping = false;
  private pumpAgain = false;
  private readonly turns = new EventLoopTurns(SENDS_PER_TURN);

  constructor(private readonly options: NotificationDispatcherOptions) {
    this.outbox = options.outbox;
    this.channels = options.channels;
    this.concurrency = { ...DEFAULT_CONCURRENCY, ...options.concurrency };
    this.retry = options.retry ?? PRODUCTION_RETRY;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** Resumes: settles records interrupted mid-send, then sends everything due. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.settleInterrupted('the hub stopped while this was being sent');
    this.kick();
  }

  /**
   * The outbox takes writes again after a failed one (its state re-read from disk): a record
   * left `sending` there whose send is not under way lost its outcome's write, so it is settled
   * like one interrupted by a stop; then everything due is sent.
   */
  async resume(): Promise<void> {
    if (!this.running) return;
    await this.settleInterrupted('the outcome of this send could not be stored (a write failed)');
    this.kick();
  }

  private async settleInterrupted(note: string): Promise<void> {
    for (const record of this.outbox.interruptedSends()) {
      if (this.inFlight.has(record.id)) continue;
      const now = this.clock.now();
      const at = new Date(now).toISOString();
      if (this.options.onInterruptedSend === 'fail') {
        await this.outbox.update({ ...record, status: 'failed', error: note, updatedAt: at });
      } else {
        const since = record.attemptStartedAt ?? record.updatedAt;
        await this.outbox.update({
          ...record,
          status: 'queued',
          lastError: note,
          unconfirmedSince: since,
          nextAttemptAt: new Date(
            checkableAt(this.channels[record.channel], since, now),
          ).toISOString(),
          updatedAt: at,
        });
      }
    }
  }

  /** Tells the dispatcher new records were stored; safe to call often. */
  kick(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pump()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.kick();
        }
      });
  }

  /** Stops taking records and waits for the sends under way to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.clock.clearTimeout(this.timer.handle);
    this.timer = null;
    while (this.inFlight.size > 0 || this.pumping) {
      await Promise.all([...this.inFlight.values()]);
      if (this.pumping) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Sends under way per channel (for tests and monitoring). */
  get activeSends(): Readonly<Record<NotificationChannelName, number>> {
    return { ...this.inFlightPerChannel };
  }

  private async pump(): Promise<void> {
    // Writes are refused (a failed journal write): nothing is sent until `resume`.
    if (this.paused()) return;
    // Starting a send costs CPU (a push is encrypted, a mail composed): in a burst, sends are
    // started in slices of a few ms, so an agent's edit waits for one slice, not a whole wave.
    const slicer = new TimeSlicer();
    // Records that come due while the claims below run were not seen by them: the wake-up is
    // computed from here, not from when the claims end.
    const scannedAt = this.clock.now();
    for (const channel of CHANNELS) {
      for (;;) {
        const free = this.concurrency[channel] - this.inFlightPerChannel[channel];
        if (free <= 0 || !this.running || this.paused()) break;
        // Claimed: stored `sending` (its attempt counted), and no other hub's to send.
        const due = await this.outbox.claimDue(channel, new Date(this.clock.now()), free);
        if (due.length === 0) break;
        // Skips are applied at once (the index sees them) and made durable together.
        const skips: Promise<void>[] = [];
        for (const record of due) {
          if (slicer.due) await slicer.yield();
          if (!this.running) break;
          const skip = this.skipIfUnreachable(record);
          if (skip) skips.push(skip);
          else this.launch(record);
        }
        await Promise.all(skips);
        if (!this.running) return;
      }
    }
    this.scheduleWake(scannedAt);
  }

  private paused(): boolean {
    return this.outbox.writable === false;
  }

  /** Records that cannot be sent are settled without taking a slot: the write, or null. */
  private skipIfUnreachable(record: NotificationRecord): Promise<void> | null {
    let reason: string | undefined;
    if (!this.channels[record.channel]) reason = NOT_CONFIGURED_REASON[record.channel];
    else if (record.channel === 'sms' && this.outbox.optOuts.isOptedOut(record.to)) {
      reason = `recipient opted out: ${this.outbox.optOuts.get(record.to)?.reason ?? 'unsubscribed'}`;
    }
    if (reason === undefined) return null;
    const at = new Date(this.clock.now()).toISOString();
    // Claimed, not attempted: the claim's attempt is given back.
    return this.outbox.update(
      { ...record, status: 'skipped', attempts: record.attempts - 1, error: reason, updatedAt: at },
      { claimed: true },
    );
  }

  private launch(record: NotificationRecord): void {
    this.inFlightPerChannel[record.channel] += 1;
    const done = this.sendOne(record)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.inFlight.delete(record.id);
        this.inFlightPerChannel[record.channel] -= 1;
        this.kick();
      });
    this.inFlight.set(record.id, done);
  }

  /** `claimed` is durable `sending` (claimDue): a restart knows this one may have gone out. */
  private async sendOne(claimed: NotificationRecord): Promise<void> {
    const channel = this.channels[claimed.channel]!;
    let sending = claimed;
    if (sending.unconfirmedSince !== undefined) {
      // Taken over from a hub that died mid-send before the provider lists what it took: back
      // in the queue until it does (a lease longer than the listing delay never waits here).
      const checkable = checkableAt(channel, sending.unconfirmedSince, 0);
      if (checkable > this.clock.now()) {
        await this.outbox.update(
          {
            ...sending,
            status: 'queued',
            attempts: sending.attempts - 1,
            nextAttemptAt: new Date(checkable).toISOString(),
          },
          { claimed: true },
        );
        return;
      }
      // An earlier attempt may have gone out: ask the provider before sending again. A channel
      // that cannot be asked (SMTP) sends again: the duplicate window documented in SECURITY.md.
      const unsettled = channel.findSent
        ? await checkUnconfirmedAttempt(sending, channel, {
            outbox: this.outbox,
            now: () => this.clock.now(),
            maxAttempts: this.retry.maxAttempts,
            backoffMs: (failures) => this.backoffMs(failures),
          })
        : withoutCheck(sending);
      if (!unsettled) return;
      sending = unsettled;
    }
    const startedAt = sending.attemptStartedAt!;
    await this.turns.take();
    let result: SendResult;
    try {
      result = await channel.send(sending);
    } catch (error) {
      result = { ok: false, temporary: true, reason: (error as Error).message || String(error) };
    }
    const now = this.clock.now();
    const at = new Date(now).toISOString();
    // Outcomes go in their own small journal batch: a crash then finds few records whose
    // answer came but was not stored (`sending` above is durable, so nothing is reordered).
    const promptly = { promptly: true, claimed: true };
    if (result.ok) {
      const sent: NotificationRecord = { ...sending, status: 'sent', sentAt: at, updatedAt: at };
      if (result.providerMessageId) sent.providerMessageId = result.providerMessageId;
      delete sent.error;
      await this.outbox.update(sent, promptly);
      return;
    }
    if (result.optedOut && sending.channel === 'sms') {
      await this.outbox.optOuts.optOut({ phone: sending.to, reason: result.reason, at });
    }
    const delay = Math.max(this.backoffMs(sending.attempts), result.retryAfterMs ?? 0);
    if (result.unconfirmed && channel.findSent) {
      // It may have gone out: never sent again before the provider has been asked (even past
      // the last attempt: the check then settles it as sent or failed).
      await this.outbox.update(
        {
          ...sending,
          status: 'queued',
          lastError: `${result.reason} (it may have been sent: checked before any resend)`,
          unconfirmedSince: startedAt,
          nextAttemptAt: new Date(
            Math.max(now + delay, checkableAt(channel, startedAt, now)),
          ).toISOString(),
          updatedAt: at,
        },
        promptly,
      );
      return;
    }
    if (result.temporary && sending.attempts < this.retry.maxAttempts) {
      await this.outbox.update(
        {
          ...sending,
          status: 'queued',
          lastError: result.reason,
          nextAttemptAt: new Date(now + delay).toISOString(),
          updatedAt: at,
        },
        promptly,
      );
      return;
    }
    const error = result.temporary
      ? `gave up after ${sending.attempts} attempts: ${result.reason}`
      : result.reason;
    await this.outbox.update(
      { ...sending, status: 'failed', error, lastError: result.reason, updatedAt: at },
      promptly,
    );
    // After the record is settled: a failure here must not leave it `sending`.
    if (result.gone && sending.channel === 'push') {
      try {
        await this.options.onSubscriptionGone?.(sending.to);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  /** Full jitter: uniform in [0, min(cap, base·2^(attempt−1))). */
  backoffMs(attempt: number): number {
    const ceiling = Math.min(this.retry.capMs, this.retry.baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  /**
   * A timer for the next record to come due after `scannedAt`, when the last claims began: one
   * that came due while they ran (a short backoff on a busy machine) is claimed at once, not
   * left queued until something else wakes the dispatcher.
   */
  private scheduleWake(scannedAt: number): void {
    if (!this.running) return;
    // Records already due wait for a free slot: a finishing send kicks the dispatcher, and so
    // does the last one, so while sends are under way no timer is needed (and no scan is made).
    if (this.inFlight.size > 0) return;
    const now = this.clock.now();
    let next = this.outbox.nextAttemptAt(new Date(scannedAt))?.getTime();
    // A shared outbox: other hubs' records and expired leases come due unannounced.
    const { pollMs } = this.outbox;
    if (pollMs !== undefined) next = Math.min(next ?? Infinity, now + pollMs);
    if (next === undefined) return;
    if (this.timer && this.timer.at <= next) return;
    if (this.timer) this.clock.clearTimeout(this.timer.handle);
    const delay = Math.max(0, next - this.clock.now());
    this.timer = {
      at: next,
      handle: this.clock.setTimeout(() => {
        this.timer = null;
        this.kick();
      }, delay),
    };
  }
}

/**
 * Lets at most `perTurn` waiters go on per turn of the event loop (each turn one setImmediate,
 * so the loop polls for I/O — a console's edit — between them).
 */
class EventLoopTurns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly perTurn: number) {}

  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const go of this.waiting.splice(0, this.perTurn)) go();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
