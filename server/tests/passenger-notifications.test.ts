import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlightChanges, ListedNotification, NotificationSummary, Passenger } from '../../core';
import {
  readNotificationSettings,
  type NotificationSettings,
} from '../notifications/notification-config';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { TestSmtpServer } from '../../test-support/test-smtp-server';
import { waitFor } from '../../test-support/wait-for';
import { computeTwilioSignature } from '../notifications/twilio-signature';
import {
  fixtureSeed,
  request,
  startTestHub,
  type HubClient,
  type TestHub,
  type TestHubOptions,
} from '../../test-support/hub-harness';

/** f-ai865 (gate 12, to BLR): Hindi with phone and e-mail, English with both, English SMS only. */
const MANIFEST: Passenger[] = [
  {
    pnr: 'HIN001',
    name: 'Asha Verma',
    phone: '+919810000001',
    email: 'asha@example.in',
    locale: 'hi',
  },
  { pnr: 'ENG002', name: 'Rahul Iyer', phone: '+919810000002', email: 'rahul@example.com' },
  { pnr: 'SMS003', name: 'Neha Das', phone: '+919810000003', locale: 'en' },
];
const FLIGHT = 'f-ai865';
const COALESCE_MS = 200;

let twilio: FakeTwilioServer;
let smtp: TestSmtpServer;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeEach(async () => {
  await startProviders();
});

async function startProviders() {
  twilio = new FakeTwilioServer();
  await twilio.start();
  smtp = new TestSmtpServer();
  await smtp.start();
  cleanups.push(
    () => twilio.stop(),
    () => smtp.stop(),
  );
}

function notificationSettings() {
  return readNotificationSettings({
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE: twilio.apiBase,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Jetbridge DEL <ops@example.com>',
  });
}

/** Unconfirmed sends (a 500) are checked with the fake at once, not after Twilio's margin. */
function withoutListingDelay(settings: NotificationSettings): NotificationSettings {
  return { ...settings, twilio: settings.twilio && { ...settings.twilio, listingDelayMs: 0 } };
}

/** A real hub on port 0 whose notifications go to the local fake Twilio and SMTP server. */
async function startNotifyingHub(options: TestHubOptions = {}): Promise<TestHub> {
  const hub = await startTestHub({
    seed: () => ({ ...fixtureSeed(), passengers: { [FLIGHT]: MANIFEST } }),
    notifications: withoutListingDelay(notificationSettings()),
    notifyCoalesceMs: COALESCE_MS,
    notifyDelayMin: 15,
    notifyRetry: { baseMs: 10, capMs: 40, maxAttempts: 5 },
    ...options,
  });
  cleanups.push(() => hub.close());
  return hub;
}

async function agent(hub: TestHub): Promise<HubClient> {
  return hub.connect(await hub.login('agent1'));
}

/** Sends flight:update against the flight's current version; returns the new flight. */
async function change(socket: HubClient, changes: FlightChanges, flightId = FLIGHT) {
  const snapshot = await request(socket, 'flights:snapshot', {});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const flight = snapshot.flights.find((f) => f.id === flightId)!;
  const ack = await request(socket, 'flight:update', {
    flightId,
    baseVersion: flight.version,
    opId: randomUUID(),
    changes,
  });
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.flight;
}

async function listNotifications(hub: TestHub, username = 'super') {
  const response = await fetch(`${hub.url}/api/flights/${FLIGHT}/notifications`, {
    headers: { authorization: `Bearer ${await hub.login(username)}` },
  });
  return {
    status: response.status,
    body: (await response.json()) as { notifications: ListedNotification[] },
  };
}

/** What the hub's notification journal says about FLIGHT, or null while a line is half written. */
async function journalState(
  hub: TestHub,
): Promise<{ absorbedSeq: number; windowOpen: boolean } | null> {
  const text = await readFile(join(hub.dataDir, 'notifications.ndjson'), 'utf8').catch(() => '');
  let absorbedSeq = 0;
  let windowOpen = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let entry: { t: string; seq?: number; flightId?: string; pending?: { flightId: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return null;
    }
    if ((entry.t === 'window' || entry.t === 'absorbed') && entry.seq !== undefined) {
      absorbedSeq = Math.max(absorbedSeq, entry.seq);
    }
    if (entry.t === 'window' && entry.pending?.flightId === FLIGHT) windowOpen = true;
    if (entry.t === 'window-closed' && entry.flightId === FLIGHT) windowOpen = false;
  }
  return { absorbedSeq, windowOpen };
}

