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
