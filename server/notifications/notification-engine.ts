import {
  NOTIFICATION_RETRYABLE_STATUSES,
  type FieldChanges,
  type Flight,
  type Notification,
  type NotificationChannelName,
  type NotificationCounts,
  type Passenger,
} from '../../core';
import {
  NotificationDispatcher,
  systemClock,
  type DispatcherClock,
  type RetryPolicy,
} from './dispatcher';
import { FileNotificationOutbox } from './file-notification-outbox';
import { FlightNoticeScheduler } from './flight-notice-scheduler';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import type { NotificationChannel } from './notification-channel';
import type { NotificationSettings } from './notification-config';
import type { NotificationOutbox, RecordChangeListener } from './notification-outbox';
import { toContractNotification, type NotificationRecord } from './notification-record';
import type { NotifiablePassenger } from '../passengers/passenger-reach';
import { SmtpEmailChannel } from './smtp-email-channel';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { isValidTwilioSignature } from './twilio-signature';
import { applyTwilioStatusCallback, type StatusCallbackOutcome } from './twilio-status-callback';

export interface NotificationEngineOptions {
  settings: NotificationSettings;
  /** The journal file, e.g. `<data folder>/notifications.ndjson`; unset: kept in memory only. */
  journalPath?: string;
  getFlight(flightId: string): Flight | undefined;
  getPassengers(flightId: string): readonly Passenger[];
  clock?: DispatcherClock;
  retry?: RetryPolicy;
  concurrency?: Partial<Record<NotificationChannelName, number>>;
  /** Channels to use instead of the configured ones (tests). */
  channels?: Partial<Record<NotificationChannelName, NotificationChannel>>;
  /** Web Push and what e-mail needs from the passengers' side (server/passengers). */
  selfService?: NotificationSelfServiceHooks;
  onError?(error: unknown): void;
}

/** What the passengers' side (server/passengers/passenger-side.ts) gives notifications. */
export interface NotificationSelfServiceHooks {
  /** A flight's passengers with their own choices applied (replaces getPassengers). */
  passengersOf(flightId: string): readonly NotifiablePassenger[];
  pushChannel: NotificationChannel;
  onSubscriptionGone(endpoint: string): Promise<void>;
  emailHeaders?: (record: NotificationRecord) => Promise<Record<string, string>>;
}

/** Everything the hub needs from notifications, wired together. */
export interface NotificationEngine {
  readonly outbox: NotificationOutbox;
  /** Call after a flight change is durably stored, with the flight as it was before. */
  flightChanged(before: Flight, fields: FieldChanges): Promise<void>;
  /**
   * The hub's way in: durable hub change `seq`, applied at once (call in seq order), durable
   * when resolved. See FlightNoticeScheduler.absorb.
   */
  absorbChange(before: Flight, fields: FieldChanges, at: Date, seq: number): Promise<void>;
  /** The last hub change seq absorbed durably recorded (replay the hub's changes after it). */
  readonly absorbedSeq: number;
  markAbsorbed(seq: number): Promise<void>;
  /** `GET /api/flights/:id/notifications`. */
  listFlightNotifications(flightId: string): Notification[];
  /** Where each of the flight's notifications went (phone, e-mail, push endpoint), by id. */
  recipientsOf(flightId: string): Map<string, string>;
  countsFor(flightId: string): NotificationCounts;
  /** Flights that have notifications. */
  flightIds(): string[];
  /**
   * Queues a failed or skipped notification of the flight again, to be sent at once. Returns
   * the notification, `undefined` if the flight has no such notification, or `'not-retryable'`.
   */
  retry(flightId: string, id: string): Promise<Notification | undefined | 'not-retryable'>;
  /** Listeners told after every record change (synchronously, before it is durable). */
  onRecordChange(listener: RecordChangeListener): void;
  /**
   * Told when the journal takes writes again after a failed one: its state was re-read from
   * disk, so hub changes absorbed since the last durable one must be absorbed again.
   */
  onResumed(listener: () => void): void;
  /** Retention: forgets the notifications of these (long archived) flights; returns how many. */
  pruneFlights(flightIds: readonly string[]): Promise<number>;
  /** `POST /api/notifications/twilio-status`: checks the signature, then applies the report. */
  handleTwilioStatus(input: {
    url: string;
    params: Record<string, string>;
    signature: string | undefined;
  }): Promise<StatusCallbackOutcome | { applied: false; forbidden: true; reason: string }>;
  /** Stops timers, waits for sends under way to be recorded, closes the journal. */
  stop(): Promise<void>;
}

