import type { Logger } from 'pino';
import { positionsSnapshotPayloadSchema, type PositionsSnapshot } from '../../core/positions';
import { on, parse, requireRead } from './flight-events';
import type { HubSocket } from './handshake';

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
export function registerPositionEvents(socket: HubSocket, deps: PositionEventDeps): void {
  const logger = deps.logger.child({ user: socket.data.user.username, socket: socket.id });
  on(socket, 'positions:snapshot', logger, async (payload, reply) => {
    requireRead(socket);
    parse(positionsSnapshotPayloadSchema, payload ?? {});
    reply({ ok: true, ...deps.traffic.snapshot() });
  });
}
