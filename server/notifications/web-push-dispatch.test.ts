import webpush from 'web-push';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakePushService, type FakeSubscription } from '../../test-support/fake-push-service';
import { NotificationDispatcher, type RetryPolicy } from './dispatcher';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import type { NotificationRecord } from './notification-record';
import type { PushSubscriptionJson } from './push-subscription';
import { queuedRecord } from '../../test-support/notification-records';
import { waitFor } from '../../test-support/wait-for';
import { WebPushChannel } from './web-push-channel';

const fastRetry: RetryPolicy = { baseMs: 5, capMs: 20, maxAttempts: 8 };
const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@airport.example' };
let service: FakePushService;
let outbox: MemoryNotificationOutbox;
let dispatcher: NotificationDispatcher | undefined;
let channel: WebPushChannel | undefined;
let stored: Map<string, PushSubscriptionJson>;
let gone: string[];

beforeAll(async () => {
  service = await FakePushService.start();
});
afterAll(async () => {
  await service.stop();
});
beforeEach(() => {
  service.reset();
  outbox = new MemoryNotificationOutbox();
  stored = new Map();
  gone = [];
});
afterEach(async () => {
  await dispatcher?.stop();
  await channel?.close();
  dispatcher = undefined;
});

/** A browser subscribes; the hub keeps its subscription (what the lead's store will do). */
function subscribe(): FakeSubscription {
  const subscription = service.subscribe(vapid.publicKey);
  stored.set(subscription.endpoint, {
    endpoint: subscription.endpoint,
    expirationTime: null,
    keys: subscription.keys,
  });
  return subscription;
}

async function startDispatcher(): Promise<void> {
  channel = new WebPushChannel({
    vapid,
    subscriptionFor: (endpoint) => stored.get(endpoint),
    trustedCa: service.ca.cert,
    timeoutMs: 2_000,
  });
  dispatcher = new NotificationDispatcher({
    outbox,
    channels: { push: channel },
    retry: fastRetry,
    random: () => 0.5,
    onSubscriptionGone: (endpoint) => {
      gone.push(endpoint);
      stored.delete(endpoint);
    },
  });
  await dispatcher.start();
}

function pushRecord(subscription: FakeSubscription): NotificationRecord {
  return queuedRecord({
    channel: 'push',
    to: subscription.endpoint,
    subject: '6E 2134: new gate 42B',
    body: 'Your flight to Mumbai (BOM) now leaves from gate 42B. Departure 14:35.',
  });
}

const settled = (id: string) => () =>
  ['sent', 'failed', 'skipped'].includes(outbox.get(id)?.status ?? '');

describe('push through the notification dispatcher', () => {
  it('sends each stored push once and records the push service’s message URL', async () => {
    const [first, second] = [subscribe(), subscribe()];
    const records = [pushRecord(first), pushRecord(second)];
    await outbox.add(records);
    await startDispatcher();
    for (const record of records) await waitFor(settled(record.id), 'the pushes to be sent');

    for (const [index, subscription] of [first, second].entries()) {
      expect(service.receivedBy(subscription).map((push) => push.payload)).toMatchObject([
        { id: records[index]!.id, title: '6E 2134: new gate 42B' },
      ]);
      expect(outbox.get(records[index]!.id)).toMatchObject({
        status: 'sent',
        attempts: 1,
        providerMessageId: expect.stringMatching(/\/message\//),
      });
    }
    expect(outbox.countsFor('F1')).toMatchObject({ sent: 2 });
  });

  it('marks a push to a gone subscription failed, removes the subscription, never retries', async () => {
    const subscription = subscribe();
    service.expire(subscription);
    const record = pushRecord(subscription);
    await outbox.add([record]);
    await startDispatcher();
    await waitFor(settled(record.id), 'the push to fail');

    expect(outbox.get(record.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'subscription gone (410)',
    });
    expect(gone).toEqual([subscription.endpoint]);
    expect(service.rejected).toEqual([{ status: 410, reason: 'subscription expired' }]);

    // A later notice to the removed subscription is not pushed at all.
    const later = pushRecord(subscription);
    await outbox.add([later]);
    dispatcher!.kick();
    await waitFor(settled(later.id), 'the later push to settle');
    expect(outbox.get(later.id)).toMatchObject({
      status: 'failed',
      error: 'push subscription removed before sending',
    });
    expect(service.rejected).toHaveLength(1);
  });

  it('retries 500 and 429 with backoff and delivers once', async () => {
    const subscription = subscribe();
    service.answers = [{ status: 500 }, { status: 429 }];
    const record = pushRecord(subscription);
    await outbox.add([record]);
    await startDispatcher();
    await waitFor(settled(record.id), 'the push to be sent');

    expect(outbox.get(record.id)).toMatchObject({
      status: 'sent',
      attempts: 3,
      lastError: 'push service HTTP 429',
    });
    expect(service.received.map((push) => push.status)).toEqual([500, 429, 201]);
    expect(gone).toEqual([]);
  });

  it('waits as long as Retry-After asks before trying again', async () => {
    const subscription = subscribe();
    service.answers = [{ status: 429, headers: { 'Retry-After': '3600' } }];
    const record = pushRecord(subscription);
    await outbox.add([record]);
    await startDispatcher();
    await waitFor(
      () => outbox.get(record.id)?.attempts === 1 && outbox.get(record.id)?.status === 'queued',
      'the push to be queued again',
    );
    const queued = outbox.get(record.id)!;
    expect(Date.parse(queued.nextAttemptAt) - Date.parse(queued.updatedAt)).toBe(3_600_000);
    expect(service.received).toHaveLength(1);
  });
});
