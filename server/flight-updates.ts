import {
  applyFlightChange,
  can,
  describeZodError,
  flightUpdatePayloadSchema,
  type ChangeField,
  type Flight,
  type FlightChanges,
} from '../core';
import type { Principal } from './auth/sessions';
import { HubError } from './hub-error';
import type {
  ChangeDecision,
  ChangeOutcome,
  ChangeRequest,
  FlightRecord,
} from './store/flight-store';
import type { UserScope } from './store/file-schemas';

/**
 * A `flight:update` as a change request. The payload and the role are checked now; the rest is
 * decided by the store against the flight as it is at commit time, in this order: flight exists,
 * user scope, baseVersion, per-field conflict, then the domain rules of core's
 * `applyFlightChange`. Throws HubError for refusals found before the store is asked.
 */
export function flightUpdateRequest(
  principal: Principal,
  workstation: string | null,
  payload: unknown,
  at: string,
): ChangeRequest {
  if (!can(principal.role, 'editFlights')) {
    throw new HubError('FORBIDDEN', `role ${principal.role} may not change flights`);
  }
  const parsed = flightUpdatePayloadSchema.safeParse(payload);
  if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error));
  const { flightId, baseVersion, opId, changes } = parsed.data;
  return {
    opId,
    flightId,
    by: principal.username,
    workstation,
    at,
    decide(record) {
      const { flight } = requireRecord(record, flightId);
      assertWithinScope(principal, flight, changes);
      if (baseVersion > flight.version) {
        throw new HubError(
          'INVALID',
          `baseVersion: ${baseVersion} is newer than the flight's version ${flight.version}`,
        );
      }
      const conflicting = changedSince(record!, Object.keys(changes), baseVersion);
      if (conflicting.length > 0) return { kind: 'conflict', fields: conflicting };
      return decideChange(
        flight,
        changes,
        { by: principal.username, at },
        { mayCorrectStatus: can(principal.role, 'correctStatus') },
      );
    },
  };
}

export function requireRecord(record: FlightRecord | undefined, flightId: string): FlightRecord {
  if (!record) throw new HubError('NOT_FOUND', `flightId: no flight "${flightId}"`);
  return record;
}

/** Fields of `fields` changed after `baseVersion`. */
export function changedSince(
  record: FlightRecord,
  fields: string[],
  baseVersion: number,
): string[] {
  return fields.filter((field) => (record.fieldVersions[field as ChangeField] ?? 0) > baseVersion);
}

/**
 * The last step of every change (an undo and a feed message included): core's rules, then the
 * commit, or `unchanged` when every field already has its value.
 */
export function decideChange(
  flight: Flight,
  changes: FlightChanges,
  meta: { by: string; at: string },
  options: { undoOf?: string; refusalPrefix?: string; mayCorrectStatus?: boolean } = {},
): ChangeDecision {
  const result = applyFlightChange(flight, changes, meta, {
    mayCorrectStatus: options.mayCorrectStatus ?? false,
  });
  if (!result.ok) throw new HubError('INVALID', `${options.refusalPrefix ?? ''}${result.message}`);
  if (Object.keys(result.fields).length === 0) return { kind: 'unchanged', flight };
  return {
    kind: 'commit',
    flight: result.flight,
    fields: result.fields,
    ...(options.undoOf ? { undoOf: options.undoOf } : {}),
  };
}

/**
 * The flight a client is answered with, or the refusal as a HubError: a conflict carries the
 * flight as it is now.
 */
export function answeredFlight(outcome: ChangeOutcome): Flight {
  switch (outcome.kind) {
    case 'committed':
    case 'repeat':
      return outcome.change.flight;
    case 'unchanged':
      return outcome.flight;
    case 'conflict':
      throw new HubError(
        'CONFLICT',
        `${outcome.fields.join(', ')}: changed by someone else since your version`,
        outcome.current,
      );
    case 'refused':
      throw outcome.error;
    case 'stale':
      throw new HubError('CONFLICT', 'the flight changed while this was checked; try again');
  }
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