/**
 * Waits until the hub has decided and carried out everything about the changes made so far:
 * its journal has absorbed the latest change, FLIGHT's coalescing window has closed, and no
 * notification is queued or being sent. What the providers received is then final.
 */
async function settled(hub: TestHub): Promise<void> {
  const socket = await agent(hub);
  const snapshot = await request(socket, 'flights:snapshot', {});
  socket.close();
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  await waitFor(async () => {
    const journal = await journalState(hub);
    return journal !== null && journal.absorbedSeq >= snapshot.seq && !journal.windowOpen;
  }, `the notification window of change ${snapshot.seq} to close`);
  await waitFor(
    async () =>
      (await listNotifications(hub)).body.notifications.every(
        (n) => n.status !== 'queued' && n.status !== 'sending',
      ),
    'every notification to be sent or to fail',
  );
}

describe('passenger notifications through the hub', () => {
  it('tells each passenger of a gate change once per channel, in their language, with the new gate', async () => {
    const hub = await startNotifyingHub();
    const socket = await agent(hub);
    await change(socket, { gate: '14' });

    await waitFor(
      () => twilio.requests.length >= 3 && smtp.received.length >= 2,
      'SMS and mail',
      5000,
    );
    await settled(hub);
    expect(twilio.requests.map((r) => r.to).sort()).toEqual([
      '+919810000001',
      '+919810000002',
      '+919810000003',
    ]);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([
      'asha@example.in',
      'rahul@example.com',
    ]);
    for (const sms of twilio.requests) {
      expect(sms.body).toContain('14');
      expect(sms.from).toBe('+15005550006');
    }
    const hindi = twilio.requests.find((r) => r.to === '+919810000001')!;
    expect(hindi.body).toMatch(/[\u0900-\u097F]/); // Devanagari
    const english = twilio.requests.find((r) => r.to === '+919810000002')!;
    expect(english.body).toContain('AI 865');
    expect(english.body.length).toBeLessThanOrEqual(160);
    for (const mail of smtp.received) {
      expect(mail.text).toContain('14');
      expect(mail.from).toBe('ops@example.com');
    }

    const { status, body } = await listNotifications(hub);
    expect(status).toBe(200);
    expect(body.notifications).toHaveLength(5);
    for (const notification of body.notifications) {
      expect(notification).toMatchObject({ kind: 'GATE_CHANGE', status: 'sent', attempts: 1 });
      expect(Object.keys(notification).sort()).toEqual(
        [
          'attempts',
          'channel',
          'createdAt',
          'id',
          'kind',
          'passengerName',
          'pnr',
          'sentAt',
          'status',
        ].sort(),
      );
    }
    const names = new Map(MANIFEST.map((p) => [p.pnr, p.name]));
    for (const notification of body.notifications) {
      expect(notification.passengerName).toBe(names.get(notification.pnr));
    }
    expect((await listNotifications(hub, 'agent1')).status).toBe(403);
  });

  it('keeps to SMTP_MAX_CONNECTIONS connections to the relay', async () => {
    smtp.delayMs = 200; // a slow relay: a second mail would need a second connection
    const settings = readNotificationSettings({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Jetbridge DEL <ops@example.com>',
      SMTP_MAX_CONNECTIONS: '1',
    });
    const hub = await startNotifyingHub({ notifications: settings });
    await change(await agent(hub), { gate: '14' });
    await waitFor(() => smtp.received.length >= 2, 'both mails', 5000);
    expect(smtp.mostOpenSessions).toBe(1);

    // The default sends them side by side (what the limit above held back).
    await hub.close();
    await waitFor(() => smtp.openSessions === 0, 'the closed hub to let its connection go');
    smtp.mostOpenSessions = 0;
    const wide = await startNotifyingHub({
      notifications: readNotificationSettings({ SMTP_URL: smtp.url }),
    });
    await change(await agent(wide), { gate: '15' });
    await waitFor(() => smtp.received.length >= 4, 'two more mails', 5000);
    expect(smtp.mostOpenSessions).toBeGreaterThanOrEqual(2);
  });

  it('merges quick changes into one message with the final gate, and says nothing about a change undone', async () => {
    // "Quick" must hold on a loaded machine too: two requests each change here, and the test
    // waits for windows to close (settled), so a longer window costs only its own length.
    const hub = await startNotifyingHub({ notifyCoalesceMs: 1_500 });
    const socket = await agent(hub);
    await change(socket, { gate: '14' });
    await change(socket, { gate: '15' });
    await change(socket, { gate: '16' });
    await waitFor(() => twilio.requests.length >= 3, 'SMS');
    await settled(hub);
    expect(twilio.requests).toHaveLength(3);
    expect(smtp.received).toHaveLength(2);
    for (const sms of twilio.requests) {
      // Gate 16, not 14 or 15 (the departure time, such as 12:14, may carry the digits).
      const withoutTime = sms.body.replace(/\d{1,2}:\d{2}/g, 'HH:MM');
      expect(withoutTime).toMatch(/\b16\b/);
      expect(withoutTime).not.toMatch(/\b1[45]\b/);
    }

    // A change and its reversal within the window: passengers already know gate 16.
    await change(socket, { gate: '20' });
    await change(socket, { gate: '16' });
    await settled(hub);
    expect(twilio.requests).toHaveLength(3);
    expect(smtp.received).toHaveLength(2);
  });

  it('tells a departure-time move only once it reaches the threshold from what passengers were told', async () => {
    const hub = await startNotifyingHub();
    const socket = await agent(hub);
    const flight = await change(socket, { remark: 'Awaiting crew' });
    const std = Date.parse(flight.std);
    const later = (minutes: number) => new Date(std + minutes * 60_000).toISOString();

    await change(socket, { etd: later(10), delayCode: '63' });
    await settled(hub);
    expect(twilio.requests).toHaveLength(0);

    // 20 minutes from what they were told (the schedule): now it is worth a message.
    await change(socket, { etd: later(20) });
    await waitFor(() => twilio.requests.length >= 3, 'delay SMS');
    await settled(hub);
    expect(twilio.requests).toHaveLength(3);
    const { body } = await listNotifications(hub);
    expect(new Set(body.notifications.map((n) => n.kind))).toEqual(new Set(['DELAY']));

    // Moving back 10 minutes is below the threshold from what they were told (+20).
    await change(socket, { etd: later(10) });
    await settled(hub);
    expect(twilio.requests).toHaveLength(3);
  });

  it('retries 500s with backoff and records one delivered message with its attempts; the status callback is signed', async () => {
    const hub = await startNotifyingHub();
    twilio.failWith500(2);
    const socket = await agent(hub);
    await change(socket, { gate: '14' }, FLIGHT);
    await waitFor(() => twilio.requests.length >= 5, 'SMS with retries');
    await settled(hub);
    // Two 500s, then the three passengers: five requests, three messages.
    expect(twilio.requests).toHaveLength(5);
    expect(new Set(twilio.requests.map((r) => r.to)).size).toBe(3);
    const { body } = await listNotifications(hub);
    const sms = body.notifications.filter((n) => n.channel === 'sms');
    expect(sms.map((n) => n.status)).toEqual(['sent', 'sent', 'sent']);
    expect(sms.map((n) => n.attempts).reduce((a, b) => a + b)).toBe(5);

    // Twilio's delivery report, posted to the hub: a forged one is refused, a signed one applies.
    const retried = sms.find((n) => n.attempts > 1)!;
    const sid = await providerSid(hub, retried.id);
    const url = `${hub.url}/api/notifications/twilio-status`;
    const params = { MessageSid: sid, MessageStatus: 'delivered', AccountSid: twilio.accountSid };
    const post = (signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: new URLSearchParams(params).toString(),
      });
    expect((await post('forged+signature=')).status).toBe(403);
    expect(
      (await post(computeTwilioSignature(twilio.authToken, url, { ...params, MessageStatus: 'x' })))
        .status,
    ).toBe(403);
    expect((await post(computeTwilioSignature(twilio.authToken, url, params))).status).toBe(204);
    const after = (await listNotifications(hub)).body.notifications.find(
      (n) => n.id === retried.id,
    )!;
    expect(after).toMatchObject({ status: 'delivered', attempts: retried.attempts });
  });

  it('fails an invalid number (21211) at once with the reason, and a supervisor can retry it', async () => {
    const hub = await startNotifyingHub();
    twilio.answersByRecipient.set(
      '+919810000003',
      FakeTwilioServer.errorAnswer(
        21211,
        "The 'To' number +919810000003 is not a valid phone number.",
      ),
    );
    const socket = await agent(hub);
    await change(socket, { gate: '14' });
    await waitFor(() => twilio.requests.length >= 3, 'SMS');
    await settled(hub);
    expect(twilio.requests.filter((r) => r.to === '+919810000003')).toHaveLength(1);
    const failed = (await listNotifications(hub)).body.notifications.find(
      (n) => n.pnr === 'SMS003',
    )!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.error).toContain('21211');

    const retry = (username: string) =>
      hub.login(username).then((token) =>
        fetch(`${hub.url}/api/flights/${FLIGHT}/notifications/${failed.id}/retry`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    expect((await retry('agent1')).status).toBe(403);
    twilio.answersByRecipient.delete('+919810000003');
    const answer = await retry('super');
    expect(answer.status).toBe(200);
    await waitFor(() => twilio.requests.length >= 4, 'retried SMS');
    await settled(hub);
    const sent = (await listNotifications(hub)).body.notifications.find((n) => n.id === failed.id)!;
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await retry('super')).status).toBe(409); // a sent one is not sent again
  });

  it('skips later SMS to a number that unsubscribed (21610)', async () => {
    const hub = await startNotifyingHub();
    twilio.answersByRecipient.set(
      '+919810000003',
      FakeTwilioServer.errorAnswer(21610, 'Attempt to send to unsubscribed recipient'),
    );
    const socket = await agent(hub);
    await change(socket, { gate: '14' });
    await waitFor(() => twilio.requests.length >= 3, 'SMS');
    await settled(hub);
    await change(socket, { gate: '15' });
    await waitFor(() => twilio.requests.length >= 5, 'second SMS');
    await settled(hub);
    expect(twilio.requests.filter((r) => r.to === '+919810000003')).toHaveLength(1);
    const mine = (await listNotifications(hub)).body.notifications.filter(
      (n) => n.pnr === 'SMS003',
    );
    expect(mine.map((n) => n.status)).toEqual(['failed', 'skipped']);
    expect(mine[1]!.error).toMatch(/opted out/);
  });

  it('keeps consoles told of notification counts, live', async () => {
    const hub = await startNotifyingHub();
    const socket = await agent(hub);
    const initial = await new Promise<{ ok: boolean; summaries?: NotificationSummary[] }>(
      (resolve) =>
        (socket as unknown as { emit(e: string, p: object, cb: (a: never) => void): void }).emit(
          'notifications:summaries',
          {},
          resolve,
        ),
    );
    expect(initial).toEqual({
      ok: true,
      summaries: [
        {
          flightId: FLIGHT,
          passengers: 3,
          counts: { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, skipped: 0 },
        },
      ],
    });
    const seen: NotificationSummary[] = [];
    socket.on('notifications:summary', (summary) => seen.push(summary));
    await change(socket, { gate: '14' });
    await waitFor(() => seen.at(-1)?.counts.sent === 5, 'a summary with five sent', 5000);
    expect(seen.at(-1)).toMatchObject({ flightId: FLIGHT, passengers: 3 });
  });

  it('replays a change the engine had not recorded when the hub stopped (crash between commit and journal)', async () => {
    const hub = await startNotifyingHub({ keepDataDir: true, notifyCoalesceMs: 60_000 });
    cleanups.push(() => rm(hub.dataDir, { recursive: true, force: true }));
    await change(await agent(hub), { gate: '14' });
    await hub.close();
    expect(twilio.requests).toHaveLength(0);
    // As if the hub died right after the change's commit: the engine's journal never saw it.
    const journal = join(hub.dataDir, 'notifications.ndjson');
    const kept = (await readFile(journal, 'utf8'))
      .split('\n')
      .filter((line) => line !== '' && !/"t":"(window|absorbed)"/.test(line));
    await writeFile(journal, kept.map((line) => `${line}\n`).join(''));

    const restarted = await startNotifyingHub({ dataDir: hub.dataDir, seed: undefined });
    await waitFor(
      () => twilio.requests.length >= 3 && smtp.received.length >= 2,
      'replayed SMS',
      5000,
    );
    await settled(restarted);
    expect(twilio.requests).toHaveLength(3);
    for (const sms of twilio.requests) expect(sms.body).toContain('14');
  });
});

async function providerSid(hub: TestHub, id: string): Promise<string> {
  // The provider's id is not part of the contract's Notification; read it from the journal.
  const lines = (await readFile(join(hub.dataDir, 'notifications.ndjson'), 'utf8'))
    .trim()
    .split('\n');
  for (const line of lines.reverse()) {
    const entry = JSON.parse(line) as {
      t: string;
      record?: { id: string; providerMessageId?: string };
    };
    if (entry.record?.id === id && entry.record.providerMessageId)
      return entry.record.providerMessageId;
  }
  throw new Error(`no provider id for ${id}`);
}
