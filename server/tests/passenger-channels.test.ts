import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  FlightChanges,
  ListedNotification,
  Passenger,
  PassengerPreferencesResult,
} from '../../core';
import { readNotificationSettings } from '../notifications/notification-config';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { TestSmtpServer } from '../../test-support/test-smtp-server';
import { waitFor } from '../../test-support/wait-for';
import { FakePushService, type FakeSubscription } from '../../test-support/fake-push-service';
import {
  fixtureSeed,
  request,
  startTestHub,
  type HubClient,
  type TestHub,
  type TestHubOptions,
} from '../../test-support/hub-harness';
import {
  connectPassenger,
  passengerCall,
  passengerToken,
} from '../../test-support/passenger-client';

const FLIGHT = 'f-ai865';
const ASHA: Passenger = {
  pnr: 'ASH001',
  name: 'Asha Verma',
  phone: '+919810000001',
  email: 'asha@example.in',
  locale: 'hi',
};
const RAHUL: Passenger = {
  pnr: 'RAH002',
  name: 'Rahul Iyer',
  phone: '+919810000002',
  email: 'rahul@example.com',
};
const COALESCE_MS = 150;

let twilio: FakeTwilioServer;
let smtp: TestSmtpServer;
let push: FakePushService;
const hubs: TestHub[] = [];

beforeAll(async () => {
  push = await FakePushService.start();
});
afterAll(async () => {
  await push.stop();
});
beforeEach(async () => {
  push.reset();
  twilio = new FakeTwilioServer();
  await twilio.start();
  smtp = new TestSmtpServer();
  await smtp.start();
});
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
  await twilio.stop();
  await smtp.stop();
});

/** A real hub whose SMS, e-mail and push go to the local fakes. */
async function startChannelHub(options: TestHubOptions = {}): Promise<TestHub> {
  const hub = await startTestHub({
    seed: () => ({ ...fixtureSeed(), passengers: { [FLIGHT]: [ASHA, RAHUL] } }),
    notifications: readNotificationSettings({
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: twilio.apiBase,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Jetbridge DEL <ops@example.com>',
    }),
    notifyCoalesceMs: COALESCE_MS,
    notifyThread: sendThread,
    notifyRetry: { baseMs: 10, capMs: 40, maxAttempts: 4 },
    passengers: {
      lookupFloorMs: 0,
      trustedPushCa: push.ca.cert,
      settings: { pushServices: [push.origin] },
    },
    ...options,
  });
  hubs.push(hub);
  return hub;
}

async function changeFlight(socket: HubClient, changes: FlightChanges) {
  const snapshot = await request(socket, 'flights:snapshot', {});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const flight = snapshot.flights.find((f) => f.id === FLIGHT)!;
  const ack = await request(socket, 'flight:update', {
    flightId: FLIGHT,
    baseVersion: flight.version,
    opId: randomUUID(),
    changes,
  });
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
}

/** Asha subscribes this "browser" through the hub's API, as the page does. */
async function subscribeDevice(hub: TestHub, token: string): Promise<FakeSubscription> {
  const key = await passengerCall(hub.url, token, 'GET', '/api/passenger/push/key');
  const subscription = push.subscribe((key.body as { publicKey: string }).publicKey);
  const { endpoint, expirationTime, keys } = subscription;
  const stored = await passengerCall(hub.url, token, 'POST', '/api/passenger/push/subscriptions', {
    endpoint,
    expirationTime,
    keys,
  });
  expect(stored.status).toBe(201);
  return subscription;
}

async function notificationsOf(hub: TestHub): Promise<ListedNotification[]> {
  const answer = await passengerCall(
    hub.url,
    await hub.login('super'),
    'GET',
    `/api/flights/${FLIGHT}/notifications`,
  );
  return (answer.body as { notifications: ListedNotification[] }).notifications;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, COALESCE_MS * 4));

/** Whether the hubs of a suite make the providers' requests on their sending thread. */
let sendThread = false;

