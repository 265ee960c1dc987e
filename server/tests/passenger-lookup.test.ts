import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlightChanges, Passenger, PublicFlight } from '../../core';
import { waitFor } from '../../test-support/wait-for';
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
  lookupAt,
  passengerCall,
  passengerToken,
} from '../../test-support/passenger-client';

/** Asha (two flights), José (accents, another booking), the Cruz family (two people, one PNR). */
const MANIFESTS: Record<string, Passenger[]> = {
  'f-ai865': [
    {
      pnr: 'ASH001',
      name: 'Asha Verma',
      phone: '+919810000001',
      email: 'asha@example.in',
      locale: 'hi',
    },
    { pnr: 'CRZ003', name: 'Maria de la Cruz', email: 'maria@example.es' },
  ],
  'f-uk955': [{ pnr: 'ASH001', name: 'Asha Verma', phone: '+919810000001', locale: 'hi' }],
  'f-6e2134': [{ pnr: 'JOS002', name: 'José Núñez', phone: '+919810000002' }],
};
const FLOOR_MS = 60;

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

async function startPassengerHub(options: TestHubOptions = {}): Promise<TestHub> {
  const hub = await startTestHub({
    seed: () => ({ ...fixtureSeed(), passengers: MANIFESTS }),
    passengers: { lookupFloorMs: FLOOR_MS },
    ...options,
  });
  hubs.push(hub);
  return hub;
}

async function change(socket: HubClient, flightId: string, changes: FlightChanges) {
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

describe('passenger lookup', () => {
  it('finds a booking by PNR and last name in any case, accents or spacing, with board data only', async () => {
    const hub = await startPassengerHub();
    const found = await passengerToken(hub.url, 'ash001', '  VERMA ');
    expect(found.passenger).toEqual({ name: 'Asha Verma', locale: 'hi' });
    expect(found.flights.map((f) => f.id)).toEqual(['f-ai865', 'f-uk955']);
    expect(found.flights[0]).toMatchObject({
      flightNumber: 'AI 865',
      gate: '12',
      destination: 'BLR',
    });
    const keys = Object.keys(found.flights[0]!);
    for (const staffOnly of [
      'version',
      'updatedBy',
      'delayCode',
      'passengerCount',
      'registration',
    ]) {
      expect(keys).not.toContain(staffOnly);
    }
    // Nothing of any other passenger on the same flight, and no contact details of anyone.
    const text = JSON.stringify(found);
    for (const secret of ['Maria', 'maria@example.es', '+919810000001', 'asha@example.in']) {
      expect(text).not.toContain(secret);
    }
    expect((await lookupAt(hub.url, 'JOS002', 'nunez')).status).toBe(200);
    expect((await lookupAt(hub.url, 'CRZ003', 'De La Cruz')).status).toBe(200);
    expect((await lookupAt(hub.url, 'CRZ003', 'cruz')).status).toBe(200);
  });

  it('answers an unknown PNR and a wrong name with the same 404, taking no less than the floor', async () => {
    const hub = await startPassengerHub();
    const unknown = await lookupAt(hub.url, 'NOPE99', 'Verma');
    const wrongName = await lookupAt(hub.url, 'ASH001', 'Sharma');
    const otherPassengersName = await lookupAt(hub.url, 'ASH001', 'Cruz');
    for (const answer of [unknown, wrongName, otherPassengersName]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(unknown.body);
      expect(answer.ms).toBeGreaterThanOrEqual(FLOOR_MS - 5);
    }
    expect(unknown.body).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('no booking matches') },
    });
    const malformed = await lookupAt(hub.url, 'ASH-01', 'Verma');
    expect(malformed.status).toBe(400);
  });

  it('throttles failures per booking reference: the right name waits too', async () => {
    const hub = await startPassengerHub();
    for (let i = 0; i < 5; i += 1) {
      expect((await lookupAt(hub.url, 'ASH001', `Wrong${i}`)).status).toBe(404);
    }
    const held = await lookupAt(hub.url, 'ASH001', 'Verma');
    expect(held.status).toBe(429);
    expect(Number(held.retryAfter)).toBeGreaterThan(0);
    expect(held.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // Another booking from the same address is not held back by this one.
    expect((await lookupAt(hub.url, 'JOS002', 'Núñez')).status).toBe(200);
  });

  it('throttles failures per address across booking references', async () => {
    const hub = await startPassengerHub({
      passengers: { lookupFloorMs: 0, lookupThrottle: { maxPerAddress: 8 } },
    });
    const guesses = Array.from({ length: 8 }, (_, i) => `GUES${String(i).padStart(2, '0')}`);
    const answers = await Promise.all(guesses.map((pnr) => lookupAt(hub.url, pnr, 'Kumar')));
    expect(answers.map((a) => a.status)).toEqual(guesses.map(() => 404));
    const next = await lookupAt(hub.url, 'JOS002', 'Núñez');
    expect(next.status).toBe(429);
    expect(next.retryAfter).not.toBeNull();
  });
});

