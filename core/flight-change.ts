import { isFinalStatus, delayMinutes, type Flight } from './flight';
import { canMoveStatus } from './status-machine';
import type { EditableField, FieldChanges, FlightChanges } from './protocol';
import { EDITABLE_FIELDS } from './protocol';

/** How far an estimated time may sit from the scheduled one before it is taken for a typo. */
export const ETD_MAX_EARLY_MINUTES = 6 * 60;
export const ETD_MAX_LATE_MINUTES = 72 * 60;

export type ApplyResult =
  { ok: true; flight: Flight; fields: FieldChanges } | { ok: false; message: string };

/**
 * Applies a validated change to a flight under the contract's rules (status machine, delay code,
 * final statuses). Pure: conflict detection against `baseVersion` is the hub's job, because it
 * needs the flight's history. Fields equal to the current value are dropped; `fields` lists what
 * really changed (empty: the change is a no-op).
 */
export function applyFlightChange(
  flight: Flight,
  changes: FlightChanges,
  meta: { by: string; at: string },
): ApplyResult {
  const fields: FieldChanges = {};
  const next: Flight = { ...flight };
  for (const field of EDITABLE_FIELDS) {
    if (!(field in changes)) continue;
    const to = changes[field];
    if (to === undefined || sameValue(field, flight[field], to)) continue;
    fields[field] = { from: flight[field], to };
    (next as Record<EditableField, unknown>)[field] = to;
  }
  if (Object.keys(fields).length === 0) return { ok: true, flight, fields };

  if (fields.status && !canMoveStatus(flight.status, next.status)) {
    return { ok: false, message: `status: cannot move from ${flight.status} to ${next.status}` };
  }
  if (isFinalStatus(flight.status)) {
    for (const field of ['gate', 'etd', 'delayCode'] as const) {
      if (fields[field]) {
        return {
          ok: false,
          message: `${field}: flight ${flight.flightNumber} is ${flight.status} and takes no further gate or time changes`,
        };
      }
    }
  }
  if (fields.etd) {
    const minutes = delayMinutes(next);
    if (minutes < -ETD_MAX_EARLY_MINUTES || minutes > ETD_MAX_LATE_MINUTES) {
      return {
        ok: false,
        message: `etd: must be between ${ETD_MAX_EARLY_MINUTES / 60} h before and ${ETD_MAX_LATE_MINUTES / 60} h after the scheduled time`,
      };
    }
    next.etd = new Date(next.etd).toISOString();
  }
  if (delayMinutes(next) > 0 && next.delayCode === null) {
    return {
      ok: false,
      message: 'delayCode: a delay (etd later than std) needs an IATA delay code',
    };
  }
  next.version = flight.version + 1;
  next.updatedAt = meta.at;
  next.updatedBy = meta.by;
  return { ok: true, flight: next, fields };
}

function sameValue(field: EditableField, current: unknown, to: unknown): boolean {
  if (field === 'etd' && typeof current === 'string' && typeof to === 'string') {
    return Date.parse(current) === Date.parse(to);
  }
  return current === to;
}
