import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  notificationChannelSchema,
  notificationKindSchema,
  notificationStatusSchema,
  type Notification,
  type NotificationChannelName,
  type NotificationKind,
  type NotificationStatus,
  type Passenger,
} from '../../core';
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
 * subscribed browser), queued for now. Store them (outbox.closeWindow) before sending, in the same step
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
