import { join } from 'node:path';
import type { Logger } from 'pino';
import type {
  Change,
  Flight,
  Notification,
  NotificationChannelName,
  NotificationSummary,
  Passenger,
} from '../../core';
import { DataFolderError } from '../store/data-folder-error';
import type { FlightStore } from '../store/flight-store';
import type { RetryPolicy } from './dispatcher';
import type { NotificationChannel } from './notification-channel';
import type { NotificationSettings } from './notification-config';
import {
  startNotificationEngine,
  type NotificationEngine,
  type NotificationSelfServiceHooks,
} from './notification-engine';
import { JournalPausedError } from './file-notification-outbox';

export const NOTIFICATIONS_FILE = 'notifications.ndjson';
const MARK_EVERY = 1_000;

export interface HubNotificationsOptions {
  dataDir: string;
  settings: NotificationSettings;
  /** Replayed from the engine's absorbed seq at start, then followed. */
  store: Pick<FlightStore, 'seq' | 'flight' | 'changesAfter' | 'subscribe'>;
  passengers: { list(flightId: string): readonly Passenger[] };
  logger: Logger;
  /** How often live summaries go out at most, per flight (default 250 ms). */
  summaryIntervalMs?: number;
  concurrency?: Partial<Record<NotificationChannelName, number>>;
  retry?: RetryPolicy;
  channels?: Partial<Record<NotificationChannelName, NotificationChannel>>;
  /** Passengers' own choices, Web Push, unsubscribe links (server/passengers). */
  selfService?: NotificationSelfServiceHooks;
  /**
   * Notifications of archived flights are pruned `days` after archiving (the rolling window's
   * `onRetired` calls `pruneFlights`). At start, those of flights gone from the live table with
   * nothing happening for `days` are pruned too: left by a hub that did not prune yet.
   */
  retention?: { days: number; now: () => Date };
}

/**
 * The notification engine inside the hub. The hub's change log is the one durable fact a
 * notification comes from (the transactional outbox, see server/README.md): every durable change
 * is absorbed in seq order, the engine's journal records the last seq absorbed, and at start the
 * changes after it are replayed from the log — so a crash between the change's commit and the
 * engine's own write loses nothing, and replaying a change twice tells nobody twice (each
 * passenger's last-told state is compared, never the change itself).
 */
export class HubNotifications {
  private broadcast: ((summary: NotificationSummary) => void) | null = null;
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The last seq recorded `absorbed` by this hub (see changeDurable). */
  private markedSeq = 0;
  /** While changes are replayed after a failed journal write: the live ones, kept in order. */
  private arrivedDuringReplay: Change[] | null = null;

  private constructor(
    private readonly engine: NotificationEngine,
    private readonly options: HubNotificationsOptions,
  ) {
    engine.onRecordChange((record, previous) => {
      if (previous?.status !== record.status) this.markDirty(record.flightId);
    });
    engine.onResumed(() => {
      options.logger.warn(
        { absorbedSeq: engine.absorbedSeq },
        'the notification journal takes writes again; replaying changes since its last durable one',
      );
      this.replayAfterFailedWrite().catch((error: unknown) =>
        options.logger.error({ err: error }, 'replaying changes into notifications failed'),
      );
    });
  }

