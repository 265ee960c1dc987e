import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFlightChange, type Change, type Flight, type Passenger } from '../../core';
import { HubNotifications } from './hub-notifications';
import { readNotificationSettings } from './notification-config';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { computeTwilioSignature } from './twilio-signature';
import { waitFor } from '../../test-support/wait-for';
import { delhiFlight } from '../../test-support/flight-fixture';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const initial: Flight = delhiFlight({ flightNumber: 'AI 805', airline: 'AI' });
const passengers: Passenger[] = [
  { pnr: 'ABC123', name: 'Asha', phone: '+919876543210', email: 'asha@example.com', locale: 'hi' },
];

describe('HubNotifications', () => {
  it('turns a stored flight change into an SMS through Twilio and a skipped e-mail, from the environment', async () => {
    const twilio = new FakeTwilioServer();
    await twilio.start();
    cleanups.push(() => twilio.stop());
    const folder = await mkdtemp(join(tmpdir(), 'jetbridge-notifications-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));

    let flight = initial;
    const settings = readNotificationSettings({
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: twilio.apiBase,
      JETBRIDGE_NOTIFY_COALESCE_MS: '50',
    });
    // The flight store's side: its durable changes, in seq order.
    let seq = 0;
    const listeners: Array<(changes: readonly Change[]) => void> = [];
    const notifications = await HubNotifications.start({
      dataDir: folder,
      settings,
      store: {
        get seq() {
          return seq;
        },
        flight: (flightId) => (flightId === flight.id ? flight : undefined),
        changesAfter: async () => [],
        subscribe: (listener) => {
          listeners.push(listener);
          return () => undefined;
        },
      },
      passengers: { list: () => passengers },
      logger: pino({ level: 'silent' }),
    });
    cleanups.push(() => notifications.stop());

    const result = applyFlightChange(
      flight,
      { gate: '21' },
      { by: 'agent1', at: new Date().toISOString() },
    );
    if (!result.ok) throw new Error(result.message);
    flight = result.flight;
    seq += 1;
    const change: Change = {
      seq,
      flight,
      change: { opId: 'op-1', by: 'agent1', at: new Date().toISOString(), fields: result.fields },
    };
    for (const listener of listeners) listener([change]);

    await waitFor(() => notifications.list('F1').length === 2, 'notifications to be created');
    await waitFor(
      () => notifications.list('F1').every((n) => n.status === 'sent' || n.status === 'skipped'),
      'notifications to settle',
    );
    const [sms, email] = notifications.list('F1');
    expect(sms).toMatchObject({
      pnr: 'ABC123',
      channel: 'sms',
      kind: 'GATE_CHANGE',
      status: 'sent',
      attempts: 1,
    });
    expect(email).toMatchObject({
      channel: 'email',
      status: 'skipped',
      error: 'e-mail not configured (SMTP_URL unset)',
    });
    expect(twilio.requests[0]!.body).toContain('गेट बदलकर 21');

    // Twilio then reports delivery on the signed callback.
    const url = 'https://hub.example.com/api/notifications/twilio-status';
    const sid = notifications.outbox.get(sms!.id)!.providerMessageId!;
    const params = { MessageSid: sid, MessageStatus: 'delivered' };
    const forged = await notifications.handleTwilioStatus({ url, params, signature: 'AAAA' });
    expect(forged).toMatchObject({ applied: false, forbidden: true });
    const signature = computeTwilioSignature(twilio.authToken, url, params);
    expect(await notifications.handleTwilioStatus({ url, params, signature })).toMatchObject({
      applied: true,
    });
    expect(notifications.list('F1')[0]!.status).toBe('delivered');
  });
});
