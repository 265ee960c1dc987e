import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import { can, describeZodError, snapshotPayloadSchema, syncSincePayloadSchema } from '../../core';
import { answeredFlight, flightUpdateRequest } from '../flight-updates';
import { HubError } from '../hub-error';
import type { FlightStore } from '../store/flight-store';
import type { HubSocket } from './handshake';
import { listener, socketLogger, type SocketListeners } from './socket-listeners';

export interface FlightEventDeps {
  store: FlightStore;
  logger: Logger;
  now: () => Date;
}

/** The contract's client → hub events (section 3), shared by every socket. */
export function flightEventListeners(deps: FlightEventDeps): SocketListeners {
  const { store, now, logger } = deps;
  return {
    'flights:snapshot': listener('flights:snapshot', logger, async (socket, payload, reply) => {
      requireRead(socket);
      parse(snapshotPayloadSchema, payload ?? {});
      reply({ ok: true, ...store.snapshot() });
    }),

    'sync:since': listener('sync:since', logger, async (socket, payload, reply) => {
      requireRead(socket);
      const { seq } = parse(syncSincePayloadSchema, payload);
      reply({ ok: true, ...(await store.changesSince(seq)) });
    }),

    // The broadcast of every accepted change is the hub's (hub.ts subscribes to the store): here
    // only the sender's acknowledgement, sent as soon as the change is durable.
    'flight:update': listener('flight:update', logger, async (socket, payload, reply) => {
      const { user, workstation } = socket.data;
      const request = flightUpdateRequest(user, workstation, payload, now().toISOString());
      const [outcome] = await store.apply([request]);
      reply({ ok: true, flight: answeredFlight(outcome!) });
      if (outcome!.kind === 'committed') {
        socketLogger(logger, socket).info(
          { flightId: request.flightId, opId: request.opId, fields: outcome!.change.change.fields },
          'flight changed',
        );
      }
    }),
  };
}

export function requireRead(socket: HubSocket): void {
  if (!can(socket.data.user.role, 'readFlights')) {
    throw new HubError('FORBIDDEN', `role ${socket.data.user.role} may not read flights`);
  }
}

export function parse<T>(schema: ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error));
  return parsed.data;
}
