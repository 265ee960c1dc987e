import type { Logger } from 'pino';
import { positionsSnapshotPayloadSchema, type PositionsSnapshot } from '../../core/positions';
import { parse, requireRead } from './flight-events';
import type { HubSocket } from './handshake';
import { listener, type SocketListeners } from './socket-listeners';

/** The sockets that get `positions:update`: all but those that asked for `positions: 'none'`. */
export const POSITIONS_ROOM = 'positions';
/**
 * The sockets that asked for `positions: 'only'` (a console's positions worker): every other
 * broadcast skips them — the console's main connection gets those.
 */
export const POSITIONS_ONLY_ROOM = 'positions:only';

/** Puts a newly connected socket in the rooms its handshake's `positions` asked for. */
export function joinPositionRooms(socket: HubSocket): void {
  const { positions } = socket.data;
  if (positions !== 'none') void socket.join(POSITIONS_ROOM);
  if (positions === 'only') void socket.join(POSITIONS_ONLY_ROOM);
}

export interface PositionEventDeps {
  traffic: { snapshot(): PositionsSnapshot };
  logger: Logger;
}

/**
 * Contract section 8: `positions:snapshot` answers every aircraft tracked now; `positions:update`
 * (sent by the hub, at most once a second) keeps the picture live. Every staff role gets them:
 * positions are public broadcasts of aircraft, not personal data, and a scoped agent still
 * needs to see the traffic around its flights. Passengers and displays live on other namespaces
 * and never get them.
 */
export function positionEventListeners(deps: PositionEventDeps): SocketListeners {
  return {
    'positions:snapshot': listener(
      'positions:snapshot',
      deps.logger,
      async (socket, payload, reply) => {
        requireRead(socket);
        parse(positionsSnapshotPayloadSchema, payload ?? {});
        reply({ ok: true, ...deps.traffic.snapshot() });
      },
    ),
  };
}
