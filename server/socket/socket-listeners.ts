import type { Logger } from 'pino';
import type { Ack, ClientToServerEvents } from '../../core';
import { toAckError } from '../hub-error';
import type { HubSocket } from './handshake';

export type Reply = (response: Ack<Record<string, unknown>>) => void;

/** What a client event does, for whichever socket sent it. */
export type EventHandler = (socket: HubSocket, payload: unknown, reply: Reply) => Promise<void>;

/**
 * A listener made once per hub and registered on every socket: Socket.IO's sockets are event
 * emitters and call it with the socket as `this`. A connection then costs the hub no closures
 * of its own per event (issue 9 item 7: heap per idle console).
 */
export type SharedListener = (this: HubSocket, ...args: unknown[]) => void;

export type SocketListeners = Partial<Record<keyof ClientToServerEvents, SharedListener>>;

/**
 * The listener of one event: its handler sees the payload as `unknown` and may be called
 * without a payload or without an ack callback; a thrown error becomes the error ack and never
 * reaches Socket.IO.
 */
export function listener(
  event: keyof ClientToServerEvents,
  logger: Logger,
  handler: EventHandler,
): SharedListener {
  return function (this: HubSocket, ...args: unknown[]) {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Reply) : null;
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    let replied = false;
    const reply: Reply = (response) => {
      if (replied) return;
      replied = true;
      ack?.(response);
    };
    handler(this, payload, reply).catch((error: unknown) => {
      reply({ ok: false, error: toAckError(error, socketLogger(logger, this), { event }) });
    });
  };
}

/** Registers the hub's shared listeners on a newly connected socket. */
export function listen(socket: HubSocket, listeners: SocketListeners): void {
  const raw = socket as unknown as { on(event: string, listener: SharedListener): void };
  for (const [event, shared] of Object.entries(listeners)) raw.on(event, shared);
}

/**
 * The logger of one connection's lines (who, which socket). Made when a line is written, not
 * kept per socket: a pino child logger held by every idle console costs the hub ~0.25 KB each.
 */
export function socketLogger(logger: Logger, socket: HubSocket): Logger {
  return logger.child({ user: socket.data.user.username, socket: socket.id });
}
