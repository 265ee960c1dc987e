import type { Agent } from 'node:https';
import webpush from 'web-push';
import { describeZodError } from '../../core';
import type {
  ChannelTwin,
  SendContext,
  SendResult,
  ThreadableChannel,
} from './notification-channel';
import type { NotificationRecord } from './notification-record';
import { createPushAgent } from './push-service-trust';
import { pushSubscriptionSchema, type PushSubscriptionJson } from './push-subscription';
import type { VapidKeys } from './vapid-keys';
import {
  buildPushPayload,
  MAX_PUSH_PAYLOAD_BYTES,
  pushDelivery,
  pushTopic,
} from './web-push-message';

/** Subscriptions whose check is remembered; past it the memory starts again. */
const MAX_VALIDATED = 100_000;

export interface WebPushChannelOptions {
  vapid: VapidKeys;
  /**
   * The stored subscription a record's `to` (its endpoint) names; undefined once it was removed
   * (the passenger switched push off, or an earlier push found it gone). Absent on a twin on the
   * sending thread, which is handed the subscription with each send.
   */
  subscriptionFor?(endpoint: string): PushSubscriptionJson | undefined;
  /** The flight's departure (ISO 8601) as the hub knows it now, for the TTL. */
  departureOf?(flightId: string): string | undefined;
  /** PEM of CA certificates to trust besides Node's (readTrustedPushCa, JETBRIDGE_PUSH_CA). */
  trustedCa?: string | null;
  /** Socket inactivity timeout of a push request. Default 10 s. */
  timeoutMs?: number;
  /** Connections kept open per push service. Default 50 (the dispatcher's push concurrency). */
  maxSockets?: number;
  /** The page a click opens. Default `/my`. */
  pageUrl?: string;
  now?: () => number;
}

/**
 * Web Push (RFC 8030) through the `web-push` library: the payload encrypted for the browser
 * (RFC 8291, `aes128gcm`), the request signed with the hub's VAPID key (RFC 8292), TTL, urgency
 * and topic per notice (web-push-message.ts). Records carry the title in `subject` and the text in
 * `body`, and the subscription's endpoint in `to`.
 */
export class WebPushChannel implements ThreadableChannel {
  readonly name = 'push' as const;
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly authorizations: VapidAuthorizations;
  /** Subscriptions already checked, by endpoint and keys (a key check decodes an EC point). */
  private readonly validated = new Set<string>();

  constructor(private readonly options: WebPushChannelOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.agent = createPushAgent({
      extraCa: options.trustedCa ?? null,
      maxSockets: options.maxSockets ?? 50,
    });
    this.authorizations = new VapidAuthorizations(options.vapid);
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  get twin(): ChannelTwin {
    // The hub's state and clock stay with the hub: `prepare` reads them there.
    const { subscriptionFor: _s, departureOf: _d, now: _n, ...options } = this.options;
    return { name: 'push', options };
  }

  async prepare(record: NotificationRecord): Promise<SendContext> {
    const context: SendContext = {};
    const subscription = this.options.subscriptionFor?.(record.to);
    if (subscription) context.subscription = subscription;
    const departure = this.options.departureOf?.(record.flightId);
    if (departure) context.departure = departure;
    return context;
  }

  async send(record: NotificationRecord): Promise<SendResult> {
    return this.sendPrepared(record, await this.prepare(record));
  }

  async sendPrepared(record: NotificationRecord, context: SendContext): Promise<SendResult> {
    const stored = context.subscription;
    if (!stored) {
      return { ok: false, temporary: false, reason: 'push subscription removed before sending' };
    }
    const checked = JSON.stringify([stored.endpoint, stored.keys]);
    if (!this.validated.has(checked)) {
      const parsed = pushSubscriptionSchema.safeParse(stored);
      if (!parsed.success) {
        const problem = describeZodError(parsed.error, 'subscription');
        return { ok: false, temporary: false, reason: `push subscription invalid: ${problem}` };
      }
      if (this.validated.size >= MAX_VALIDATED) this.validated.clear();
      this.validated.add(checked);
    }
    const payload = JSON.stringify(buildPushPayload(record, this.options.pageUrl));
    const size = Buffer.byteLength(payload);
    if (size > MAX_PUSH_PAYLOAD_BYTES) {
      const reason = `push payload of ${size} bytes exceeds ${MAX_PUSH_PAYLOAD_BYTES}`;
      return { ok: false, temporary: false, reason };
    }
    const { urgency, ttlSeconds } = pushDelivery(record.kind, context.departure, this.now());
    try {
      const answer = await webpush.sendNotification(stored, payload, {
        // Our own (reused) VAPID header instead of `vapidDetails`; no global details are set.
        headers: { Authorization: this.authorizations.for(stored.endpoint) },
        contentEncoding: 'aes128gcm',
        TTL: ttlSeconds,
        urgency,
        topic: pushTopic(record.flightId),
        agent: this.agent,
        timeout: this.timeoutMs,
      });
      const location = answer.headers.location;
      return location ? { ok: true, providerMessageId: location } : { ok: true };
    } catch (error) {
      if (error instanceof webpush.WebPushError) {
        return classifyPushAnswer(error.statusCode, error.headers, error.body, this.now());
      }
      return classifyPushNetworkError(error, this.timeoutMs);
    }
  }
}

/**
 * VAPID `Authorization` headers per push service origin (the JWT's `aud`), reused for up to
 * REUSE_MS as RFC 8292 section 2 allows. web-push would sign a new JWT for every message, which
 * costs several times the payload encryption: too much CPU for a burst of thousands.
 */
class VapidAuthorizations {
  static readonly LIFETIME_S = 12 * 3600;
  static readonly REUSE_MS = 30 * 60_000;
  private readonly byAudience = new Map<string, { header: string; renewAt: number }>();

