import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  PASSENGER_NAMESPACE,
  toPublicFlight,
  type Change,
  type PassengerClientToServerEvents,
  type PassengerServerToClientEvents,
} from '../../core';
import { TokenBucket } from '../token-bucket';
import type { PassengerAccess } from './passenger-access';
import type { PassengerTicket, PassengerTokens } from './passenger-tokens';
import type { GateChanges } from './gate-changes';

interface PassengerSocketData {
  ticket: PassengerTicket;
}
type PassengerNamespace = Namespace<
  PassengerClientToServerEvents,
  PassengerServerToClientEvents,
  object,
  PassengerSocketData
>;
type PassengerSocket = Socket<
  PassengerClientToServerEvents,
  PassengerServerToClientEvents,
  object,
  PassengerSocketData
>;

export interface PassengerNamespaceDeps {
  tokens: PassengerTokens;
  access: PassengerAccess;
  gateChanges: GateChanges;
  logger: Logger;
  now: () => Date;
}

const roomOf = (flightId: string) => `flight:${flightId}`;

/**
 * Socket.IO namespace `/passenger` (contract section 9): a passenger token admits a connection
 * (anything else, a staff token included, fails the handshake with `UNAUTHORIZED`), which joins
 * one room per flight of the booking and is sent `flight:status` — a PublicFlight — for those
 * flights at once and whenever they change; nothing else. Passengers send nothing: any event
 * from them is dropped, and a connection that keeps sending is cut. It ends when the token does.
 */
export function attachPassengerNamespace(
  io: Server,
  deps: PassengerNamespaceDeps,
): { publish(changes: readonly Change[]): void } {
  const nsp = io.of(PASSENGER_NAMESPACE) as unknown as PassengerNamespace;
  nsp.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    deps.tokens.verify(token).then(
      (ticket) => {
        if (!ticket) return next(new Error('UNAUTHORIZED'));
        socket.data.ticket = ticket;
        next();
      },
      () => next(new Error('UNAUTHORIZED')),
    );
  });
  nsp.on('connection', (socket) => {
    void admit(socket, deps).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'passenger connection failed');
      socket.disconnect(true);
    });
  });

  return {
    publish(changes) {
      for (const change of changes) {
        const room = roomOf(change.flight.id);
        // Most flights have no passenger watching: skip encoding for an empty room.
        if (!nsp.adapter.rooms.get(room)?.size) continue;
        if (change.change.kind === 'archived') continue;
        const flight = toPublicFlight(change.flight, deps.gateChanges.known(change.flight.id));
        // Every hub follows every change and tells its own passengers: local, or a passenger
        // on another hub would get it twice through the cluster adapter.
        nsp.local.to(room).emit('flight:status', flight);
      }
    },
  };
}

async function admit(socket: PassengerSocket, deps: PassengerNamespaceDeps): Promise<void> {
  const { ticket } = socket.data;
  const expiry = setTimeout(
    () => socket.disconnect(true),
    Math.min(Math.max(ticket.expiresAt - deps.now().getTime(), 0), 2 ** 31 - 1),
  );
  socket.on('disconnect', () => clearTimeout(expiry));
  const flood = new TokenBucket({ perSecond: 5, burst: 20 }, Date.now());
  // No event is handled: each is dropped here; a flood ends the connection.
  socket.use(() => {
    if (!flood.take(Date.now())) socket.disconnect(true);
  });
  const flights = deps.access.flights(ticket);
  await socket.join(flights.map((flight) => roomOf(flight.id)));
  for (const flight of flights) {
    socket.emit('flight:status', toPublicFlight(flight, await deps.gateChanges.of(flight.id)));
  }
}
