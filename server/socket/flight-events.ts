import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import {
  can,
  describeZodError,
  snapshotPayloadSchema,
  syncSincePayloadSchema,
  type Ack,
  type ClientToServerEvents,
} from '../../core';
import { answeredFlight, flightUpdateRequest } from '../flight-updates';
import { HubError, toAckError } from '../hub-error';
import type { FlightStore } from '../store/flight-store';
import type { HubSocket } from './handshake';

type Reply = (response: Ack<Record<string, unknown>>) => void;

export interface FlightEventDeps {
  store: FlightStore;
  logger: Logger;
  now: () => Date;
}

/** The contract's client → hub events (section 3) for one connected socket. */
export function registerFlightEvents(socket: HubSocket, deps: FlightEventDeps): void {
  const { store, now } = deps;
  const logger = deps.logger.child({ user: socket.data.user.username, socket: socket.id });

  on(socket, 'flights:snapshot', logger, async (payload, reply) => {
    requireRead(socket);
    parse(snapshotPayloadSchema, payload ?? {});
    reply({ ok: true, ...store.snapshot() });
  });

  on(socket, 'sync:since', logger, async (payload, reply) => {
    requireRead(socket);
    const { seq } = parse(syncSincePayloadSchema, payload);
    reply({ ok: true, ...(await store.changesSince(seq)) });
  });

  // The broadcast of every accepted change is the hub's (hub.ts subscribes to the store): here
  // only the sender's acknowledgement, sent as soon as the change is durable.
  on(socket, 'flight:update', logger, async (payload, reply) => {
    const { user, workstation } = socket.data;
    const request = flightUpdateRequest(user, workstation, payload, now().toISOString());
    const [outcome] = await store.apply([request]);
    reply({ ok: true, flight: answeredFlight(outcome!) });
    if (outcome!.kind === 'committed') {
      logger.info(
        { flightId: request.flightId, opId: request.opId, fields: outcome!.change.change.fields },
        'flight changed',
      );
    }
  });
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

/**
 * Registers a handler that sees the payload as `unknown` and may be called without a payload or
 * without an ack callback; a thrown error becomes the error ack and never reaches Socket.IO.
 */
export function on(
  socket: HubSocket,
  event: keyof ClientToServerEvents,
  logger: Logger,
  handler: (payload: unknown, reply: Reply) => Promise<void>,
): void {
  const raw = socket as unknown as {
    on(event: string, listener: (...args: unknown[]) => void): void;
  };
  raw.on(event, (...args: unknown[]) => {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Reply) : null;
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    let replied = false;
    const reply: Reply = (response) => {
      if (replied) return;
      replied = true;
      ack?.(response);
    };
    handler(payload, reply).catch((error: unknown) => {
      reply({ ok: false, error: toAckError(error, logger, { event }) });
    });
  });
}
