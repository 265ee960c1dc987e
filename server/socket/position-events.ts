import type { Logger } from 'pino';
import { positionsSnapshotPayloadSchema, type PositionsSnapshot } from '../../core/positions';
import { parse, requireRead } from './flight-events';
import { listener, type SocketListeners } from './socket-listeners';

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
