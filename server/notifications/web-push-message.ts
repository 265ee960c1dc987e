import { createHash } from 'node:crypto';
import type { NotificationKind } from '../../core';
import type { NotificationRecord } from './notification-record';

/**
 * What a push notification carries to the passengers' service worker, which shows it with
 * `registration.showNotification(title, { body, tag, lang, timestamp, data: { url, ... } })`.
 * `tag` is per flight: a newer notice replaces the older one on the screen, and a push that
 * arrives twice (a retry after a lost answer) replaces itself instead of showing twice.
 */
export interface PushPayload {
  /** Format version, for service workers cached by browsers across hub upgrades. */
  v: 1;
  /** The notification's id: a service worker may ignore one it has already shown. */
  id: string;
  kind: NotificationKind;
  flightId: string;
  title: string;
  body: string;
  tag: string;
  lang: string;
  /** The page to open on a click. */
  url: string;
  /** When the hub created the notification (ISO 8601). */
  at: string;
}

/**
 * RFC 8291 section 4: a push message is one record of at most 4096 bytes including the 86-byte
 * header, the 16-byte tag and the 1-byte padding delimiter.
 */
export const MAX_PUSH_PAYLOAD_BYTES = 4096 - 86 - 16 - 1;

export function buildPushPayload(record: NotificationRecord, pageUrl = '/my'): PushPayload {
  return {
    v: 1,
    id: record.id,
    kind: record.kind,
    flightId: record.flightId,
    title: record.subject ?? '',
    body: record.body,
    tag: `flight-${record.flightId}`,
    lang: record.language,
    url: pageUrl,
    at: record.createdAt,
  };
}

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

/**
 * How urgent each kind is (RFC 8030 section 5.3) and the longest a push service should keep it
 * for a phone that is offline (TTL, section 5.2):
 *
 * - a gate change, boarding, a cancellation or an earlier departure needs the passenger to act
 *   now: `high` (delivered even to a phone saving battery);
 * - a delay does not: `normal`.
 *
 * Every notice is useless once the flight has left, so the TTL runs until the flight's departure
 * as the hub knows it when sending (a retry gets what is left), within [MIN_TTL_S, the kind's cap]: the floor still reaches a passenger whose
 * flight is about to leave (the estimate may be late), the cap keeps a phone that is off all day
 * from waking to a notice that a fresher one (same topic) has not yet replaced.
 */
export const PUSH_DELIVERY: Record<NotificationKind, { urgency: PushUrgency; maxTtlS: number }> = {
  GATE_CHANGE: { urgency: 'high', maxTtlS: 6 * 3600 },
  BOARDING: { urgency: 'high', maxTtlS: 2 * 3600 },
  CANCELLED: { urgency: 'high', maxTtlS: 6 * 3600 },
  REINSTATED: { urgency: 'high', maxTtlS: 6 * 3600 },
  TIME_CHANGE: { urgency: 'high', maxTtlS: 6 * 3600 },
  DELAY: { urgency: 'normal', maxTtlS: 24 * 3600 },
};
export const MIN_TTL_S = 5 * 60;

/** Urgency and TTL (seconds) for a notice; `departure` unknown: the kind's cap. */
export function pushDelivery(
  kind: NotificationKind,
  departure: string | undefined,
  nowMs: number,
): { urgency: PushUrgency; ttlSeconds: number } {
  const { urgency, maxTtlS } = PUSH_DELIVERY[kind];
  const departureMs = departure === undefined ? NaN : Date.parse(departure);
  if (!Number.isFinite(departureMs)) return { urgency, ttlSeconds: maxTtlS };
  const untilDeparture = Math.floor((departureMs - nowMs) / 1000);
  return { urgency, ttlSeconds: Math.min(maxTtlS, Math.max(MIN_TTL_S, untilDeparture)) };
}

/**
 * The RFC 8030 `Topic` of a flight's pushes: a push service keeps only the newest undelivered
 * message per topic and subscription, so a phone coming back online gets the final state once.
 * At most 32 URL-safe base64 characters; a hash, since flight ids may use other characters.
 */
export function pushTopic(flightId: string): string {
  return createHash('sha256').update(`flight:${flightId}`).digest('base64url').slice(0, 32);
}
