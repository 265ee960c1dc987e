import webpush from 'web-push';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { refusingPort } from '../../test-support/child-processes';
import { FakePushService, type FakeSubscription } from '../../test-support/fake-push-service';
import { createTestCertificateAuthority } from '../../test-support/test-certificates';
import type { NotificationRecord } from './notification-record';
import type { PushSubscriptionJson } from './push-subscription';
import { queuedRecord } from '../../test-support/notification-records';
import type { VapidKeys } from './vapid-keys';
import { WebPushChannel, type WebPushChannelOptions } from './web-push-channel';
import { buildPushPayload, MIN_TTL_S, pushDelivery, pushTopic } from './web-push-message';

const NOW = Date.parse('2026-11-21T07:00:00.000Z');
const HOUR_S = 3600;
let service: FakePushService;
let vapid: VapidKeys;
let subscription: FakeSubscription;
let departure: string | undefined;
const channels: WebPushChannel[] = [];

beforeAll(async () => {
  service = await FakePushService.start();
  vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@airport.example' };
});
afterAll(async () => {
  await Promise.all(channels.map((channel) => channel.close()));
  await service.stop();
});
beforeEach(() => {
  service.reset();
  subscription = service.subscribe(vapid.publicKey);
  departure = '2026-11-21T08:30:00.000Z'; // 90 minutes after NOW
});

function channel(overrides: Partial<WebPushChannelOptions> = {}): WebPushChannel {
  const created = new WebPushChannel({
    vapid,
    subscriptionFor: (endpoint) =>
      endpoint === subscription.endpoint ? toJson(subscription) : undefined,
    departureOf: () => departure,
    trustedCa: service.ca.cert,
    timeoutMs: 2_000,
    now: () => NOW,
    ...overrides,
  });
  channels.push(created);
  return created;
}

function toJson(s: FakeSubscription): PushSubscriptionJson {
  return { endpoint: s.endpoint, expirationTime: null, keys: s.keys };
}

function pushRecord(overrides: Partial<NotificationRecord> = {}): NotificationRecord {
  return queuedRecord({
    channel: 'push',
    to: subscription.endpoint,
    subject: '6E 2134: new gate 42B',
    body: 'Your flight to Mumbai (BOM) now leaves from gate 42B. Departure 14:35.',
    ...overrides,
  });
}

