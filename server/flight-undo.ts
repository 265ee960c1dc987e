import {
  can,
  describeZodError,
  flightUndoPayloadSchema,
  type EditableField,
  type FlightChanges,
} from '../core';
import type { Principal } from './auth/sessions';
import { assertWithinScope, planCommit, type UpdatePlan } from './flight-updates';
import { HubError } from './hub-error';
import type { ChangeLogEntry } from './store/file-schemas';
import type { FlightStore } from './store/flight-store';

/** How far back an agent's own last change is looked for. */
const UNDO_LOOKBACK = 1000;
/** Re-reads when other changes to the flight land while its history is being read. */
const MAX_ATTEMPTS = 5;

/**
 * Plans a `flight:undo`: the caller's own last change to the flight that is not itself an undo
 * and was not undone yet, reverted as a new change. It is checked like any change: against the
 * version right after the change being undone (a field someone changed since is a CONFLICT,
 * naming who and when), the user's scope, and core's rules (an undo cannot move a status back).
 */
export async function planFlightUndo(
  store: FlightStore,
  principal: Principal,
  workstation: string | null,
  payload: unknown,
  at: string,
): Promise<UpdatePlan & { undone?: string }> {
  if (!can(principal.role, 'editFlights')) {
    throw new HubError('FORBIDDEN', `role ${principal.role} may not change flights`);
  }
  const parsed = flightUndoPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error));
  const { flightId, opId, target } = parsed.data;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const seen = store.findOp(opId);
    if (seen) return { kind: 'repeat', first: seen };
    const before = store.current(flightId);
    if (!before) throw new HubError('NOT_FOUND', `flightId: no flight "${flightId}"`);
    // The trail is durable only: wait for changes still being written.
    await store.drain();
    const { entries } = await store.history(flightId, { limit: UNDO_LOOKBACK });
    const record = store.current(flightId)!;
    // From here on synchronous: nothing can change the flight before the commit.
    if (store.findOp(opId)) continue;
    if ((entries[0]?.version ?? 0) !== record.flight.version) continue;

    const undone = new Set(entries.flatMap((entry) => (entry.undoOf ? [entry.undoOf] : [])));
    if (target && undone.has(target)) {
      throw new HubError('INVALID', `target: change ${target} was already undone`);
    }
    const last = entries.find(
      (entry) => entry.by === principal.username && !entry.undoOf && !undone.has(entry.opId),
    );
    if (!last) {
      throw new HubError(
        'NOT_FOUND',
        `flightId: ${principal.username} has no change to undo on flight ${record.flight.flightNumber}`,
      );
    }
    if (target && target !== last.opId) {
      throw new HubError(
        'CONFLICT',
        `target: ${target} is not your last change to ${record.flight.flightNumber} any more`,
        store.flight(flightId),
      );
    }
    const fields = Object.keys(last.fields) as EditableField[];
    const changedSince = fields.filter(
      (field) =>
        (record.fieldVersions[field] ?? 0) > last.version &&
        !cancelledOut(field, last, entries, undone, record.flight[field]),
    );
    if (changedSince.length > 0) {
      throw new HubError(
        'CONFLICT',
        `${changedSince.map((field) => describeLaterChange(field, last, entries)).join('; ')}: undo refused`,
        store.flight(flightId),
      );
    }
    const changes: Record<string, unknown> = {};
    for (const field of fields) changes[field] = last.fields[field]!.from;
    const { flight } = record;
    assertWithinScope(principal, flight, changes as FlightChanges);
    const plan = planCommit(
      flight,
      changes as FlightChanges,
      { principal, workstation, opId, at },
      { undoOf: last.opId, refusalPrefix: 'cannot undo: ' },
    );
    return plan.kind === 'commit' ? { ...plan, undone: last.opId } : plan;
  }
  throw new HubError('CONFLICT', 'the flight keeps changing; try the undo again');
}

/**
 * A field changed after `mine` only by changes that were undone, and by those undos, is as `mine`
 * left it (e.g. an agent walking back their own changes one by one): no conflict. Its value must
 * still be what `mine` set.
 */
function cancelledOut(
  field: EditableField,
  mine: ChangeLogEntry,
  entries: ChangeLogEntry[],
  undone: Set<string>,
  currentValue: unknown,
): boolean {
  const later = entries.filter((entry) => entry.version > mine.version && entry.fields[field]);
  const laterOpIds = new Set(later.map((entry) => entry.opId));
  const allCancelled = later.every(
    (entry) =>
      undone.has(entry.opId) || (entry.undoOf !== undefined && laterOpIds.has(entry.undoOf)),
  );
  return allCancelled && currentValue === mine.fields[field]!.to;
}

/** "gate changed by agent2 at 2026-…Z since your change" */
function describeLaterChange(
  field: EditableField,
  mine: ChangeLogEntry,
  entries: ChangeLogEntry[],
): string {
  const later = entries.find(
    (entry) => entry.version > mine.version && entry.fields[field] && !entry.undoOf,
  );
  if (!later) return `${field} changed since your change`;
  return `${field} changed by ${later.by} at ${later.at} since your change`;
}