  constructor(private readonly vapid: VapidKeys) {}

  for(endpoint: string): string {
    const audience = new URL(endpoint).origin;
    // Real time, not the injected clock: the push service checks `exp` against its own.
    const now = Date.now();
    const cached = this.byAudience.get(audience);
    if (cached && cached.renewAt > now) return cached.header;
    const { subject, publicKey, privateKey } = this.vapid;
    const expiration = Math.floor(now / 1000) + VapidAuthorizations.LIFETIME_S;
    const header = webpush.getVapidHeaders(
      audience,
      subject,
      publicKey,
      privateKey,
      'aes128gcm',
      expiration,
    ).Authorization;
    if (this.byAudience.size >= 100) this.byAudience.clear();
    this.byAudience.set(audience, { header, renewAt: now + VapidAuthorizations.REUSE_MS });
    return header;
  }
}

/**
 * A push service's refusal (RFC 8030 section 8 and what services document):
 * 404/410 the subscription is gone (remove it, never retry); 429 and 5xx are temporary, after
 * Retry-After when given; anything else (400 malformed, 401/403 VAPID refused, 413 too large)
 * is permanent, with the service's reason.
 */
export function classifyPushAnswer(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowMs: number = Date.now(),
): SendResult {
  if (status === 404 || status === 410) {
    return { ok: false, temporary: false, gone: true, reason: `subscription gone (${status})` };
  }
  const detail = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  const reason = `push service HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 429 || status >= 500) {
    const result: SendResult = { ok: false, temporary: true, reason };
    const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs);
    if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
    return result;
  }
  return { ok: false, temporary: false, reason };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number,
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000 || undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) && at > nowMs ? at - nowMs : undefined;
}

/** No connection was made, so the push service provably never saw the request. */
const NEVER_REACHED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
/** TLS verification failures: never reached either, and retrying will not help. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/** Validity-period failures are the service's (or our clock's) to fix soon: retried. */
const CERTIFICATE_DATES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * A push request that got no HTTP answer. All but an untrusted certificate are retried; the
 * reason says whether the service provably never saw the request or may have delivered it. A
 * repeat of a push that was delivered costs little: it carries the same `tag`, so the phone
 * replaces the notification instead of showing a second one.
 */
export function classifyPushNetworkError(error: unknown, timeoutMs: number): SendResult {
  const err = error as Error & { code?: string };
  const code = err.code;
  if (code && UNTRUSTED_CERTIFICATE.has(code)) {
    const reason = `push service certificate not trusted (${code}: ${err.message}); a private push service's CA belongs in JETBRIDGE_PUSH_CA`;
    return { ok: false, temporary: false, reason };
  }
  if (code && (NEVER_REACHED.has(code) || CERTIFICATE_DATES.has(code))) {
    return {
      ok: false,
      temporary: true,
      reason: `push service not reached (${code}: ${err.message}); nothing was sent`,
    };
  }
  // web-push destroys the request with this message when the socket is idle for `timeout`.
  if (err.message === 'Socket timeout') {
    return {
      ok: false,
      temporary: true,
      reason: `push service did not answer within ${timeoutMs} ms; it may have been delivered`,
    };
  }
  return {
    ok: false,
    temporary: true,
    reason: `connection to the push service lost (${code ?? err.message}); it may have been delivered`,
  };
}