describe('passenger tokens', () => {
  it('open only the passengers’ routes and namespace, and a staff token opens none of them', async () => {
    const hub = await startPassengerHub();
    const { token } = await passengerToken(hub.url, 'ASH001', 'Verma');
    const staff = await hub.login('super');

    expect((await passengerCall(hub.url, token, 'GET', '/api/passenger/preferences')).status).toBe(
      200,
    );
    for (const path of [
      '/api/flights',
      '/api/flights/f-ai865/notifications',
      '/api/passengers?pnr=ASH001',
    ]) {
      expect((await passengerCall(hub.url, token, 'GET', path)).status).toBe(401);
    }
    expect(await hub.connectError({ token })).toBe('UNAUTHORIZED');

    for (const path of ['/api/passenger/preferences', '/api/passenger/flights']) {
      expect((await passengerCall(hub.url, staff, 'GET', path)).status).toBe(401);
    }
    await expect(connectPassenger(hub.url, staff)).rejects.toThrow('UNAUTHORIZED');
    await expect(connectPassenger(hub.url, `${token}x`)).rejects.toThrow('UNAUTHORIZED');
    await expect(connectPassenger(hub.url, undefined)).rejects.toThrow('UNAUTHORIZED');
  });

  it('expire after their lifetime', async () => {
    let now = new Date();
    const hub = await startPassengerHub({
      now: () => now,
      passengers: { tokenHours: 2, lookupFloorMs: 0 },
    });
    const { token } = await passengerToken(hub.url, 'ASH001', 'Verma');
    now = new Date(now.getTime() + 2 * 3600_000 + 1000);
    expect((await passengerCall(hub.url, token, 'GET', '/api/passenger/flights')).status).toBe(401);
    await expect(connectPassenger(hub.url, token)).rejects.toThrow('UNAUTHORIZED');
  });

  it('pace a passenger’s changes: a burst of 10, then 429', async () => {
    const hub = await startPassengerHub();
    const { token } = await passengerToken(hub.url, 'ASH001', 'Verma');
    const body = { channels: { sms: true, email: false, push: true }, locale: 'hi' };
    const statuses = (
      await Promise.all(
        Array.from({ length: 15 }, () =>
          passengerCall(hub.url, token, 'PUT', '/api/passenger/preferences', body),
        ),
      )
    ).map((answer) => answer.status);
    // The burst of 10 (one more if a second passed meanwhile), the rest refused.
    const accepted = statuses.filter((status) => status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(accepted).toBeLessThanOrEqual(11);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15 - accepted);
    // Reading is not paced.
    expect((await passengerCall(hub.url, token, 'GET', '/api/passenger/preferences')).status).toBe(
      200,
    );
  });

  it('show a passenger their own flights only', async () => {
    const hub = await startPassengerHub();
    const jose = await passengerToken(hub.url, 'JOS002', 'Nunez');
    expect(jose.flights.map((f) => f.id)).toEqual(['f-6e2134']);
    const listed = await passengerCall(hub.url, jose.token, 'GET', '/api/passenger/flights');
    expect((listed.body as { flights: PublicFlight[] }).flights.map((f) => f.id)).toEqual([
      'f-6e2134',
    ]);
  });
});

