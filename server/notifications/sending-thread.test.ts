import pino from 'pino';
import webpush from 'web-push';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakePushService } from '../../test-support/fake-push-service';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { queuedRecord } from '../../test-support/notification-records';
import { TestSmtpServer } from '../../test-support/test-smtp-server';
import { waitFor } from '../../test-support/wait-for';
import { SendingThread, type ThreadableChannels } from './sending-thread';
import { SmtpEmailChannel } from './smtp-email-channel';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { buildPushPayload } from './web-push-message';
import { WebPushChannel } from './web-push-channel';

let twilio: FakeTwilioServer;
let smtp: TestSmtpServer;
let push: FakePushService;
const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@airport.example' };
const threads: SendingThread[] = [];
const logged: Array<{ level: number; msg: string }> = [];
const logger = pino(
  { level: 'info' },
  { write: (line: string) => logged.push(JSON.parse(line) as { level: number; msg: string }) },
);

beforeAll(async () => {
  twilio = new FakeTwilioServer();
  await twilio.start();
  smtp = new TestSmtpServer();
  await smtp.start();
  push = await FakePushService.start();
});
afterEach(async () => {
  await Promise.all(threads.splice(0).map((thread) => thread.close()));
});
afterAll(async () => {
  await twilio.stop();
  await smtp.stop();
  await push.stop();
});

function sms(): TwilioSmsChannel {
  return new TwilioSmsChannel({
    settings: twilio.settings(),
    timeoutMs: 5_000,
    listingDelayMs: 0,
  });
}

function start(channels: ThreadableChannels, entry?: URL): SendingThread {
  const thread = new SendingThread(channels, { logger, ...(entry ? { entry } : {}) });
  threads.push(thread);
  return thread;
}

describe('the sending thread', () => {
  it('sends an SMS from its own thread and asks Twilio what it took', async () => {
    const thread = start({ sms: sms() });
    const record = queuedRecord({ to: '+919800000001' });
    const since = new Date(Date.now() - 1_000);

    const result = await thread.channels.sms!.send(record);

    expect(result).toEqual({ ok: true, providerMessageId: twilio.messages[0]!.sid });
    expect(twilio.messages.map((message) => [message.to, message.body])).toEqual([
      ['+919800000001', record.body],
    ]);
    expect(thread.channels.sms!.listingDelayMs).toBe(0);
    expect(await thread.channels.sms!.findSent!(record, since)).toEqual([twilio.messages[0]!.sid]);
  });

  it("gives Twilio's refusals back as the channel classified them", async () => {
    const thread = start({ sms: sms() });
    twilio.answers.push(
      FakeTwilioServer.errorAnswer(21610, 'Attempt to send to unsubscribed recipient'),
    );

    const result = await thread.channels.sms!.send(queuedRecord({ to: '+919800000002' }));

    expect(result).toMatchObject({ ok: false, temporary: false, optedOut: true });
  });

  it("sends e-mail with the headers the hub's thread prepared (one-click unsubscribe)", async () => {
    const headersFor = async () => ({
      'List-Unsubscribe': '<https://hub.example/api/passenger/unsubscribe?t=abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const email = new SmtpEmailChannel({
      settings: { url: smtp.url, from: 'Jetbridge <no-reply@airport.example>' },
      headersFor,
    });
    const thread = start({ email });
    const record = queuedRecord({
      channel: 'email',
      to: 'asha@example.com',
      subject: '6E 2134: new gate 42B',
    });

    expect(await thread.channels.email!.send(record)).toMatchObject({ ok: true });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['asha@example.com']);
    expect(mail.raw).toContain(
      'List-Unsubscribe: <https://hub.example/api/passenger/unsubscribe?t=abc>',
    );
    expect(mail.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.raw).toContain(`X-Jetbridge-Notification: ${record.id}`);
  });

  it('encrypts and signs a push on its thread for the subscription the hub holds', async () => {
    push.reset();
    const subscription = push.subscribe(vapid.publicKey);
    const stored = {
      endpoint: subscription.endpoint,
      expirationTime: null,
      keys: subscription.keys,
    };
    const channel = new WebPushChannel({
      vapid,
      subscriptionFor: (endpoint) => (endpoint === stored.endpoint ? stored : undefined),
      departureOf: () => new Date(Date.now() + 90 * 60_000).toISOString(),
      trustedCa: push.ca.cert,
      timeoutMs: 5_000,
    });
    const thread = start({ push: channel });
    const record = queuedRecord({
      channel: 'push',
      to: stored.endpoint,
      subject: '6E 2134: new gate 42B',
      body: 'Your flight to Mumbai (BOM) now leaves from gate 42B.',
    });

    expect(await thread.channels.push!.send(record)).toMatchObject({ ok: true });
    expect(push.rejected).toEqual([]);
    expect(push.receivedBy(subscription).map((received) => received.payload)).toEqual([
      buildPushPayload(record),
    ]);
    // Urgency and TTL come from the departure the hub's thread read.
    expect(push.received[0]!.urgency).toBe('high');
    expect(push.received[0]!.ttl).toBeGreaterThan(85 * 60);
    expect(push.received[0]!.ttl).toBeLessThanOrEqual(90 * 60);

    // A subscription the hub no longer holds is never sent to.
    const removed = queuedRecord({ channel: 'push', to: `${stored.endpoint}-gone` });
    expect(await thread.channels.push!.send(removed)).toEqual({
      ok: false,
      temporary: false,
      reason: 'push subscription removed before sending',
    });
    expect(push.received).toHaveLength(1);
  });

  it('answers the sends of a thread that died as unconfirmed, and sends on with a new one', async () => {
    const thread = start(
      { sms: sms() },
      new URL('../../test-support/exiting-sending-thread.mjs', import.meta.url),
    );
    twilio.holdRequests = 1;
    const held = new Promise((resolve) => twilio.events.once('held', resolve));
    const underWay = thread.channels.sms!.send(queuedRecord({ to: '+919800000003' }));
    await held;

    const ending = await thread.channels.sms!.send(queuedRecord({ body: 'end the thread' }));

    expect(ending).toMatchObject({ ok: false, temporary: true, unconfirmed: true });
    expect(await underWay).toEqual({
      ok: false,
      temporary: true,
      unconfirmed: true,
      reason: 'the sending thread stopped (exit code 3); it may have been sent',
    });
    await waitFor(() => logged.some((line) => line.msg.startsWith('sending thread stopped')));

    const after = await thread.channels.sms!.send(queuedRecord({ to: '+919800000004' }));
    expect(after).toMatchObject({ ok: true });
    expect(twilio.messages.map((message) => message.to)).toContain('+919800000004');
  });

  it('starts before the first send, and says why when it cannot', async () => {
    const started = start({ sms: sms() });
    await started.start();
    expect(logged.some((line) => line.msg === 'notification sends run on their own thread')).toBe(
      true,
    );

    const broken = start(
      { sms: sms() },
      new URL('../../test-support/no-such-sending-thread.mjs', import.meta.url),
    );
    await expect(broken.start()).rejects.toThrow(
      /^the notification sending thread did not start \(exit code 1: Cannot find module .*no-such-sending-thread\.mjs/,
    );
  });

  it('fails sends after it was closed, without starting a thread', async () => {
    const thread = start({ sms: sms() });
    await thread.close();
    const starts = () =>
      logged.filter((line) => line.msg === 'notification sends run on their own thread').length;
    const before = starts();

    expect(await thread.channels.sms!.send(queuedRecord())).toEqual({
      ok: false,
      temporary: true,
      reason: 'the hub is stopping; nothing was sent',
    });
    expect(starts()).toBe(before);
  });
});
