import {
  can,
  describeZodError,
  flightUndoPayloadSchema,
  type Change,
  type EditableField,
  type Flight,
  type FlightChanges,
} from '../core';
import type { Principal } from './auth/sessions';
import { answeredFlight, assertWithinScope, decideChange, requireRecord } from './flight-updates';
import { HubError } from './hub-error';
import type { ChangeLogEntry } from './store/file-schemas';
import { StaleRead, type FlightStore } from './store/flight-store';

/** How far back an agent's own last change is looked for. */
const UNDO_LOOKBACK = 1000;
/** Re-reads when other changes to the flight land while its history is being read. */
const MAX_ATTEMPTS = 5;

export interface UndoResult {
  change: Change;
  /** The opId of the change that was undone. */
  undone: string;
}

/**
 * `flight:undo`: the caller's own last change to the flight that is not itself an undo and was
 * not undone yet, reverted as a new change. It is checked like any change: against the version
 * right after the change being undone (a field someone changed since is a CONFLICT, naming who
 * and when), the user's scope, and core's rules (an undo cannot move a status back). The trail is
 * read first; the decision, made by the store at commit time, refuses as stale (and the trail is
 * read again) when the flight changed in between.
 */
export async function undoFlightChange(
  store: FlightStore,
  principal: Principal,
  workstation: string | null,
  payload: unknown,
  at: string,
): Promise<UndoResult> {
  if (!can(principal.role, 'editFlights')) {
    throw new HubError('FORBIDDEN', `role ${principal.role} may not change flights`);
  }
  const parsed = flightUndoPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error));
  const { flightId, opId, target } = parsed.data;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const seen = await store.findOp(opId);
    if (seen) {
      if (!seen.change.undoOf) throw new HubError('INVALID', 'opId: already used by a change');
      return { change: seen, undone: seen.change.undoOf };
    }
    // The trail is durable only: wait for changes still being written.
    await store.drain();
    const { entries } = await store.history(flightId, { limit: UNDO_LOOKBACK });
    let undone = '';
    const [outcome] = await store.apply([
      {
        opId,
        flightId,
        by: principal.username,
        workstation,
        at,
        decide(current) {
          const record = requireRecord(current, flightId);
          if ((entries[0]?.version ?? 0) !== record.flight.version) throw new StaleRead();
          const last = lastOwnChange(
            entries,
            principal.username,
            target,
            record.flight.flightNumber,
            () => store.flight(flightId),
          );
          const fields = Object.keys(last.fields) as EditableField[];
          const changedSince = fields.filter(
            (field) =>
              (record.fieldVersions[field] ?? 0) > last.version &&
              !cancelledOut(field, last, entries, record.flight[field]),
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
          assertWithinScope(principal, record.flight, changes as FlightChanges);
          undone = last.opId;
          const decision = decideChange(
            record.flight,
            changes as FlightChanges,
            { by: principal.username, at },
            { undoOf: last.opId, refusalPrefix: 'cannot undo: ' },
          );
          if (decision.kind === 'unchanged') {
            throw new HubError('INVALID', 'the undo would change nothing');
          }
          return decision;
        },
      },
    ]);
    if (outcome!.kind === 'stale') continue;
    if (outcome!.kind === 'repeat') {
      const { change } = outcome!;
      if (!change.change.undoOf) throw new HubError('INVALID', 'opId: already used by a change');
      return { change, undone: change.change.undoOf };
    }
    answeredFlight(outcome!);
    if (outcome!.kind !== 'committed')
      throw new HubError('INVALID', 'the undo would change nothing');
    return { change: outcome!.change, undone };
  }
  throw new HubError('CONFLICT', 'the flight keeps changing; try the undo again');
}

/** The caller's own last change that is not an undo and was not undone, or a refusal. */
function lastOwnChange(
  entries: ChangeLogEntry[],
  username: string,
  target: string | undefined,
  flightNumber: string,
  current: () => Flight | undefined,
): ChangeLogEntry {
  const undone = undoneOpIds(entries);
  if (target && undone.has(target)) {
    throw new HubError('INVALID', `target: change ${target} was already undone`);
  }
  const last = entries.find(
    (entry) => entry.by === username && !entry.undoOf && !undone.has(entry.opId) && !entry.kind,
  );
  if (!last) {
    throw new HubError(
      'NOT_FOUND',
      `flightId: ${username} has no change to undo on flight ${flightNumber}`,
    );
  }
  if (target && target !== last.opId) {
    throw new HubError(
      'CONFLICT',
      `target: ${target} is not your last change to ${flightNumber} any more`,
      current(),
    );
  }
  return last;
}

function undoneOpIds(entries: ChangeLogEntry[]): Set<string> {
  return new Set(entries.flatMap((entry) => (entry.undoOf ? [entry.undoOf] : [])));
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
  currentValue: unknown,
): boolean {
  const undone = undoneOpIds(entries);
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
