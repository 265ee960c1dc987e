import { can, flightCreatePayloadSchema } from '../../core';
import { adHocFlight, flightIdOf } from '../ad-hoc-flights';
import { answeredFlight } from '../flight-updates';
import { HubError } from '../hub-error';
import type { Airport } from '../store/file-schemas';
import { parse, type FlightEventDeps } from './flight-events';
import { listener, socketLogger, type SocketListeners } from './socket-listeners';

/**
 * `flight:create` (extension, v2): a supervisor adds a flight that is not in the schedule (a
 * charter, a recovery flight), through the same path as the feed's `create` — a change of kind
 * `created` that every console receives. Cancelling it is a `flight:update` like any other.
 */
export function flightCreationListeners(
  deps: FlightEventDeps & { airport: Airport },
): SocketListeners {
  return {
    'flight:create': listener('flight:create', deps.logger, async (socket, payload, reply) => {
      const { user, workstation } = socket.data;
      if (!can(user.role, 'manageSchedule')) {
        throw new HubError('FORBIDDEN', `role ${user.role} may not add flights`);
      }
      const { opId, origin, destination, std, sta, ...designator } = parse(
        flightCreatePayloadSchema,
        payload,
      );
      const at = deps.now().toISOString();
      const flightId = flightIdOf(designator);
      const [outcome] = await deps.store.apply([
        {
          opId,
          flightId,
          by: user.username,
          workstation,
          at,
          decide(record) {
            if (record) {
              throw new HubError(
                'CONFLICT',
                `flight ${record.flight.flightNumber} on ${designator.date} exists already`,
                record.flight,
              );
            }
            const flight = adHocFlight(
              designator,
              { origin, destination, std, sta },
              deps.airport,
              {
                by: user.username,
                at,
              },
            );
            return { kind: 'commit', flight, fields: {}, changeKind: 'created' };
          },
        },
      ]);
      reply({ ok: true, flight: answeredFlight(outcome!) });
      socketLogger(deps.logger, socket).info({ flightId }, 'flight added');
    }),
  };
}