export async function startNotificationEngine(
  options: NotificationEngineOptions,
): Promise<NotificationEngine> {
  const { settings } = options;
  const clock = options.clock ?? systemClock;
  const outbox: NotificationOutbox = options.journalPath
    ? await FileNotificationOutbox.open(options.journalPath)
    : new MemoryNotificationOutbox();
  const channels: Partial<Record<NotificationChannelName, NotificationChannel>> =
    options.channels ?? {};
  if (!options.channels) {
    if (settings.twilio) channels.sms = new TwilioSmsChannel({ settings: settings.twilio });
    if (settings.smtp) {
      const headersFor = options.selfService?.emailHeaders;
      channels.email = new SmtpEmailChannel({
        settings: settings.smtp,
        ...(headersFor ? { headersFor } : {}),
      });
    }
    if (options.selfService?.pushChannel) channels.push = options.selfService.pushChannel;
  }
  const dispatcher = new NotificationDispatcher({
    outbox,
    channels,
    clock,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.selfService ? { onSubscriptionGone: options.selfService.onSubscriptionGone } : {}),
  });
  const scheduler = new FlightNoticeScheduler({
    store: outbox,
    rules: {
      coalesceMs: settings.coalesceMs,
      delayThresholdMinutes: settings.delayThresholdMinutes,
    },
    getFlight: options.getFlight,
    getPassengers: options.selfService?.passengersOf ?? options.getPassengers,
    onQueued: () => dispatcher.kick(),
    clock,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const listeners: RecordChangeListener[] = [];
  const early = new EarlyStatusReports();
  outbox.setChangeListener((record, previous) => {
    for (const listener of listeners) listener(record, previous);
    // A delivery report that overtook the `sent` record: apply it now the id is known.
    if (record.providerMessageId && !previous?.providerMessageId) {
      const params = early.take(record.providerMessageId, clock.now());
      if (params) {
        // Not from inside the outbox's write: the report is applied as its own later write.
        setImmediate(() => {
          applyTwilioStatusCallback(outbox, params, new Date(clock.now())).catch((error: unknown) =>
            options.onError?.(error),
          );
        });
      }
    }
  });
  const resumeListeners: (() => void)[] = [];
  outbox.onResumed(() => {
    // Windows re-read from disk are armed again; sends lost with the failed write settled.
    scheduler.start();
    dispatcher.resume().catch((error: unknown) => options.onError?.(error));
    for (const listener of resumeListeners) listener();
  });
  await dispatcher.start();
  scheduler.start();

  return {
    outbox,
    flightChanged: (before, fields) => scheduler.flightChanged(before, fields),
    absorbChange: (before, fields, at, seq) => scheduler.absorb(before, fields, at, seq),
    get absorbedSeq() {
      return outbox.absorbedSeq;
    },
    markAbsorbed: (seq) => outbox.markAbsorbed(seq),
    listFlightNotifications: (flightId) =>
      outbox.listByFlight(flightId).map(toContractNotification),
    recipientsOf: (flightId) =>
      new Map(outbox.listByFlight(flightId).map((record) => [record.id, record.to])),
    countsFor: (flightId) => outbox.countsFor(flightId),
    flightIds: () => outbox.flightIds(),
    async retry(flightId, id) {
      const record = outbox.get(id);
      if (!record || record.flightId !== flightId) return undefined;
      const retryable: readonly string[] = NOTIFICATION_RETRYABLE_STATUSES;
      if (!retryable.includes(record.status)) return 'not-retryable';
      const at = new Date(clock.now()).toISOString();
      const queued: NotificationRecord = {
        ...record,
        status: 'queued',
        nextAttemptAt: at,
        updatedAt: at,
        lastError: `retried after: ${record.error ?? record.status}`,
      };
      delete queued.error;
      await outbox.update(queued);
      dispatcher.kick();
      return toContractNotification(outbox.get(id) ?? queued);
    },
    onRecordChange: (listener) => {
      listeners.push(listener);
    },
    onResumed: (listener) => {
      resumeListeners.push(listener);
    },
    pruneFlights: (flightIds) => outbox.pruneFlights(flightIds),
    async handleTwilioStatus({ url, params, signature }) {
      const authToken = settings.twilio?.authToken;
      if (!authToken || !isValidTwilioSignature({ authToken, url, params, signature })) {
        return { applied: false, forbidden: true, reason: 'invalid X-Twilio-Signature' };
      }
      const outcome = await applyTwilioStatusCallback(outbox, params, new Date(clock.now()));
      const sid = params.MessageSid ?? params.SmsSid;
      const status = params.MessageStatus ?? params.SmsStatus ?? '';
      const final = ['delivered', 'undelivered', 'failed'].includes(status);
      if (!outcome.applied && final && sid && !outbox.findByProviderMessageId(sid)) {
        early.keep(sid, params, clock.now());
      }
      return outcome;
    },
    async stop() {
      scheduler.stop();
      await dispatcher.stop();
      await Promise.all(Object.values(channels).map((channel) => channel.close?.()));
      await outbox.close();
    },
  };
}

/**
 * Twilio can report on a message before the hub has stored the `sent` record that names it
 * (the report races the end of the send). Such reports are kept a while, bounded, and applied
 * when the record arrives.
 */
class EarlyStatusReports {
  private readonly reports = new Map<string, { params: Record<string, string>; at: number }>();
  constructor(
    private readonly maxAgeMs = 10 * 60_000,
    private readonly maxSize = 10_000,
  ) {}

  keep(sid: string, params: Record<string, string>, now: number): void {
    this.expire(now);
    if (this.reports.size >= this.maxSize) {
      const oldest = this.reports.keys().next().value;
      if (oldest !== undefined) this.reports.delete(oldest);
    }
    // A later report of the same message (e.g. `sent`, then `delivered`) replaces the earlier.
    this.reports.delete(sid);
    this.reports.set(sid, { params, at: now });
  }

  take(sid: string, now: number): Record<string, string> | undefined {
    if (this.reports.size === 0) return undefined;
    this.expire(now);
    const report = this.reports.get(sid);
    this.reports.delete(sid);
    return report?.params;
  }

  private expire(now: number): void {
    for (const [sid, report] of this.reports) {
      if (now - report.at <= this.maxAgeMs) break;
      this.reports.delete(sid);
    }
  }
}
