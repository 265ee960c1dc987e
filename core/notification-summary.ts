import { z } from 'zod';
import type { NOTIFICATION_STATUSES } from './flight';

/** Notifications of one flight by status (contract extension: `notifications:summary`). */
export type NotificationCounts = Record<(typeof NOTIFICATION_STATUSES)[number], number>;

export function emptyNotificationCounts(): NotificationCounts {
  return { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, skipped: 0 };
}

/** What the console shows per flight: manifest size and notifications by status. */
export interface NotificationSummary {
  flightId: string;
  /** Passengers on the flight's manifest. */
  passengers: number;
  counts: NotificationCounts;
}

export const notificationSummariesPayloadSchema = z.strictObject({});

export interface NotificationSummariesResult {
  summaries: NotificationSummary[];
}

/** `POST /api/flights/:id/notifications/:nid/retry` answers with the notification, queued again. */
export const NOTIFICATION_RETRYABLE_STATUSES = ['failed', 'skipped'] as const;

const count = z.number().int().nonnegative();
/** For clients: a summary as the hub sends it (types are not validation). */
export const notificationSummarySchema = z.object({
  flightId: z.string().min(1),
  passengers: count,
  counts: z.object({
    queued: count,
    sending: count,
    sent: count,
    delivered: count,
    failed: count,
    skipped: count,
  }),
}) satisfies z.ZodType<NotificationSummary>;
