import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, FlightChanges, FlightHistoryResult, Passenger } from '../../core';
import { readNotificationSettings } from '../notifications/notification-config';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { waitFor } from '../../test-support/wait-for';
import {
  fixtureSeed,
  request,
  requestRaw,
  startTestHub,
  type HubClient,
  type TestHub,
} from '../../test-support/hub-harness';

/** Issue 10: a cancellation carries its reason; a supervisor reinstates and passengers are told. */
const FLIGHT = 'f-ai865';
const MANIFEST: Passenger[] = [
  { pnr: 'ENG002', name: 'Rahul Iyer', phone: '+919810000002' },
  { pnr: 'HIN001', name: 'Asha Verma', phone: '+919810000001', locale: 'hi' },
];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHub(): Promise<{ hub: TestHub; twilio: FakeTwilioServer }> {
  const twilio = new FakeTwilioServer();
  await twilio.start();
  cleanups.push(() => twilio.stop());
  const settings = readNotificationSettings({
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE: twilio.apiBase,
  });
  const hub = await startTestHub({
    seed: () => ({ ...fixtureSeed(), passengers: { [FLIGHT]: MANIFEST } }),
    notifications: settings,
    notifyCoalesceMs: 50,
    notifyDelayMin: 15,
  });
  cleanups.push(() => hub.close());
  return { hub, twilio };
}

async function update(socket: HubClient, changes: FlightChanges, flightId = FLIGHT) {
  const snapshot = await request(socket, 'flights:snapshot', {});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const flight = snapshot.flights.find((f) => f.id === flightId)!;
  return request(socket, 'flight:update', {
    flightId,
    baseVersion: flight.version,
    opId: randomUUID(),
    changes,
  });
}

describe('status corrections through the hub', () => {
  it('keeps a cancellation reason; only a supervisor reinstates, with a reason; passengers get a correction', async () => {
    const { hub, twilio } = await startHub();
    const agent = await hub.connect(await hub.login('agent1'));
    const supervisor = await hub.connect(await hub.login('super'));

    const cancelled = await update(agent, { status: 'CANCELLED', statusReason: 'crew shortage' });
    expect(cancelled).toMatchObject({ ok: true, flight: { statusReason: 'crew shortage' } });
    await waitFor(() => twilio.requests.length >= 2, 'the cancellation SMS');
    expect(twilio.requests.every((sms) => /cancel|रद्द/.test(sms.body))).toBe(true);

    // The agent cannot take it back; the supervisor cannot either without saying why.
    const byAgent = await update(agent, { status: 'SCHEDULED', statusReason: 'crew found' });
    expect(byAgent).toMatchObject({
      ok: false,
      error: { code: 'INVALID', message: expect.stringMatching(/^status: only a supervisor/) },
    });
    const noReason = await update(supervisor, { status: 'SCHEDULED' });
    expect(noReason).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^statusReason: /) },
    });

    const reinstated = await update(supervisor, {
      status: 'SCHEDULED',
      statusReason: 'crew found',
    });
    expect(reinstated).toMatchObject({ ok: true, flight: { status: 'SCHEDULED' } });
    await waitFor(() => twilio.requests.length >= 4, 'the correction SMS');
    const english = twilio.requests.slice(2).find((sms) => sms.to === '+919810000002')!;
    expect(english.body).toMatch(/^Correction: AI 865 .* is NOT cancelled and will operate/);

    // The audit keeps who cancelled and reinstated, and why.
    const history = (await requestRaw(supervisor, 'flight:history', {
      flightId: FLIGHT,
    })) as Ack<FlightHistoryResult>;
    if (!history.ok) throw new Error(history.error.message);
    expect(
      history.entries.slice(0, 2).map((entry) => [entry.by, entry.fields.statusReason?.to]),
    ).toEqual([
      ['super', 'crew found'],
      ['agent1', 'crew shortage'],
    ]);
  });

  it('records the actual time of a departure and lets a supervisor take a wrong one back', async () => {
    const { hub } = await startHub();
    const agent = await hub.connect(await hub.login('agent1'));
    const supervisor = await hub.connect(await hub.login('super'));
    const departed = await update(agent, { status: 'DEPARTED' }, 'f-6e2134');
    if (!departed.ok) throw new Error(departed.error.message);
    expect(departed.flight.atd).toEqual(expect.any(String));

    const corrected = await update(
      supervisor,
      { status: 'GATE_CLOSED', statusReason: 'set by mistake, still at the gate' },
      'f-6e2134',
    );
    expect(corrected).toMatchObject({ ok: true, flight: { status: 'GATE_CLOSED', atd: null } });
  });
});
