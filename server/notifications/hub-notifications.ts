import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  NOTIFICATION_RETRYABLE_STATUSES,
  type Notification,
  type NotificationChannelName,
  type NotificationSummary,
  type Passenger,
} from '../../core';
import type { NotifiablePassenger } from '../passengers/passenger-reach';
import { DataFolderError } from '../store/data-folder-error';
import type { FlightStore } from '../store/flight-store';
import {
  NotificationDispatcher,
  systemClock,
  type DispatcherClock,
  type RetryPolicy,
} from './dispatcher';
import { ChangeLogFollower } from './change-log-follower';
import { FileNotificationOutbox } from './file-notification-outbox';
import { FlightNoticeScheduler } from './flight-notice-scheduler';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import type { NotificationChannel, ThreadableChannel } from './notification-channel';
import { DEFAULT_SMTP_CONNECTIONS, type NotificationSettings } from './notification-config';
import type { NotificationOutbox } from './notification-outbox';
import {
  passengerNameOf,
  toContractNotification,
  type NotificationRecord,
} from './notification-record';
import { NotificationSummaries } from './notification-summaries';
import { PostgresNotificationOutbox } from './postgres-notification-outbox';
import {
  SendingThread,
  type SendingThreadOptions,
  type ThreadableChannels,
} from './sending-thread';
import { SmtpEmailChannel } from './smtp-email-channel';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { TwilioStatusReports, type SignedStatusReport } from './twilio-status-callback';

export const NOTIFICATIONS_FILE = 'notifications.ndjson';

export interface HubNotificationsOptions {
  /** The journal goes to `<dataDir>/notifications.ndjson`; unset: kept in memory only. */
  dataDir?: string;
  /** Hubs sharing PostgreSQL: the outbox is the database's, shared (takes precedence). */
  databaseUrl?: string;
  settings: NotificationSettings;
  /** Replayed from the outbox's absorbed seq at start, then followed. */
  store: Pick<FlightStore, 'seq' | 'flight' | 'changesAfter' | 'subscribe'>;
  passengers: { list(flightId: string): readonly Passenger[] };
  logger: Logger;
  /** How often live summaries go out at most, per flight (default 250 ms). */
  summaryIntervalMs?: number;
  concurrency?: Partial<Record<NotificationChannelName, number>>;
  retry?: RetryPolicy;
  clock?: DispatcherClock;
  /** Channels to use instead of the configured ones (tests). */
  channels?: Partial<Record<NotificationChannelName, NotificationChannel>>;
  /**
   * The configured channels make their requests on a thread of their own (sending-thread.ts),
   * off the event loop that acknowledges edits: `true`, or the thread's options. Default: on the
   * hub's thread.
   */
  sendThread?: boolean | Omit<SendingThreadOptions, 'logger'>;
  /** Passengers' own choices, Web Push, unsubscribe links (server/passengers). */
  selfService?: NotificationSelfServiceHooks;
  /**
   * Notifications of archived flights are pruned `days` after archiving (the rolling window's
   * `onRetired` calls `pruneFlights`). At start, those of flights gone from the live table with
   * nothing happening for `days` are pruned too: left by a hub that did not prune yet.
   */
  retention?: { days: number; now: () => Date };
}

/** What the passengers' side (server/passengers/passenger-side.ts) gives notifications. */
export interface NotificationSelfServiceHooks {
  /** A flight's passengers with their own choices applied (replaces `passengers.list`). */
  passengersOf(flightId: string): readonly NotifiablePassenger[];
  pushChannel: ThreadableChannel;
  onSubscriptionGone(endpoint: string): Promise<void>;
  emailHeaders?: (record: NotificationRecord) => Promise<Record<string, string>>;
}

/**
 * Passenger notifications inside the hub, the one way in: the outbox, the scheduler that
 * coalesces changes into notices, the dispatcher that sends them, live summaries and Twilio's
 * delivery reports. The hub's change log is the one durable fact a notification comes from (the
 * transactional outbox, see server/README.md): every durable change is absorbed in seq order,
 * the outbox records the last seq absorbed, and at start the changes after it are replayed from
 * the log — so a crash between the change's commit and the outbox's own write loses nothing, and
 * replaying a change twice tells nobody twice (each passenger's last-told state is compared,
 * never the change itself).
 */
export class HubNotifications {
  private stopped = false;
  private readonly follower: ChangeLogFollower;
  private readonly liveSummaries: NotificationSummaries;
  private readonly statusReports: TwilioStatusReports;
  private readonly clock: DispatcherClock;

