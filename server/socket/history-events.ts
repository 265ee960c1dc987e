import { HISTORY_DEFAULT_LIMIT, flightHistoryPayloadSchema, type HistoryEntry } from '../../core';
import { undoFlightChange } from '../flight-undo';
import { HubError } from '../hub-error';
import type { ChangeLogEntry } from '../store/file-schemas';
import { parse, requireRead, type FlightEventDeps } from './flight-events';
import { listener, socketLogger, type SocketListeners } from './socket-listeners';

/**
 * Contract extension (core/flight-history.ts): `flight:history`, a flight's audit trail from the
 * store's per-flight index, and `flight:undo`, the caller's own last change reverted as a new,
 * conflict-checked, audited and broadcast change.
 */
export function historyEventListeners(deps: FlightEventDeps): SocketListeners {
  const { store, now, logger } = deps;
  return {
    'flight:history': listener('flight:history', logger, async (socket, payload, reply) => {
      requireRead(socket);
      const { flightId, limit, before } = parse(flightHistoryPayloadSchema, payload);
      const { entries, total } = await store.history(flightId, {
        limit: limit ?? HISTORY_DEFAULT_LIMIT,
        before,
      });
      // Archived flights keep their trail; a flight never seen has none.
      if (total === 0 && !store.flight(flightId)) {
        throw new HubError('NOT_FOUND', `flightId: no flight "${flightId}"`);
      }
      reply({ ok: true, flightId, entries: entries.map(toHistoryEntry), total });
    }),

    'flight:undo': listener('flight:undo', logger, async (socket, payload, reply) => {
      const { user, workstation } = socket.data;
      const result = await undoFlightChange(store, user, workstation, payload, now().toISOString());
      reply({ ok: true, flight: result.change.flight, undone: result.undone });
      socketLogger(logger, socket).info(
        {
          flightId: result.change.flight.id,
          opId: result.change.change.opId,
          undoOf: result.undone,
        },
        'flight change undone',
      );
    }),
  };
}

function toHistoryEntry(entry: ChangeLogEntry): HistoryEntry {
  return {
    seq: entry.seq,
    opId: entry.opId,
    by: entry.by,
    workstation: entry.workstation,
    at: entry.at,
    version: entry.version,
    fields: entry.fields,
    ...(entry.kind && entry.kind !== 'update' ? { kind: entry.kind } : {}),
    ...(entry.undoOf ? { undoOf: entry.undoOf } : {}),
  };
}
