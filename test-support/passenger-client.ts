import { io, type Socket } from 'socket.io-client';
import type {
  PassengerClientToServerEvents,
  PassengerLookupResult,
  PassengerServerToClientEvents,
  PublicFlight,
} from '../core';

export type PassengerClient = Socket<
  PassengerServerToClientEvents,
  PassengerClientToServerEvents
> & {
  /** Every `flight:status` received since the connection began (the first come at once). */
  statuses: PublicFlight[];
};

/** `POST /api/passenger/lookup`, as the passengers' page sends it. */
export async function lookupAt(
  url: string,
  pnr: string,
  lastName: string,
): Promise<{ status: number; body: unknown; retryAfter: string | null; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/passenger/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pnr, lastName }),
  });
  return {
    status: response.status,
    body: await response.json(),
    retryAfter: response.headers.get('retry-after'),
    ms: performance.now() - started,
  };
}

/** Looks a booking up and returns its token (throws unless found). */
export async function passengerToken(url: string, pnr: string, lastName: string) {
  const answer = await lookupAt(url, pnr, lastName);
  if (answer.status !== 200) throw new Error(`lookup ${pnr}: HTTP ${answer.status}`);
  return answer.body as PassengerLookupResult;
}

/** A real socket.io client on `/passenger`; resolves once admitted, rejects with connect_error. */
export async function connectPassenger(url: string, token: unknown): Promise<PassengerClient> {
  const socket = Object.assign(
    io(`${url}/passenger`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    }),
    { statuses: [] as PublicFlight[] },
  ) as PassengerClient;
  socket.on('flight:status', (flight) => socket.statuses.push(flight));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
  return socket;
}

/** An authenticated JSON call with a passenger (or any) token. */
export async function passengerCall(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}
