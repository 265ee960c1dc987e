import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  notificationChannelSchema,
  notificationKindSchema,
  notificationStatusSchema,
  type Notification,
  type NotificationChannelName,
  type NotificationCounts,
  type NotificationKind,
  type NotificationStatus,
  type Passenger,
} from '../../core';
import type { RecordChangeListener } from './notification-index';
import type { PassengerNotice } from './notification-rules';
import type { RenderedNotification } from './message-templates';

/**
 * A notification as the hub keeps it: the contract's Notification plus what is needed to send
 * and retry it. `error` is the final reason (failed/skipped); `lastError` the latest temporary one.
 */
export interface NotificationRecord {
  id: string;
  pnr: string;
  channel: NotificationChannelName;
  kind: NotificationKind;
  status: NotificationStatus;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  error?: string;
  flightId: string;
  /** E.164 phone for SMS, address for e-mail, subscription endpoint for push. */
  to: string;
  language: string;
  subject?: string;
  body: string;
  html?: string;
  /** When a queued record may next be tried. */
  nextAttemptAt: string;
  updatedAt: string;
  providerMessageId?: string;
  lastError?: string;
  deliveredAt?: string;
  /** When the latest attempt began (written with `sending`): what a provider check needs. */
  attemptStartedAt?: string;
  /**
   * An attempt begun at this instant may have reached the provider (its answer was lost, or the
   * hub stopped meanwhile): before sending again, the dispatcher asks the provider, where it can.
   */
  unconfirmedSince?: string;
  /** Provider checks of that attempt that failed in a row (bounded like send attempts). */
  checkFailures?: number;
}

const isoInstant = z.iso.datetime({ offset: true });
export const notificationRecordSchema = z.object({
  id: z.string().min(1),
  pnr: z.string().min(1),
  channel: notificationChannelSchema,
  kind: notificationKindSchema,
  status: notificationStatusSchema,
  attempts: z.number().int().nonnegative(),
  createdAt: isoInstant,
  sentAt: isoInstant.optional(),
  error: z.string().optional(),
  flightId: z.string().min(1),
  to: z.string().min(1),
  language: z.string().min(1),
  subject: z.string().optional(),
  body: z.string(),
  html: z.string().optional(),
  nextAttemptAt: isoInstant,
  updatedAt: isoInstant,
  providerMessageId: z.string().optional(),
  lastError: z.string().optional(),
  deliveredAt: isoInstant.optional(),
  attemptStartedAt: isoInstant.optional(),
  unconfirmedSince: isoInstant.optional(),
  checkFailures: z.number().int().positive().optional(),
}) satisfies z.ZodType<NotificationRecord>;

/** What `GET /api/flights/:id/notifications` shows: the contract shape only. */
export function toContractNotification(record: NotificationRecord): Notification {
  const notification: Notification = {
    id: record.id,
    pnr: record.pnr,
    channel: record.channel,
    kind: record.kind,
    status: record.status,
    attempts: record.attempts,
    createdAt: record.createdAt,
  };
  if (record.sentAt) notification.sentAt = record.sentAt;
  const error = record.error ?? (record.status === 'queued' ? record.lastError : undefined);
  if (error) notification.error = error;
  return notification;
}

/**
 * One record per channel the passenger gave (phone → SMS, e-mail → e-mail, and one push per
 * subscribed browser), queued for now. Store them (outbox.add) before sending, in the same step
 * that records the passenger's new last-told state.
 */
export function buildNotificationRecords(input: {
  flightId: string;
  passenger: Pick<Passenger, 'pnr' | 'phone' | 'email'> & { pushEndpoints?: readonly string[] };
  notice: Pick<PassengerNotice, 'kind'>;
  rendered: RenderedNotification;
  now: Date;
  newId?: () => string;
}): NotificationRecord[] {
  const { passenger, rendered } = input;
  const at = input.now.toISOString();
  const newId = input.newId ?? randomUUID;
  const base = {
    pnr: passenger.pnr,
    kind: input.notice.kind,
    status: 'queued' as const,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    nextAttemptAt: at,
    flightId: input.flightId,
    language: rendered.language,
  };
  const records: NotificationRecord[] = [];
  if (passenger.phone) {
    records.push({ ...base, id: newId(), channel: 'sms', to: passenger.phone, body: rendered.sms });
  }
  if (passenger.email) {
    records.push({
      ...base,
      id: newId(),
      channel: 'email',
      to: passenger.email,
      subject: rendered.email.subject,
      body: rendered.email.text,
      html: rendered.email.html,
    });
  }
  for (const endpoint of passenger.pushEndpoints ?? []) {
    records.push({
      ...base,
      id: newId(),
      channel: 'push',
      to: endpoint,
      subject: rendered.push.title,
      body: rendered.push.body,
    });
  }
  return records;
}

export interface UpdateOptions {
  /**
   * Write it ahead of larger writes waiting (its own small batch): for a send's outcome, so a
   * crash finds few records whose answer came but was not stored. Only for a record whose
   * earlier lines are all durable already (its `sending` was awaited), so nothing is reordered.
   */
  promptly?: boolean;
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

/**
 * Where notifications live. Reads are synchronous over an in-memory index; writes resolve once
 * durable. The hub's store may implement this itself; FileNotificationOutbox is ready to use.
 */
export interface NotificationOutbox {
  /** Stores new records; durable when resolved. */
  add(records: readonly NotificationRecord[]): Promise<void>;
  /** Replaces a stored record (matched by id); durable when resolved. */
  update(record: NotificationRecord, options?: UpdateOptions): Promise<void>;
  get(id: string): NotificationRecord | undefined;
  /** Queued records of a channel whose `nextAttemptAt` has come, oldest first. */
  listDue(channel: NotificationChannelName, now: Date, limit: number): NotificationRecord[];
  /** The earliest `nextAttemptAt` later than `after` among queued records (dispatcher's timer). */
  nextAttemptAt(after: Date): Date | undefined;
  listByStatus(status: NotificationStatus): NotificationRecord[];
  listByFlight(flightId: string): NotificationRecord[];
  findByProviderMessageId(providerMessageId: string): NotificationRecord | undefined;
  /** A flight's notifications by status. */
  countsFor(flightId: string): NotificationCounts;
  /** Flights that have notifications. */
  flightIds(): string[];
  /**
   * Retention: forgets the records of `flightIds` (all but those being sent at this moment);
   * durable when resolved. Returns how many went.
   */
  pruneFlights(flightIds: readonly string[]): Promise<number>;
  /**
   * False while writes are refused (a journal write failed and the outbox has not recovered):
   * the dispatcher sends nothing meanwhile. Absent: always writable.
   */
  readonly writable?: boolean;
  /**
   * One listener told synchronously after every record change, as it is applied in memory
   * (before it is durable). It must not write to the outbox from inside the call.
   */
  setChangeListener(listener: RecordChangeListener | null): void;
  readonly optOuts: OptOutRegistry;
}
