import { z } from 'zod';
import { NOTIFICATION_STATUSES, type NotificationStatus } from './flight';

/** Notifications of one flight by status (contract extension: `notifications:summary`). */
export type NotificationCounts = Record<NotificationStatus, number>;

export function emptyNotificationCounts(): NotificationCounts {
  return Object.fromEntries(
    NOTIFICATION_STATUSES.map((status) => [status, 0]),
  ) as NotificationCounts;
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
export const NOTIFICATION_RETRYABLE_STATUSES = [
  'failed',
  'skipped',
] as const satisfies readonly NotificationStatus[];

const count = z.number().int().nonnegative();
/** For clients: a summary as the hub sends it (types are not validation). */
export const notificationSummarySchema = z.object({
  flightId: z.string().min(1),
  passengers: count,
  counts: z.object(
    Object.fromEntries(NOTIFICATION_STATUSES.map((status) => [status, count])) as Record<
      NotificationStatus,
      typeof count
    >,
  ),
}) satisfies z.ZodType<NotificationSummary>;
