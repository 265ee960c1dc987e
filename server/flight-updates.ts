import {
  applyFlightChange,
  can,
  describeZodError,
  flightUpdatePayloadSchema,
  type Change,
  type Flight,
  type FlightChanges,
} from '../core';
import type { Principal } from './auth/sessions';
import { HubError } from './hub-error';
import type { CommitRequest, FlightStore } from './store/flight-store';
import type { UserScope } from './store/file-schemas';

/** What to do with a `flight:update`, decided synchronously against the current state. */
export type UpdatePlan =
  | { kind: 'commit'; request: CommitRequest }
  /** Nothing would change: answer with the flight as it is, no seq is used. */
  | { kind: 'unchanged'; flight: Flight }
  /** The opId was seen before: answer with its first result. */
  | { kind: 'repeat'; first: Promise<Change> }
  | { kind: 'conflict'; flightId: string; fields: string[] };

/**
 * Checks a `flight:update` payload under the contract's rules, in this order: schema, role,
 * opId repeat, flight exists, user scope, baseVersion, per-field conflict, then the domain rules
 * of core's `applyFlightChange`. Throws HubError for refusals. Synchronous on purpose: nothing
 * can change the flight between these checks and the commit that follows them.
 */
export function planFlightUpdate(
  store: FlightStore,
  principal: Principal,
  workstation: string | null,
  payload: unknown,
  at: string,
): UpdatePlan {
  if (!can(principal.role, 'editFlights')) {
    throw new HubError('FORBIDDEN', `role ${principal.role} may not change flights`);
  }
  const parsed = flightUpdatePayloadSchema.safeParse(payload);
  if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error));
  const { flightId, baseVersion, opId, changes } = parsed.data;

  const first = store.findOp(opId);
  if (first) return { kind: 'repeat', first };

  const record = store.current(flightId);
  if (!record) throw new HubError('NOT_FOUND', `flightId: no flight "${flightId}"`);
  const { flight } = record;
  assertWithinScope(principal, flight, changes);
  if (baseVersion > flight.version) {
    throw new HubError(
      'INVALID',
      `baseVersion: ${baseVersion} is newer than the flight's version ${flight.version}`,
    );
  }
  const conflicting = Object.keys(changes).filter(
    (field) => (record.fieldVersions[field as keyof FlightChanges] ?? 0) > baseVersion,
  );
  if (conflicting.length > 0) return { kind: 'conflict', flightId, fields: conflicting };

  return planCommit(flight, changes, { principal, workstation, opId, at });
}

/**
 * The last step of every change, an undo included: core's rules, then the request to commit, or
 * `unchanged` when every field already has its value.
 */
export function planCommit(
  flight: Flight,
  changes: FlightChanges,
  context: { principal: Principal; workstation: string | null; opId: string; at: string },
  options: { undoOf?: string; refusalPrefix?: string } = {},
): Extract<UpdatePlan, { kind: 'commit' | 'unchanged' }> {
  const { principal, workstation, opId, at } = context;
  const result = applyFlightChange(flight, changes, { by: principal.username, at });
  if (!result.ok) throw new HubError('INVALID', `${options.refusalPrefix ?? ''}${result.message}`);
  if (Object.keys(result.fields).length === 0) return { kind: 'unchanged', flight };
  const request: CommitRequest = {
    flightId: flight.id,
    opId,
    by: principal.username,
    workstation,
    at,
    flight: result.flight,
    fields: result.fields,
  };
  if (options.undoOf) request.undoOf = options.undoOf;
  return { kind: 'commit', request };
}

/** Refuses, with FORBIDDEN, a change outside the airlines or gates a scoped user was given. */
export function assertWithinScope(principal: Principal, flight: Flight, changes: FlightChanges) {
  if (principal.scope && !withinScope(principal.scope, flight, changes)) {
    throw new HubError(
      'FORBIDDEN',
      `flight ${flight.flightNumber} is outside the airlines or gates assigned to ${principal.username}`,
    );
  }
}

/** A scoped user may change only flights of its airlines, at (and to) its gates. */
export function withinScope(scope: UserScope, flight: Flight, changes: FlightChanges): boolean {
  if (scope.airlines && !scope.airlines.includes(flight.airline)) return false;
  if (scope.gates) {
    if (flight.gate === null || !scope.gates.includes(flight.gate)) return false;
    if (typeof changes.gate === 'string' && !scope.gates.includes(changes.gate)) return false;
  }
  return true;
}