describe('the /passenger namespace', () => {
  it('sends each passenger the status of their own flights only, live, with the gate change', async () => {
    const hub = await startPassengerHub();
    const asha = await passengerToken(hub.url, 'ASH001', 'Verma');
    const jose = await passengerToken(hub.url, 'JOS002', 'Núñez');
    const ashaSocket = await connectPassenger(hub.url, asha.token);
    const ashaSeen = ashaSocket.statuses;
    const joseSocket = await connectPassenger(hub.url, jose.token);
    const joseSeen = joseSocket.statuses;
    // On connecting, each gets the current status of their flights.
    await waitFor(() => ashaSeen.length === 2 && joseSeen.length === 1, 'initial statuses');
    ashaSeen.length = 0;
    joseSeen.length = 0;

    const agent = await hub.connect(await hub.login('agent1'));
    await change(agent, 'f-6e2134', { gate: '42C' });
    await waitFor(() => joseSeen.length === 1, 'José’s gate change');
    expect(joseSeen[0]).toMatchObject({
      id: 'f-6e2134',
      gate: '42C',
      gateChange: { from: '42B', at: expect.any(String) },
    });
    await change(agent, 'f-ai865', { remark: 'Check-in row D' });
    await waitFor(() => ashaSeen.length === 1, 'Asha’s flight change');
    expect(ashaSeen[0]).toMatchObject({
      id: 'f-ai865',
      remark: 'Check-in row D',
      gateChange: null,
    });
    // A flight nobody here is on reaches no passenger.
    await change(agent, 'f-sg8169', { gate: '8' });
    await change(agent, 'f-ai865', { remark: 'Check-in row E' });
    await waitFor(() => ashaSeen.length === 2, 'Asha’s second change');
    expect(joseSeen).toHaveLength(1);
    expect([...ashaSeen, ...joseSeen].map((f) => f.id)).not.toContain('f-sg8169');
    ashaSocket.close();
    joseSocket.close();
  });

  it('tells a page opened after a gate change that the gate changed (from the change log)', async () => {
    const hub = await startPassengerHub();
    const agent = await hub.connect(await hub.login('agent1'));
    await change(agent, 'f-6e2134', { gate: '42A' });
    await hub.restart();
    const jose = await passengerToken(hub.url, 'JOS002', 'Núñez');
    expect(jose.flights[0]).toMatchObject({ gate: '42A', gateChange: { from: '42B' } });
  });
});

describe('a passenger connection', () => {
  it('ends when its token does, and when the page floods the hub with events', async () => {
    // The hub's clock stands still, so the 1.4 s token is still valid when the socket connects
    // however slow the machine is; the connection's own timer then ends it.
    const frozen = new Date();
    const hub = await startPassengerHub({
      now: () => frozen,
      passengers: { lookupFloorMs: 0, tokenHours: 0.0004 },
    });
    const { token } = await passengerToken(hub.url, 'JOS002', 'Núñez');
    const expiring = await connectPassenger(hub.url, token);
    await new Promise<void>((resolve) => expiring.once('disconnect', () => resolve()));

    // A token of the usual length: only the flood can end this one.
    const other = await startPassengerHub({ passengers: { lookupFloorMs: 0 } });
    const fresh = await passengerToken(other.url, 'ASH001', 'Verma');
    const flooding = await connectPassenger(other.url, fresh.token);
    const cut = new Promise<string>((resolve) => flooding.once('disconnect', resolve));
    const raw = flooding as unknown as { emit(event: string, payload: unknown): void };
    for (let i = 0; i < 40; i += 1) raw.emit('flight:update', { flightId: 'f-ai865' });
    expect(await cut).toBe('io server disconnect');
  });
});

describe('staff PNR search', () => {
  it('shows a supervisor the booking’s people, flights and notifications, contact details masked', async () => {
    const hub = await startPassengerHub();
    const answer = await passengerCall(
      hub.url,
      await hub.login('super'),
      'GET',
      '/api/passengers?pnr=ash001',
    );
    expect(answer.status).toBe(200);
    const body = answer.body as {
      passengers: Array<{ name: string; phone: string | null; email: string | null }>;
      flights: Array<{ id: string }>;
      notifications: unknown[];
    };
    expect(body.flights.map((f) => f.id).sort()).toEqual(['f-ai865', 'f-uk955']);
    expect(body.passengers).toEqual([
      expect.objectContaining({
        name: 'Asha Verma',
        phone: '+91••••••0001',
        email: 'a•••@example.in',
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain('+919810000001');
    expect(body.notifications).toEqual([]);
  });

  it('limits an agent to its scope and refuses viewers', async () => {
    const hub = await startPassengerHub();
    const scoped = await hub.login('agent6e'); // IndiGo, gates 42A–42C
    const mine = await passengerCall(hub.url, scoped, 'GET', '/api/passengers?pnr=JOS002');
    expect(mine.status).toBe(200);
    const notMine = await passengerCall(hub.url, scoped, 'GET', '/api/passengers?pnr=ASH001');
    expect(notMine.status).toBe(404);
    const agent = await passengerCall(
      hub.url,
      await hub.login('agent1'),
      'GET',
      '/api/passengers?pnr=ASH001',
    );
    expect(agent.status).toBe(200);
    const viewer = await passengerCall(
      hub.url,
      await hub.login('board'),
      'GET',
      '/api/passengers?pnr=ASH001',
    );
    expect(viewer.status).toBe(403);
    const bad = await passengerCall(
      hub.url,
      await hub.login('super'),
      'GET',
      '/api/passengers?pnr=x',
    );
    expect(bad.status).toBe(400);
  });
});