  private constructor(
    /** For tests and diagnostics: the hub reads and writes through the methods below. */
    readonly outbox: NotificationOutbox,
    private readonly scheduler: FlightNoticeScheduler,
    private readonly dispatcher: NotificationDispatcher,
    /** Closes the channels (and the sending thread, if any). */
    private readonly closeChannels: () => Promise<void>,
    private readonly options: HubNotificationsOptions,
  ) {
    const { logger } = options;
    this.clock = options.clock ?? systemClock;
    this.follower = new ChangeLogFollower({
      store: options.store,
      scheduler,
      outbox,
      clock: this.clock,
      logger,
    });
    this.liveSummaries = new NotificationSummaries({
      outbox,
      passengers: options.passengers,
      ...(options.summaryIntervalMs ? { intervalMs: options.summaryIntervalMs } : {}),
    });
    this.statusReports = new TwilioStatusReports({
      outbox,
      authToken: options.settings.twilio?.authToken,
      clock: this.clock,
      onError: (error) => logger.error({ err: error }, 'applying a delivery report failed'),
    });
    outbox.setChangeListener((record, previous) => {
      if (previous?.status !== record.status) this.liveSummaries.markDirty(record.flightId);
      this.statusReports.recordChanged(record, previous);
    });
    outbox.onResumed(() => {
      logger.warn(
        { absorbedSeq: outbox.absorbedSeq },
        'the notification journal takes writes again; replaying changes since its last durable one',
      );
      // Windows re-read from disk are armed again; sends lost with the failed write settled.
      scheduler.start();
      dispatcher.resume().catch((error: unknown) => this.reportError(error));
      this.follower
        .replayAfterFailedWrite()
        .catch((error: unknown) =>
          logger.error({ err: error }, 'replaying changes into notifications failed'),
        );
    });
  }

  static async start(options: HubNotificationsOptions): Promise<HubNotifications> {
    const { store, passengers, logger, settings } = options;
    const clock = options.clock ?? systemClock;
    const outbox = await openOutbox(options);
    const configured = options.channels
      ? undefined
      : configuredChannels(settings, options.selfService);
    const thread =
      configured && options.sendThread
        ? new SendingThread(configured, {
            logger,
            ...(typeof options.sendThread === 'object' ? options.sendThread : {}),
          })
        : undefined;
    await thread?.start();
    const channels = options.channels ?? thread?.channels ?? configured ?? {};
    const closeChannels = thread
      ? () => thread.close()
      : async () => {
          await Promise.all(Object.values(channels).map((channel) => channel.close?.()));
        };
    const onError = (error: unknown) => logger.error({ err: error }, 'notification engine error');
    const dispatcher = new NotificationDispatcher({
      outbox,
      channels,
      clock,
      onError,
      ...(options.retry ? { retry: options.retry } : {}),
      concurrency: {
        // As many e-mails at once as connections to the relay (the channel's pool).
        ...(settings.smtp
          ? { email: settings.smtp.maxConnections ?? DEFAULT_SMTP_CONNECTIONS }
          : {}),
        ...options.concurrency,
      },
      ...(options.selfService
        ? { onSubscriptionGone: options.selfService.onSubscriptionGone }
        : {}),
    });
    const scheduler = new FlightNoticeScheduler({
      store: outbox,
      rules: {
        coalesceMs: settings.coalesceMs,
        delayThresholdMinutes: settings.delayThresholdMinutes,
      },
      getFlight: (flightId) => store.flight(flightId),
      getPassengers: options.selfService?.passengersOf ?? ((flightId) => passengers.list(flightId)),
      onQueued: () => dispatcher.kick(),
      clock,
      onError,
    });
    const hubNotifications = new HubNotifications(
      outbox,
      scheduler,
      dispatcher,
      closeChannels,
      options,
    );
    await dispatcher.start();
    scheduler.start();
    await hubNotifications.follower.start();
    await hubNotifications.pruneForgotten();
    logger.info(
      {
        sms: settings.twilio ? 'twilio' : 'off',
        email: settings.smtp ? 'smtp' : 'off',
        push: options.selfService ? 'web-push' : 'off',
        absorbedSeq: outbox.absorbedSeq,
      },
      'passenger notifications started',
    );
    return hubNotifications;
  }

  /** See `retention` in HubNotificationsOptions. */
  private async pruneForgotten(): Promise<void> {
    const { retention, store } = this.options;
    if (!retention) return;
    const cutoff = retention.now().getTime() - retention.days * 86_400_000;
    const forgotten = this.outbox.flightIds().filter((flightId) => {
      if (store.flight(flightId)) return false;
      const records = this.outbox.listByFlight(flightId);
      return records.every((record) => Date.parse(record.updatedAt) < cutoff);
    });
    if (forgotten.length > 0) await this.pruneFlights(forgotten);
  }

  /** Retention: forgets the notifications of these long-archived flights. */
  async pruneFlights(flightIds: readonly string[]): Promise<number> {
    const removed = await this.outbox.pruneFlights(flightIds);
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
    this.liveSummaries.onSummary(broadcast);
  }

