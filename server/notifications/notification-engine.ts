import type { FieldChanges, Flight, Notification, Passenger } from '../../core';
import {
  NotificationDispatcher,
  systemClock,
  type DispatcherClock,
  type RetryPolicy,
} from './dispatcher';
import { FileNotificationOutbox } from './file-notification-outbox';
import { FlightNoticeScheduler } from './flight-notice-scheduler';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import type { NoticeStateStore } from './notice-state';
import type { NotificationChannel } from './notification-channel';
import type { NotificationSettings } from './notification-config';
import { toContractNotification, type ChannelName, type NotificationOutbox } from './outbox';
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
  concurrency?: Partial<Record<ChannelName, number>>;
  /** Channels to use instead of the configured ones (tests). */
  channels?: Partial<Record<ChannelName, NotificationChannel>>;
  onError?(error: unknown): void;
}

/** Everything the hub needs from notifications, wired together. */
export interface NotificationEngine {
  readonly outbox: NotificationOutbox & NoticeStateStore;
  /** Call after a flight change is durably stored, with the flight as it was before. */
  flightChanged(before: Flight, fields: FieldChanges): Promise<void>;
  /** `GET /api/flights/:id/notifications`. */
  listFlightNotifications(flightId: string): Notification[];
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
  const outbox = options.journalPath
    ? await FileNotificationOutbox.open(options.journalPath)
    : new MemoryNotificationOutbox();
  const channels: Partial<Record<ChannelName, NotificationChannel>> = options.channels ?? {};
  if (!options.channels) {
    if (settings.twilio) channels.sms = new TwilioSmsChannel({ settings: settings.twilio });
    if (settings.smtp) channels.email = new SmtpEmailChannel({ settings: settings.smtp });
  }
  const dispatcher = new NotificationDispatcher({
    outbox,
    channels,
    clock,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const scheduler = new FlightNoticeScheduler({
    store: outbox,
    rules: {
      coalesceMs: settings.coalesceMs,
      delayThresholdMinutes: settings.delayThresholdMinutes,
    },
    getFlight: options.getFlight,
    getPassengers: options.getPassengers,
    onQueued: () => dispatcher.kick(),
    clock,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  await dispatcher.start();
  scheduler.start();

  return {
    outbox,
    flightChanged: (before, fields) => scheduler.flightChanged(before, fields),
    listFlightNotifications: (flightId) =>
      outbox.listByFlight(flightId).map(toContractNotification),
    async handleTwilioStatus({ url, params, signature }) {
      const authToken = settings.twilio?.authToken;
      if (!authToken || !isValidTwilioSignature({ authToken, url, params, signature })) {
        return { applied: false, forbidden: true, reason: 'invalid X-Twilio-Signature' };
      }
      return applyTwilioStatusCallback(outbox, params, new Date(clock.now()));
    },
    async stop() {
      scheduler.stop();
      await dispatcher.stop();
      await Promise.all(Object.values(channels).map((channel) => channel.close?.()));
      if (outbox instanceof FileNotificationOutbox) await outbox.close();
    },
  };
}