describe.each([
  ['on the hub’s thread', false],
  ['on the sending thread', true],
])('a passenger’s own choices, sends %s', (_name, onThread) => {
  beforeEach(() => {
    sendThread = onThread;
  });
  afterEach(() => {
    sendThread = false;
  });
  it('push only: one push for a gate change, decrypted and signed, and no SMS or e-mail', async () => {
    const hub = await startChannelHub();
    const { token } = await passengerToken(hub.url, 'ASH001', 'Verma');
    const device = await subscribeDevice(hub, token);
    const saved = await passengerCall(hub.url, token, 'PUT', '/api/passenger/preferences', {
      channels: { sms: false, email: false, push: true },
      locale: 'en',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      channels: { sms: false, email: false, push: true },
      locale: 'en',
      reachable: { sms: true, email: true, pushDevices: 1 },
    });
    const page = await connectPassenger(hub.url, token);

    const agent = await hub.connect(await hub.login('agent1'));
    await changeFlight(agent, { gate: '14' });
    await waitFor(() => page.statuses.some((f) => f.gate === '14'), 'the live status');
    await waitFor(() => push.receivedBy(device).length === 1, 'the push');
    // Rahul, who chose nothing, gets SMS and e-mail as before.
    await waitFor(() => twilio.requests.length === 1 && smtp.received.length === 1, 'Rahul');
    await settle();

    const [received] = push.receivedBy(device);
    expect(push.receivedBy(device)).toHaveLength(1);
    expect(received!.urgency).toBe('high');
    expect(received!.vapid.sub).toMatch(/^mailto:/);
    expect(received!.payload).toMatchObject({
      kind: 'GATE_CHANGE',
      flightId: FLIGHT,
      lang: 'en', // her choice on the page, over the airline's "hi"
      url: '/my',
      title: expect.stringContaining('14'),
    });
    expect(twilio.requests.map((r) => r.to)).toEqual([RAHUL.phone]);
    expect(smtp.received.map((m) => m.to[0])).toEqual([RAHUL.email]);
    const hers = (await notificationsOf(hub)).filter((n) => n.pnr === 'ASH001');
    expect(hers).toEqual([expect.objectContaining({ channel: 'push', status: 'sent' })]);
    page.close();
  });

  it('a 410 from the push service removes the subscription and is not retried', async () => {
    const hub = await startChannelHub();
    const { token } = await passengerToken(hub.url, 'ASH001', 'Verma');
    const device = await subscribeDevice(hub, token);
    push.expire(device);
    const agent = await hub.connect(await hub.login('agent1'));
    await changeFlight(agent, { gate: '14' });
    await waitFor(() => push.rejected.length === 1, 'the refused push');
    let pushes: ListedNotification[] = [];
    for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
      pushes = (await notificationsOf(hub)).filter((n) => n.channel === 'push');
      if (pushes[0]?.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pushes).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, error: 'subscription gone (410)' }),
    ]);
    const prefs = await passengerCall(hub.url, token, 'GET', '/api/passenger/preferences');
    expect((prefs.body as PassengerPreferencesResult).reachable.pushDevices).toBe(0);

    await changeFlight(agent, { gate: '15' });
    await waitFor(() => twilio.requests.length >= 4, 'the second round of SMS');
    await settle();
    expect(push.rejected).toHaveLength(1);
    expect((await notificationsOf(hub)).filter((n) => n.channel === 'push')).toHaveLength(1);
  });

  it('refuses push endpoints that are not https or not a known push service', async () => {
    const hub = await startChannelHub();
    const { token } = await passengerToken(hub.url, 'ASH001', 'Verma');
    const { keys } = push.subscribe('x');
    for (const endpoint of [
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://169.254.169.254/latest/meta-data',
      'https://127.0.0.1:1/push/abc',
      'https://fcm.googleapis.com.evil.example/fcm/send/abc',
    ]) {
      const answer = await passengerCall(
        hub.url,
        token,
        'POST',
        '/api/passenger/push/subscriptions',
        {
          endpoint,
          keys,
        },
      );
      expect(answer.status, endpoint).toBe(400);
    }
    const fcm = await passengerCall(hub.url, token, 'POST', '/api/passenger/push/subscriptions', {
      endpoint: 'https://fcm.googleapis.com/fcm/send/abc:def',
      keys,
    });
    expect(fcm.status).toBe(201);
  });

  it('e-mails carry a one-click unsubscribe that works without signing in (RFC 8058)', async () => {
    const hub = await startChannelHub();
    const agent = await hub.connect(await hub.login('agent1'));
    await changeFlight(agent, { gate: '14' });
    await waitFor(() => smtp.received.length === 2, 'the e-mails');
    const mail = smtp.received.find((m) => m.to[0] === ASHA.email)!;
    const headers = mail.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/im);
    const link = /^List-Unsubscribe: <([^>]+)>$/im.exec(headers)?.[1];
    expect(link).toMatch(new RegExp(`^${hub.url}/my/unsubscribe\\?t=`));
    expect(link).not.toContain('asha');

    // Link checkers that GET it change nothing; the page offers the button.
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ASH001');
    const forged = await fetch(`${link!.slice(0, -4)}AAAA`, { method: 'POST' });
    expect(forged.status).toBe(400);
    const oneClick = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    smtp.received.length = 0;
    twilio.requests.length = 0;
    await changeFlight(agent, { gate: '15' });
    await waitFor(() => twilio.requests.length === 2, 'the SMS');
    await waitFor(() => smtp.received.length === 1, 'Rahul’s e-mail');
    await settle();
    expect(smtp.received.map((m) => m.to[0])).toEqual([RAHUL.email]);
  });
});

describe('logs', () => {
  it('never hold phone numbers, e-mail addresses, push endpoints or tokens', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const hub = await startChannelHub({ logger: pino({ level: 'trace' }, sink) });
    const { token } = await passengerToken(hub.url, 'ASH001', 'Verma');
    const device = await subscribeDevice(hub, token);
    twilio.answersByRecipient.set(
      RAHUL.phone!,
      FakeTwilioServer.errorAnswer(
        21211,
        `The 'To' number ${RAHUL.phone} is not a valid phone number.`,
      ),
    );
    const agent = await hub.connect(await hub.login('agent1'));
    await changeFlight(agent, { gate: '14' });
    await waitFor(() => push.receivedBy(device).length === 1, 'the push');
    await waitFor(() => smtp.received.length === 2, 'the e-mails');
    push.expire(device);
    await changeFlight(agent, { gate: '15' });
    await waitFor(() => push.rejected.length === 1, 'the 410');
    await settle();
    await hub.close();
    hubs.length = 0;

    const log = lines.join('');
    expect(log).toContain('passenger side started');
    expect(log).toContain('push subscription gone');
    const secrets = [
      ASHA.phone!,
      RAHUL.phone!,
      ASHA.email!,
      RAHUL.email!,
      token,
      new URL(device.endpoint).pathname,
      device.keys.p256dh,
      device.keys.auth,
    ];
    for (const secret of secrets) expect(log, secret).not.toContain(secret);
  });
});
