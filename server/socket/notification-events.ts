import type { Logger } from 'pino';
import { notificationSummariesPayloadSchema } from '../../core';
import type { HubNotifications } from '../notifications/hub-notifications';
import type { FlightStore } from '../store/flight-store';
import { on, parse, requireRead } from './flight-events';
import type { HubSocket } from './handshake';

export interface NotificationEventDeps {
  store: Pick<FlightStore, 'snapshot'>;
  notifications: HubNotifications;
  logger: Logger;
}

/**
 * Contract extension: `notifications:summaries` answers every flight's notification counts and
 * manifest size; `notifications:summary` (broadcast by the hub) keeps them live.
 */
export function registerNotificationEvents(socket: HubSocket, deps: NotificationEventDeps): void {
  const logger = deps.logger.child({ user: socket.data.user.username, socket: socket.id });
  on(socket, 'notifications:summaries', logger, async (payload, reply) => {
    requireRead(socket);
    parse(notificationSummariesPayloadSchema, payload ?? {});
    const flightIds = deps.store.snapshot().flights.map((flight) => flight.id);
    reply({ ok: true, summaries: deps.notifications.summaries(flightIds) });
  });
}
