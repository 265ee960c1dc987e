import { z } from 'zod';
import { listedNotificationSchema, type ListedNotification } from '../../../core';

const REQUEST_TIMEOUT_MS = 8_000;
const listSchema = z.object({ notifications: z.array(listedNotificationSchema) });
const errorSchema = z.object({ error: z.object({ message: z.string() }) });

async function call(url: string, token: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new Error('cannot reach the hub');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = errorSchema.safeParse(body);
    throw new Error(error.success ? error.data.error.message : `HTTP ${response.status}`);
  }
  return body;
}

/** `GET /api/flights/:id/notifications` (supervisor). */
export async function fetchFlightNotifications(
  hubUrl: string,
  token: string,
  flightId: string,
): Promise<ListedNotification[]> {
  const body = await call(
    `${hubUrl}/api/flights/${encodeURIComponent(flightId)}/notifications`,
    token,
  );
  return listSchema.parse(body).notifications;
}

/** `POST /api/flights/:id/notifications/:nid/retry` (supervisor). */
export async function retryFlightNotification(
  hubUrl: string,
  token: string,
  flightId: string,
  notificationId: string,
): Promise<void> {
  await call(
    `${hubUrl}/api/flights/${encodeURIComponent(flightId)}/notifications/${encodeURIComponent(notificationId)}/retry`,
    token,
    { method: 'POST' },
  );
}
