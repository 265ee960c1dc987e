import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flight } from '../../core';
import { setDisabled } from '../auth/user-admin';
import {
  requestRaw,
  startTestHub,
  type HubClient,
  type TestHub,
} from '../../test-support/hub-harness';
import { waitFor } from '../../test-support/wait-for';

/**
 * Who may do what, end to end: every kind of caller against every event and endpoint. Each
 * cell is the outcome the hub gives: 'ok' or the error code.
 */
const SECRET = 'role-matrix-secret-that-is-long-enough-0123456789';

type Caller =
  | 'viewer'
  | 'agent'
  | 'agent in scope'
  | 'agent out of scope'
  | 'supervisor'
  | 'no token'
  | 'forged token'
  | 'expired token'
  | 'disabled user'
  | 'logged out';
type Action =
  | 'snapshot'
  | 'sync'
  | 'update'
  | 'gate into other scope'
  | 'GET flights'
  | 'GET airport'
  | 'PUT passengers';

const ACTIONS: Action[] = [
  'snapshot',
  'sync',
  'update',
  'gate into other scope',
  'GET flights',
  'GET airport',
  'PUT passengers',
];

const ok = 'ok';
const F = 'FORBIDDEN';
const U = 'UNAUTHORIZED';
const EXPECTED: Record<Caller, string[]> = {
  //                    snapshot sync update gateOut GETfl GETap PUTpax
  viewer: /*          */ [ok, ok, F, F, ok, ok, F],
  agent: /*           */ [ok, ok, ok, ok, ok, ok, F],
  'agent in scope': /**/ [ok, ok, ok, F, ok, ok, F],
  'agent out of scope': [ok, ok, F, F, ok, ok, F],
  supervisor: /*      */ [ok, ok, ok, ok, ok, ok, ok],
  'no token': /*      */ [U, U, U, U, U, U, U],
  'forged token': /*  */ [U, U, U, U, U, U, U],
  'expired token': /* */ [U, U, U, U, U, U, U],
  'disabled user': /* */ [U, U, U, U, U, U, U],
  'logged out': /*    */ [U, U, U, U, U, U, U],
};

/** The flight each caller's changes go to; the scoped agent (6E, gates 42A–C) owns f-6e2134. */
const TARGET: Partial<Record<Caller, string>> = {
  'agent in scope': 'f-6e2134',
  'agent out of scope': 'f-ai865',
};

let hub: TestHub;
const tokens = new Map<Caller, string | null>();

beforeAll(async () => {
  hub = await startTestHub({ secret: SECRET });
  const sign = (secret: string, subject: string, expiresAt: number) =>
    new SignJWT({ role: 'supervisor', ep: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setJti(randomUUID())
      .setIssuedAt(expiresAt - 3600)
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(secret));
  const nowSeconds = Math.floor(Date.now() / 1000);
  tokens.set('viewer', await hub.login('board'));
  tokens.set('agent', await hub.login('agent1'));
  tokens.set('agent in scope', await hub.login('agent6e'));
  tokens.set('agent out of scope', await hub.login('agent6e'));
  tokens.set('supervisor', await hub.login('super'));
  tokens.set('no token', null);
  tokens.set(
    'forged token',
    await sign('another-secret-of-the-same-length-0123456789ab', 'super', nowSeconds + 3600),
  );
  tokens.set('expired token', await sign(SECRET, 'super', nowSeconds - 60));
  const disabled = await hub.login('agent2');
  await setDisabled(hub.dataDir, 'agent2', true);
  tokens.set('disabled user', disabled);
  const loggedOut = await hub.login('super');
  await fetch(`${hub.url}/api/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${loggedOut}` },
  });
  tokens.set('logged out', loggedOut);
  // The users.json watcher has seen the change once the disabled user's token stops working.
  await waitFor(
    async () =>
      (await fetch(`${hub.url}/api/flights`, { headers: { authorization: `Bearer ${disabled}` } }))
        .status === 401,
    "the hub to end the disabled user's session",
  );
});
afterAll(async () => {
  await hub?.close();
});

async function connect(token: string | null): Promise<HubClient | string> {
  const socket: HubClient = io(hub.url, {
    auth: token === null ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}

async function currentFlight(id: string): Promise<Flight> {
  const response = await fetch(`${hub.url}/api/flights`, {
    headers: { authorization: `Bearer ${tokens.get('supervisor')}` },
  });
  const { flights } = (await response.json()) as { flights: Flight[] };
  return flights.find((flight) => flight.id === id)!;
}

function outcome(ack: unknown): string {
  const envelope = ack as { ok: boolean; error?: { code: string } };
  return envelope.ok ? ok : envelope.error!.code;
}

async function httpOutcome(response: Response): Promise<string> {
  if (response.ok) return ok;
  return ((await response.json()) as { error: { code: string } }).error.code;
}

async function perform(caller: Caller, action: Action): Promise<string> {
  const token = tokens.get(caller)!;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const flightId = TARGET[caller] ?? 'f-uk955';
  switch (action) {
    case 'GET flights':
      return httpOutcome(await fetch(`${hub.url}/api/flights`, { headers }));
    case 'GET airport':
      return httpOutcome(await fetch(`${hub.url}/api/airport`, { headers }));
    case 'PUT passengers':
      return httpOutcome(
        await fetch(`${hub.url}/api/flights/f-sg8169/passengers`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ passengers: [{ pnr: 'ABC123', name: 'A Passenger' }] }),
        }),
      );
  }
  const socket = await connect(token);
  if (typeof socket === 'string') return socket;
  try {
    switch (action) {
      case 'snapshot':
        return outcome(await requestRaw(socket, 'flights:snapshot', {}));
      case 'sync':
        return outcome(await requestRaw(socket, 'sync:since', { seq: 0 }));
      case 'update': {
        const flight = await currentFlight(flightId);
        return outcome(
          await requestRaw(socket, 'flight:update', {
            flightId,
            baseVersion: flight.version,
            opId: randomUUID(),
            changes: { remark: `${caller} was here` },
          }),
        );
      }
      case 'gate into other scope': {
        // For the scoped agent: its own flight, moved to a gate outside its gates.
        const target = TARGET[caller] === undefined ? 'f-uk955' : 'f-6e2134';
        const flight = await currentFlight(target);
        return outcome(
          await requestRaw(socket, 'flight:update', {
            flightId: target,
            baseVersion: flight.version,
            opId: randomUUID(),
            changes: { gate: flight.gate === '12' ? '14' : '12' },
          }),
        );
      }
    }
  } finally {
    socket.close();
  }
}

describe('role × action matrix', () => {
  it.each(Object.keys(EXPECTED) as Caller[])('%s', async (caller) => {
    const actual: string[] = [];
    for (const action of ACTIONS) actual.push(await perform(caller, action));
    expect(Object.fromEntries(ACTIONS.map((action, i) => [action, actual[i]]))).toEqual(
      Object.fromEntries(ACTIONS.map((action, i) => [action, EXPECTED[caller][i]])),
    );
  });
});