describe('WebPushChannel through a local https push service', () => {
  it('delivers a VAPID-signed push whose payload the browser decrypts to what was sent', async () => {
    const record = pushRecord();
    const result = await channel().send(record);

    expect(service.rejected).toEqual([]);
    expect(result).toEqual({
      ok: true,
      providerMessageId: expect.stringMatching(new RegExp(`^${service.origin}/message/`)),
    });
    expect(service.receivedBy(subscription)).toHaveLength(1);
    const push = service.received[0]!;
    expect(push.payload).toEqual(buildPushPayload(record));
    expect(push.payload).toMatchObject({
      title: '6E 2134: new gate 42B',
      flightId: 'F1',
      kind: 'GATE_CHANGE',
      tag: 'flight-F1',
      url: '/my',
    });
    expect(push.vapid.aud).toBe(service.origin);
    expect(push.vapid.sub).toBe('mailto:ops@airport.example');
    expect(push.vapid.exp * 1000 - Date.now()).toBeLessThanOrEqual(24 * HOUR_S * 1000);
    expect(push.topic).toBe(pushTopic('F1'));
    expect(push.topic).toMatch(/^[\w-]{1,32}$/);
  });

  it('sends a gate change urgently and a delay normally, both until departure', async () => {
    const push = channel();
    await push.send(pushRecord({ kind: 'GATE_CHANGE' }));
    await push.send(pushRecord({ kind: 'DELAY' }));
    expect(service.received.map(({ urgency, ttl }) => ({ urgency, ttl }))).toEqual([
      { urgency: 'high', ttl: 90 * 60 },
      { urgency: 'normal', ttl: 90 * 60 },
    ]);
    // One VAPID token for both: signing each message would cost more than encrypting it.
    expect(service.received[1]!.vapid.token).toBe(service.received[0]!.vapid.token);
  });

  it('keeps TTLs within the floor and each kind’s cap', () => {
    const at = (hours: number) => new Date(NOW + hours * HOUR_S * 1000).toISOString();
    expect(pushDelivery('GATE_CHANGE', at(10), NOW)).toEqual({
      urgency: 'high',
      ttlSeconds: 6 * HOUR_S,
    });
    expect(pushDelivery('DELAY', at(10), NOW)).toEqual({
      urgency: 'normal',
      ttlSeconds: 10 * HOUR_S,
    });
    expect(pushDelivery('DELAY', at(30), NOW).ttlSeconds).toBe(24 * HOUR_S);
    expect(pushDelivery('BOARDING', at(3), NOW)).toEqual({
      urgency: 'high',
      ttlSeconds: 2 * HOUR_S,
    });
    expect(pushDelivery('CANCELLED', at(-1), NOW)).toEqual({
      urgency: 'high',
      ttlSeconds: MIN_TTL_S,
    });
    expect(pushDelivery('TIME_CHANGE', undefined, NOW)).toEqual({
      urgency: 'high',
      ttlSeconds: 6 * HOUR_S,
    });
  });

  it('reports 410 and 404 as a gone subscription, not to be retried', async () => {
    service.answers = [{ status: 410 }, { status: 404 }];
    const push = channel();
    expect(await push.send(pushRecord())).toEqual({
      ok: false,
      temporary: false,
      gone: true,
      reason: 'subscription gone (410)',
    });
    expect(await push.send(pushRecord())).toMatchObject({
      temporary: false,
      gone: true,
      reason: 'subscription gone (404)',
    });
    service.expire(subscription); // the service's own 410, after its checks
    expect(await push.send(pushRecord())).toMatchObject({ gone: true });
  });

  it('retries 429 and 5xx, after Retry-After when given', async () => {
    service.answers = [
      { status: 429, headers: { 'Retry-After': '120' }, body: 'slow down' },
      { status: 500, body: 'internal error' },
      { status: 503, headers: { 'Retry-After': new Date(NOW + 30_000).toUTCString() } },
    ];
    const push = channel();
    expect(await push.send(pushRecord())).toEqual({
      ok: false,
      temporary: true,
      reason: 'push service HTTP 429: slow down',
      retryAfterMs: 120_000,
    });
    expect(await push.send(pushRecord())).toEqual({
      ok: false,
      temporary: true,
      reason: 'push service HTTP 500: internal error',
    });
    expect(await push.send(pushRecord())).toMatchObject({ temporary: true, retryAfterMs: 30_000 });
  });

  it('fails 400, 403 and 413 permanently with the service’s reason', async () => {
    service.answers = [
      { status: 400, body: 'bad TTL' },
      { status: 413, body: 'payload too large' },
    ];
    const push = channel();
    expect(await push.send(pushRecord())).toEqual({
      ok: false,
      temporary: false,
      reason: 'push service HTTP 400: bad TTL',
    });
    expect(await push.send(pushRecord())).toMatchObject({
      temporary: false,
      reason: 'push service HTTP 413: payload too large',
    });
    // A real 403 from the service's own check: subscribed with another application server key.
    subscription = service.subscribe(webpush.generateVAPIDKeys().publicKey);
    expect(await push.send(pushRecord({ to: subscription.endpoint }))).toEqual({
      ok: false,
      temporary: false,
      reason: expect.stringMatching(/^push service HTTP 403: key k= is not the application/),
    });
  });

  it('refuses a push service whose certificate it was not told to trust', async () => {
    const otherCa = await createTestCertificateAuthority('Some Other CA');
    for (const trustedCa of [null, otherCa.cert]) {
      const result = await channel({ trustedCa }).send(pushRecord());
      expect(result).toEqual({
        ok: false,
        temporary: false,
        reason: expect.stringMatching(
          /^push service certificate not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*JETBRIDGE_PUSH_CA/,
        ),
      });
    }
    expect(service.received).toEqual([]);
  });

  it('retries a service that is unreachable, or silent, saying whether it may have delivered', async () => {
    const refusing = await refusingPort();
    onTestFinished(refusing.release);
    const unreachable = {
      ...toJson(subscription),
      endpoint: `https://127.0.0.1:${refusing.port}/push/x`,
    };
    const refused = await channel({ subscriptionFor: () => unreachable }).send(pushRecord());
    expect(refused).toEqual({
      ok: false,
      temporary: true,
      reason: expect.stringMatching(
        /^push service not reached \(ECONNREFUSED: .*nothing was sent$/,
      ),
    });

    service.delayMs = 1_000;
    const silent = await channel({ timeoutMs: 100 }).send(pushRecord());
    expect(silent).toEqual({
      ok: false,
      temporary: true,
      reason: 'push service did not answer within 100 ms; it may have been delivered',
    });
  });

  it('does not send for a removed or malformed subscription, or an oversized payload', async () => {
    const push = channel();
    expect(await push.send(pushRecord({ to: 'https://push.example.net/gone' }))).toEqual({
      ok: false,
      temporary: false,
      reason: 'push subscription removed before sending',
    });
    const malformed = channel({
      subscriptionFor: () => ({ ...toJson(subscription), keys: { p256dh: 'abc', auth: 'x' } }),
    });
    expect(await malformed.send(pushRecord())).toMatchObject({
      temporary: false,
      reason: expect.stringMatching(/^push subscription invalid: keys\.p256dh: /),
    });
    expect(await push.send(pushRecord({ body: 'x'.repeat(4000) }))).toMatchObject({
      temporary: false,
      reason: expect.stringMatching(/^push payload of \d+ bytes exceeds 3993$/),
    });
    expect(service.received).toEqual([]);
  });
});
