import { HISTORY_DEFAULT_LIMIT, flightHistoryPayloadSchema, type HistoryEntry } from '../../core';
import { planFlightUndo } from '../flight-undo';
import { HubError } from '../hub-error';
import type { ChangeLogEntry } from '../store/file-schemas';
import { on, parse, requireRead, type FlightEventDeps } from './flight-events';
import type { HubSocket } from './handshake';

/**
 * Contract extension (core/flight-history.ts): `flight:history`, a flight's audit trail from the
 * store's per-flight index, and `flight:undo`, the caller's own last change reverted as a new,
 * conflict-checked, audited and broadcast change.
 */
export function registerHistoryEvents(socket: HubSocket, deps: FlightEventDeps): void {
  const { io, store, now } = deps;
  const logger = deps.logger.child({ user: socket.data.user.username, socket: socket.id });

  on(socket, 'flight:history', logger, async (payload, reply) => {
    requireRead(socket);
    const { flightId, limit, before } = parse(flightHistoryPayloadSchema, payload);
    if (!store.current(flightId))
      throw new HubError('NOT_FOUND', `flightId: no flight "${flightId}"`);
    const { entries, total } = await store.history(flightId, {
      limit: limit ?? HISTORY_DEFAULT_LIMIT,
      before,
    });
    reply({ ok: true, flightId, entries: entries.map(toHistoryEntry), total });
  });

  on(socket, 'flight:undo', logger, async (payload, reply) => {
    const { user, workstation } = socket.data;
    const plan = await planFlightUndo(store, user, workstation, payload, now().toISOString());
    switch (plan.kind) {
      case 'unchanged':
        throw new HubError('INVALID', 'the undo would change nothing');
      case 'repeat': {
        const first = await plan.first;
        if (!first.change.undoOf) throw new HubError('INVALID', 'opId: already used by a change');
        return reply({ ok: true, flight: first.flight, undone: first.change.undoOf });
      }
      case 'conflict':
        throw new HubError('CONFLICT', `${plan.fields.join(', ')}: changed since`);
      case 'commit':
        await store.commit(plan.request, (change) => {
          reply({ ok: true, flight: change.flight, undone: plan.undone });
          io.emit('flight:changed', change);
        });
        logger.info(
          { flightId: plan.request.flightId, opId: plan.request.opId, undoOf: plan.undone },
          'flight change undone',
        );
    }
  });
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
    ...(entry.undoOf ? { undoOf: entry.undoOf } : {}),
  };
}