  static async start(options: HubNotificationsOptions): Promise<HubNotifications> {
    const { store, passengers, logger } = options;
    const journalPath = join(options.dataDir, NOTIFICATIONS_FILE);
    let engine: NotificationEngine;
    try {
      engine = await startNotificationEngine({
        settings: options.settings,
        journalPath,
        getFlight: (flightId) => store.flight(flightId),
        getPassengers: (flightId) => passengers.list(flightId),
        onError: (error) => logger.error({ err: error }, 'notification engine error'),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.channels ? { channels: options.channels } : {}),
        ...(options.selfService ? { selfService: options.selfService } : {}),
      });
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(journalPath)) {
        throw new DataFolderError(journalPath, error.message.slice(journalPath.length + 2));
      }
      throw error;
    }
    const hubNotifications = new HubNotifications(engine, options);
    await hubNotifications.catchUp();
    hubNotifications.markedSeq = store.seq;
    await hubNotifications.pruneForgotten();
    // Every durable change reaches the engine in seq order, whoever commits it.
    store.subscribe((changes) => {
      for (const change of changes) hubNotifications.changeDurable(change);
    });
    logger.info(
      {
        sms: options.settings.twilio ? 'twilio' : 'off',
        email: options.settings.smtp ? 'smtp' : 'off',
        push: options.selfService ? 'web-push' : 'off',
        absorbedSeq: engine.absorbedSeq,
      },
      'passenger notifications started',
    );
    return hubNotifications;
  }

  /** Replays the durable changes the engine has not absorbed (a crash cut it short). */
  private async catchUp(): Promise<void> {
    const { store, logger } = this.options;
    const from = this.engine.absorbedSeq;
    if (store.seq <= from) return;
    const changes = await store.changesAfter(from);
    for (const change of changes) this.absorb(change, new Date(change.change.at));
    logger.info(
      { from: from + 1, to: store.seq, changes: changes.length },
      'replayed changes into passenger notifications',
    );
  }

  /**
   * A journal write failed and the engine re-read its state: what it absorbed since its last
   * durable write is absorbed again, in seq order, changes arriving meanwhile after them
   * (absorbing a change twice tells nobody twice).
   */
  private async replayAfterFailedWrite(): Promise<void> {
    if (this.arrivedDuringReplay || this.stopped) return;
    const arrived: Change[] = [];
    this.arrivedDuringReplay = arrived;
    let last = this.engine.absorbedSeq;
    try {
      for (const change of await this.options.store.changesAfter(last)) {
        this.absorb(change, new Date(change.change.at));
        last = change.seq;
      }
    } finally {
      this.arrivedDuringReplay = null;
      for (const change of arrived) if (change.seq > last) this.absorb(change, new Date());
    }
  }

  /** Call for every change once durable, in seq order (synchronously, from the commit). */
  changeDurable(change: Change): void {
    if (this.stopped) return;
    if (this.arrivedDuringReplay) {
      this.arrivedDuringReplay.push(change);
      return;
    }
    this.absorb(change, new Date());
    // Most changes write nothing to the journal (only notifiable ones open a window), so the
    // watermark is also written every MARK_EVERY changes: after a crash, start-up replays at
    // most that many changes more than were notifiable, not the whole trail since the last one.
    // Appended after the windows of the changes before it, so it is durable only after them.
    if (change.seq - this.markedSeq >= MARK_EVERY) {
      this.markedSeq = change.seq;
      this.engine.markAbsorbed(change.seq).catch((error: unknown) => {
        if (error instanceof JournalPausedError) return;
        this.options.logger.error(
          { err: error, seq: change.seq },
          'recording the watermark failed',
        );
      });
    }
  }

  private absorb(change: Change, at: Date): void {
    this.engine
      .absorbChange(flightBefore(change), change.change.fields, at, change.seq)
      .catch((error: unknown) => {
        // Paused after a failed journal write: the change is absorbed again on resume, and the
        // failed write itself was logged once.
        if (error instanceof JournalPausedError) return;
        this.options.logger.error({ err: error, seq: change.seq }, 'absorbing a change failed');
      });
  }

  /** See `retention` in HubNotificationsOptions. */
  private async pruneForgotten(): Promise<void> {
    const { retention, store } = this.options;
    if (!retention) return;
    const cutoff = retention.now().getTime() - retention.days * 86_400_000;
    const forgotten = this.engine.flightIds().filter((flightId) => {
      if (store.flight(flightId)) return false;
      const records = this.engine.outbox.listByFlight(flightId);
      return records.every((record) => Date.parse(record.updatedAt) < cutoff);
    });
    if (forgotten.length > 0) await this.pruneFlights(forgotten);
  }

  /** Retention: forgets the notifications of these long-archived flights. */
  async pruneFlights(flightIds: readonly string[]): Promise<number> {
    const removed = await this.engine.pruneFlights(flightIds);
    if (removed > 0) {
      this.options.logger.info(
        { flights: flightIds.length, notifications: removed },
        'deleted notifications past their retention',
      );
    }
    return removed;
  }

  /** Where live summaries go (the hub's `io.emit('notifications:summary', …)`). */
  onSummary(broadcast: (summary: NotificationSummary) => void): void {
    this.broadcast = broadcast;
  }

  /** A supervisor replaced the flight's manifest. */
  manifestReplaced(flightId: string): void {
    this.markDirty(flightId);
  }

  summary(flightId: string): NotificationSummary {
    return {
      flightId,
      passengers: this.options.passengers.list(flightId).length,
      counts: this.engine.countsFor(flightId),
    };
  }

  /** Every flight of `flightIds` with a manifest or notifications. */
  summaries(flightIds: readonly string[]): NotificationSummary[] {
    return flightIds
      .map((flightId) => this.summary(flightId))
      .filter(
        (summary) =>
          summary.passengers > 0 || Object.values(summary.counts).some((count) => count > 0),
      );
  }

  /** Every notification counted by channel and status (`/metrics`, read at each scrape). */
  countsByChannel(): { channel: string; status: string; count: number }[] {
    const counts = new Map<string, { channel: string; status: string; count: number }>();
    for (const flightId of this.engine.flightIds()) {
      for (const { channel, status } of this.engine.listFlightNotifications(flightId)) {
        const key = `${channel}\u0000${status}`;
        const entry = counts.get(key) ?? { channel, status, count: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
    }
    return [...counts.values()];
  }

  list(flightId: string): Notification[] {
    return this.engine.listFlightNotifications(flightId);
  }

  /** The flight's notifications with the name of the passenger each went to (staff only). */
  listNamed(flightId: string): Array<Notification & { passengerName: string | null }> {
    const manifest = this.options.passengers.list(flightId);
    const recipients = this.engine.recipientsOf(flightId);
    return this.list(flightId).map((notification) => ({
      ...notification,
      passengerName: passengerNameOf(notification.pnr, recipients.get(notification.id), manifest),
    }));
  }

  /** A supervisor asked to send a failed (or skipped) notification again; logged for audit. */
  async retry(flightId: string, id: string, by: string) {
    const result = await this.engine.retry(flightId, id);
    if (result && result !== 'not-retryable') {
      this.options.logger.info({ by, flightId, notificationId: id }, 'notification retried');
    }
    return result;
  }

  handleTwilioStatus(input: Parameters<NotificationEngine['handleTwilioStatus']>[0]) {
    return this.engine.handleTwilioStatus(input);
  }

  /** The public URL Twilio is told to post delivery reports to, if configured. */
  get statusCallbackUrl(): string | null {
    return this.options.settings.twilio?.statusCallbackUrl ?? null;
  }

  /**
   * Call after the flight store has drained: records that every change so far was absorbed,
   * then waits for the sends under way to be recorded and closes the journal.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const seq = this.options.store.seq;
    if (seq > this.engine.absorbedSeq) await this.engine.markAbsorbed(seq);
    await this.engine.stop();
  }

  private markDirty(flightId: string): void {
    this.dirty.add(flightId);
    if (this.flushTimer || this.stopped) return;
    // Summaries go out at most every interval: a burst of thousands of sends is a few events.
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const flights = [...this.dirty];
      this.dirty.clear();
      for (const flightId of flights) this.broadcast?.(this.summary(flightId));
    }, this.options.summaryIntervalMs ?? 250);
    this.flushTimer.unref();
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

/**
 * The passenger a notification went to: by booking reference and the phone or e-mail it was sent
 * to (several passengers share a booking), or the booking's only passenger (push endpoints are not
 * in the manifest). Null when it cannot be told.
 */
export function passengerNameOf(
  pnr: string,
  to: string | undefined,
  manifest: readonly Pick<Passenger, 'pnr' | 'name' | 'phone' | 'email'>[],
): string | null {
  const booking = manifest.filter((passenger) => passenger.pnr === pnr);
  const byContact = booking.find(
    (passenger) => to !== undefined && (passenger.phone === to || passenger.email === to),
  );
  if (byContact) return byContact.name;
  return booking.length === 1 ? booking[0]!.name : null;
}
