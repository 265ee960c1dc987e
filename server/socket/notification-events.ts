import type { Logger } from 'pino';
import { notificationSummariesPayloadSchema } from '../../core';
import type { HubNotifications } from '../notifications/hub-notifications';
import type { FlightStore } from '../store/flight-store';
import { parse, requireRead } from './flight-events';
import { listener, type SocketListeners } from './socket-listeners';

export interface NotificationEventDeps {
  store: Pick<FlightStore, 'snapshot'>;
  notifications: HubNotifications;
  logger: Logger;
}

/**
 * Contract extension: `notifications:summaries` answers every flight's notification counts and
 * manifest size; `notifications:summary` (broadcast by the hub) keeps them live.
 */
export function notificationEventListeners(deps: NotificationEventDeps): SocketListeners {
  return {
    'notifications:summaries': listener(
      'notifications:summaries',
      deps.logger,
      async (socket, payload, reply) => {
        requireRead(socket);
        parse(notificationSummariesPayloadSchema, payload ?? {});
        const flightIds = deps.store.snapshot().flights.map((flight) => flight.id);
        reply({ ok: true, summaries: deps.notifications.summaries(flightIds) });
      },
    ),
  };
}