  /** A supervisor replaced the flight's manifest. */
  manifestReplaced(flightId: string): void {
    this.liveSummaries.markDirty(flightId);
  }

  /** Every flight of `flightIds` with a manifest or notifications. */
  summaries(flightIds: readonly string[]): NotificationSummary[] {
    return this.liveSummaries.summaries(flightIds);
  }

  /** Every notification counted by channel and status (`/metrics`, read at each scrape). */
  countsByChannel(): { channel: string; status: string; count: number }[] {
    return this.liveSummaries.countsByChannel();
  }

  /** `GET /api/flights/:id/notifications`. */
  list(flightId: string): Notification[] {
    return this.outbox.listByFlight(flightId).map(toContractNotification);
  }

  /** The flight's notifications with the name of the passenger each went to (staff only). */
  listNamed(flightId: string): Array<Notification & { passengerName: string | null }> {
    const manifest = this.options.passengers.list(flightId);
    return this.outbox.listByFlight(flightId).map((record) => ({
      ...toContractNotification(record),
      passengerName: passengerNameOf(record.pnr, record.to, manifest),
    }));
  }

  /**
   * A supervisor asked to send a failed (or skipped) notification of the flight again, at once;
   * logged for audit. Returns the notification queued again, `undefined` if the flight has no
   * such notification, or `'not-retryable'`.
   */
  async retry(
    flightId: string,
    id: string,
    by: string,
  ): Promise<Notification | undefined | 'not-retryable'> {
    const record = this.outbox.get(id);
    if (!record || record.flightId !== flightId) return undefined;
    const retryable: readonly string[] = NOTIFICATION_RETRYABLE_STATUSES;
    if (!retryable.includes(record.status)) return 'not-retryable';
    const at = new Date(this.clock.now()).toISOString();
    const queued: NotificationRecord = {
      ...record,
      status: 'queued',
      nextAttemptAt: at,
      updatedAt: at,
      lastError: `retried after: ${record.error ?? record.status}`,
    };
    delete queued.error;
    await this.outbox.update(queued);
    this.dispatcher.kick();
    this.options.logger.info({ by, flightId, notificationId: id }, 'notification retried');
    return toContractNotification(this.outbox.get(id) ?? queued);
  }

  /** `POST /api/notifications/twilio-status`: checks the signature, then applies the report. */
  handleTwilioStatus(report: SignedStatusReport) {
    return this.statusReports.handle(report);
  }

  /** The public URL Twilio is told to post delivery reports to, if configured. */
  get statusCallbackUrl(): string | null {
    return this.options.settings.twilio?.statusCallbackUrl ?? null;
  }

  /**
   * Call after the flight store has drained: records that every change so far was absorbed,
   * then stops the timers, waits for the sends under way to be recorded and closes the journal.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.liveSummaries.stop();
    await this.follower.stop();
    this.scheduler.stop();
    await this.dispatcher.stop();
    await this.closeChannels();
    await this.outbox.close();
  }

  private reportError(error: unknown): void {
    this.options.logger.error({ err: error }, 'notification engine error');
  }
}

/**
 * The database's (several hubs), the journal in the data folder (a damaged one named as the data
 * folder's fault), or memory.
 */
async function openOutbox(options: HubNotificationsOptions): Promise<NotificationOutbox> {
  const { dataDir, databaseUrl, settings, logger } = options;
  if (databaseUrl !== undefined) {
    return PostgresNotificationOutbox.open({
      url: databaseUrl,
      logger,
      ...(settings.claimLeaseMs !== undefined ? { leaseMs: settings.claimLeaseMs } : {}),
      ...(settings.claimPollMs !== undefined ? { pollMs: settings.claimPollMs } : {}),
    });
  }
  if (dataDir === undefined) return new MemoryNotificationOutbox();
  const journalPath = join(dataDir, NOTIFICATIONS_FILE);
  try {
    return await FileNotificationOutbox.open(journalPath);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(journalPath)) {
      throw new DataFolderError(journalPath, error.message.slice(journalPath.length + 2));
    }
    throw error;
  }
}

/** The channels the settings configure; one left out gets its records `skipped`. */
function configuredChannels(
  settings: NotificationSettings,
  selfService: NotificationSelfServiceHooks | undefined,
): ThreadableChannels {
  const channels: ThreadableChannels = {};
  if (settings.twilio) channels.sms = new TwilioSmsChannel({ settings: settings.twilio });
  if (settings.smtp) {
    const headersFor = selfService?.emailHeaders;
    channels.email = new SmtpEmailChannel({
      settings: settings.smtp,
      ...(headersFor ? { headersFor } : {}),
    });
  }
  if (selfService?.pushChannel) channels.push = selfService.pushChannel;
  return channels;
}
