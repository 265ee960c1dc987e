import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFlightChange, type Flight, type Passenger } from '../../core';
import { startNotificationEngine, type NotificationEngine } from './notification-engine';
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

describe('startNotificationEngine', () => {
  it('turns a stored flight change into an SMS through Twilio and a skipped e-mail, from the environment', async () => {
    const twilio = new FakeTwilioServer();
    await twilio.start();
    cleanups.push(() => twilio.stop());
    const folder = await mkdtemp(join(tmpdir(), 'jetbridge-engine-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));

    let flight = initial;
    const settings = readNotificationSettings({
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: twilio.apiBase,
      JETBRIDGE_NOTIFY_COALESCE_MS: '50',
    });
    const engine: NotificationEngine = await startNotificationEngine({
      settings,
      journalPath: join(folder, 'notifications.ndjson'),
      getFlight: () => flight,
      getPassengers: () => passengers,
    });
    cleanups.push(() => engine.stop());

    const result = applyFlightChange(
      flight,
      { gate: '21' },
      { by: 'agent1', at: new Date().toISOString() },
    );
    if (!result.ok) throw new Error(result.message);
    const before = flight;
    flight = result.flight;
    await engine.flightChanged(before, result.fields);

    await waitFor(
      () => engine.listFlightNotifications('F1').length === 2,
      'notifications to be created',
    );
    await waitFor(
      () =>
        engine
          .listFlightNotifications('F1')
          .every((n) => n.status === 'sent' || n.status === 'skipped'),
      'notifications to settle',
    );
    const [sms, email] = engine.listFlightNotifications('F1');
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
    const sid = engine.outbox.get(sms!.id)!.providerMessageId!;
    const params = { MessageSid: sid, MessageStatus: 'delivered' };
    const forged = await engine.handleTwilioStatus({ url, params, signature: 'AAAA' });
    expect(forged).toMatchObject({ applied: false, forbidden: true });
    const signature = computeTwilioSignature(twilio.authToken, url, params);
    expect(await engine.handleTwilioStatus({ url, params, signature })).toMatchObject({
      applied: true,
    });
    expect(engine.listFlightNotifications('F1')[0]!.status).toBe('delivered');
  });
});
