import type { Logger } from 'pino';
import { TokenBucket } from '../token-bucket';
import type { Ack } from '../../core';
import type { Sessions } from '../auth/sessions';
import { payloadProblem } from '../payload-hygiene';
import type { HubServer, HubSocket } from './handshake';
import { socketLogger } from './socket-listeners';

export interface EventGuardOptions {
  sessions: Sessions;
  logger: Logger;
  now: () => Date;
  /** `flight:update`s per second a connection may send, and the burst above it (RATE_LIMITED). */
  updateRate?: { perSecond: number; burst: number };
  /** Events of any kind per second, and the burst above it; beyond this the connection is cut. */
  floodRate?: { perSecond: number; burst: number };
}

export const DEFAULT_UPDATE_RATE = { perSecond: 10, burst: 30 };
/** Events that change flights share the `updateRate` budget. */
const RATE_LIMITED_EVENTS = new Set(['flight:update', 'flight:undo']);
export const DEFAULT_FLOOD_RATE = { perSecond: 50, burst: 200 };

/**
 * Every event a client sends passes here before any handler, in this order:
 * 1. flood: a connection that keeps sending faster than `floodRate` is cut;
 * 2. session: the token is checked again (expired, logged out, user disabled or password
 *    changed end it: UNAUTHORIZED, then the connection is cut), and the user's current role
 *    and scope replace what the handshake saw;
 * 3. unknown events (no handler registered for them) are answered INVALID when they ask for an
 *    ack, and go no further; the names Socket.IO and Node use themselves are never dispatched
 *    (a client emitting `error` would otherwise throw inside the hub);
 * 4. `flight:update` and `flight:undo` beyond `updateRate` are answered RATE_LIMITED;
 * 5. payloads that are not plain JSON data (payload-hygiene.ts) are answered INVALID.
 * The connection is also cut when its token expires, even if the client stays silent
 * (`cutExpiredSessions`, one sweep for every socket).
 */
export function guardSocketEvents(socket: HubSocket, options: EventGuardOptions): void {
  const { sessions, logger } = options;
  const nowMs = () => options.now().getTime();
  const flood = new TokenBucket(options.floodRate ?? DEFAULT_FLOOD_RATE, nowMs());
  const updates = new TokenBucket(options.updateRate ?? DEFAULT_UPDATE_RATE, nowMs());

  socket.use((packet, next) => {
    const [event] = packet as unknown[];
    const last = (packet as unknown[]).at(-1);
    const ack = typeof last === 'function' ? (last as (response: Ack) => void) : null;
    const refuse = (code: 'UNAUTHORIZED' | 'INVALID' | 'RATE_LIMITED', message: string) =>
      ack?.({ ok: false, error: { code, message } });

    if (!flood.take(nowMs())) {
      socketLogger(logger, socket).warn('connection cut: too many events');
      refuse('RATE_LIMITED', 'too many events; the connection is closed');
      socket.disconnect(true);
      return;
    }
    const principal = sessions.recheck(socket.data.user.ticket);
    if (!principal) {
      refuse('UNAUTHORIZED', 'the session has ended; sign in again');
      endSession(socket, logger, 'session ended');
      return;
    }
    socket.data.user = principal;
    if (!isClientEvent(socket, event)) {
      refuse('INVALID', 'unknown event');
      return;
    }
    if (RATE_LIMITED_EVENTS.has(event as string) && !updates.take(nowMs())) {
      refuse('RATE_LIMITED', 'too many changes at once; wait a moment and try again');
      return;
    }
    const args = (packet as unknown[]).slice(1, ack ? -1 : undefined);
    const problem = args.map(payloadProblem).find((found) => found !== null);
    if (problem) {
      refuse('INVALID', problem);
      return;
    }
    next();
  });
}

const NOT_CLIENT_EVENTS = new Set([
  'error',
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

/** A client event is one the hub registered a handler for (contract events and project ones). */
function isClientEvent(socket: HubSocket, event: unknown): boolean {
  if (typeof event !== 'string' || NOT_CLIENT_EVENTS.has(event)) return false;
  return (socket as unknown as { listenerCount(name: string): number }).listenerCount(event) > 0;
}

function endSession(socket: HubSocket, logger: Logger, why: string): void {
  if (!socket.connected) return;
  socketLogger(logger, socket).info(why);
  socket.disconnect(true);
}

/** How often open connections are checked for an expired token. */
export const EXPIRY_SWEEP_MS = 1_000;

/**
 * Cuts every connection whose token has expired, within `EXPIRY_SWEEP_MS` of the expiry, even if
 * the client stays silent (its events would be refused anyway). One timer for the hub instead of
 * one per socket. Returns the function that stops the sweep.
 */
export function cutExpiredSessions(
  io: HubServer,
  options: { logger: Logger; now: () => Date },
): () => void {
  const sweep = setInterval(() => {
    const now = options.now().getTime();
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.user.ticket.expiresAt <= now) {
        endSession(socket, options.logger, 'session expired');
      }
    }
  }, EXPIRY_SWEEP_MS);
  sweep.unref();
  return () => clearInterval(sweep);
}

/**
 * Ends open connections whose session no longer holds: called when users.json changes (a user
 * disabled, a password changed) and after a logout.
 */
export function disconnectEndedSessions(io: HubServer, sessions: Sessions, logger: Logger): void {
  for (const socket of io.of('/').sockets.values()) {
    if (!sessions.recheck(socket.data.user.ticket)) {
      endSession(socket, logger, 'session ended');
    }
  }
}
