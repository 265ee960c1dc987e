import {
  delayMinutes,
  flightDirection,
  isFinalStatus,
  type Direction,
  type Flight,
  type FlightStatus,
} from './flight';
import { canCorrectStatus, canMoveStatus } from './status-machine';
import type { EditableField, FieldChanges, FlightChanges } from './protocol';
import { EDITABLE_FIELDS } from './protocol';

/** How far an estimated time may sit from the scheduled one before it is taken for a typo. */
export const ETD_MAX_EARLY_MINUTES = 6 * 60;
export const ETD_MAX_LATE_MINUTES = 72 * 60;
/** How much earlier than scheduled a flight may plausibly leave the gate or reach it. */
export const ATD_MAX_EARLY_MINUTES = 60;
export const ATA_MAX_EARLY_MINUTES = 3 * 60;
/** An actual time may be at most this far ahead of the hub's clock (clock skew of a source). */
export const ACTUAL_MAX_AHEAD_MINUTES = 5;

const TIME_FIELDS = new Set<EditableField>(['etd', 'eta', 'atd', 'ata']);

/**
 * What a flight that has finished here (isFinalStatus) still takes. Anything else is refused:
 * the movement has happened, or will not.
 */
const FINAL_STATUS_TAKES: Partial<Record<FlightStatus, readonly EditableField[]>> = {
  // A departed flight: the actual time may be corrected, the record completed.
  DEPARTED: ['remark', 'atd', 'registration', 'aircraftType', 'statusReason'],
  // An arrival on block still gets its baggage belt and its stand, and a corrected on-block time.
  ON_BLOCK: ['remark', 'belt', 'stand', 'ata', 'registration', 'aircraftType'],
  CANCELLED: ['remark', 'statusReason'],
  DIVERTED: ['remark', 'statusReason'],
};

export interface ApplyOptions {
  /**
   * The author may correct a status (role permission `correctStatus`): reinstate a cancelled
   * flight, take back a wrong DEPARTED. Without it such a move is refused like any move back.
   */
  mayCorrectStatus?: boolean;
}

export type ApplyResult =
  { ok: true; flight: Flight; fields: FieldChanges } | { ok: false; message: string };

/**
 * Applies a validated change to a flight under the contract's rules (status machines of both
 * directions, delay code, what a finished flight still takes, plausible times). Pure: conflict
 * detection against `baseVersion` is the hub's job, because it needs the flight's history.
 * Fields equal to the current value are dropped; `fields` lists what really changed (empty: the
 * change is a no-op). Moving a departure to DEPARTED records `atd` (an arrival to ON_BLOCK, `ata`)
 * at `meta.at` unless the change gives one. A correction (`canCorrectStatus`) needs a
 * `statusReason`; taking back a DEPARTED clears `atd`. A departure brought back to its scheduled
 * time loses its delay code unless the change sets one: a code explains a delay that is gone.
 */
export function applyFlightChange(
  flight: Flight,
  changes: FlightChanges,
  meta: { by: string; at: string },
  options: ApplyOptions = {},
): ApplyResult {
  const direction = flightDirection(flight);
  const requested: FlightChanges = { ...changes };
  const correction =
    requested.status !== undefined && canCorrectStatus(flight.status, requested.status, direction);
  if (correction && flight.status === 'DEPARTED' && requested.atd === undefined) {
    requested.atd = null;
  }
  if (
    direction === 'departure' &&
    requested.etd !== undefined &&
    requested.delayCode === undefined &&
    flight.delayCode !== null &&
    delayMinutes({ std: flight.std, etd: requested.etd }) <= 0
  ) {
    requested.delayCode = null;
  }
  if (requested.status === 'DEPARTED' && flight.status !== 'DEPARTED' && !requested.atd) {
    requested.atd = flight.atd ?? meta.at;
  }
  if (requested.status === 'ON_BLOCK' && flight.status !== 'ON_BLOCK' && !requested.ata) {
    requested.ata = flight.ata ?? meta.at;
  }

  const fields: FieldChanges = {};
  const next: Flight = { ...flight };
  for (const field of EDITABLE_FIELDS) {
    if (!(field in requested)) continue;
    const raw = requested[field];
    if (raw === undefined) continue;
    const to = TIME_FIELDS.has(field) && typeof raw === 'string' ? normaliseInstant(raw) : raw;
    if (sameValue(field, flight[field], to)) continue;
    fields[field] = { from: flight[field] ?? null, to };
    (next as Record<EditableField, unknown>)[field] = to;
  }
  if (Object.keys(fields).length === 0) return { ok: true, flight, fields };

  const refusal =
    (correction
      ? correctionRefusal(flight, next, options)
      : statusRefusal(flight, next, fields, direction)) ??
    (correction ? null : finishedFlightRefusal(flight, fields)) ??
    directionRefusal(fields, direction) ??
    timeRefusal(next, fields, meta.at);
  if (refusal) return { ok: false, message: refusal };

  if (direction === 'departure' && delayMinutes(next) > 0 && next.delayCode === null) {
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

function statusRefusal(
  flight: Flight,
  next: Flight,
  fields: FieldChanges,
  direction: Direction,
): string | null {
  if (!fields.status || canMoveStatus(flight.status, next.status, direction)) return null;
  const what = direction === 'arrival' ? 'an arrival ' : '';
  return `status: cannot move ${what}from ${flight.status} to ${next.status}`;
}

function correctionRefusal(flight: Flight, next: Flight, options: ApplyOptions): string | null {
  const what =
    flight.status === 'CANCELLED' ? 'reinstate a cancelled flight' : 'take back a departure';
  if (!options.mayCorrectStatus) {
    return `status: only a supervisor can ${what} (${flight.status} to ${next.status})`;
  }
  if (!next.statusReason || next.statusReason === flight.statusReason) {
    return `statusReason: say why, to ${what}; the reason is kept in the flight's history`;
  }
  return null;
}

function finishedFlightRefusal(flight: Flight, fields: FieldChanges): string | null {
  if (!isFinalStatus(flight.status)) return null;
  const takes = FINAL_STATUS_TAKES[flight.status] ?? [];
  for (const field of Object.keys(fields) as EditableField[]) {
    if (field === 'status' || takes.includes(field)) continue;
    const what = ['gate', 'etd', 'delayCode'].includes(field)
      ? 'takes no further gate or time changes'
      : `takes no further ${field} changes`;
    return `${field}: flight ${flight.flightNumber} is ${flight.status} and ${what}`;
  }
  return null;
}

function directionRefusal(fields: FieldChanges, direction: Direction): string | null {
  if (fields.belt && direction === 'departure') {
    return 'belt: a departure has no baggage belt here; belts are for arrivals';
  }
  return null;
}

function timeRefusal(next: Flight, fields: FieldChanges, at: string): string | null {
  const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;
  const outside = (scheduled: string, estimated: string) => {
    const minutes = minutesBetween(scheduled, estimated);
    return minutes < -ETD_MAX_EARLY_MINUTES || minutes > ETD_MAX_LATE_MINUTES;
  };
  const range = `between ${ETD_MAX_EARLY_MINUTES / 60} h before and ${ETD_MAX_LATE_MINUTES / 60} h after the scheduled time`;
  if (fields.etd && outside(next.std, next.etd)) return `etd: must be ${range}`;
  if (fields.eta && next.eta && next.sta && outside(next.sta, next.eta)) {
    return `eta: must be ${range} of arrival`;
  }
  if (fields.atd && next.atd) {
    if (minutesBetween(at, next.atd) > ACTUAL_MAX_AHEAD_MINUTES) {
      return 'atd: an actual departure time cannot be in the future';
    }
    const earliest = Math.min(Date.parse(next.std), Date.parse(next.etd));
    if (Date.parse(next.atd) < earliest - ATD_MAX_EARLY_MINUTES * 60_000) {
      return `atd: is more than ${ATD_MAX_EARLY_MINUTES} minutes before the scheduled departure; a flight cannot have left that early`;
    }
  }
  if (fields.ata && next.ata) {
    if (minutesBetween(at, next.ata) > ACTUAL_MAX_AHEAD_MINUTES) {
      return 'ata: an actual arrival time cannot be in the future';
    }
    if (next.sta && Date.parse(next.ata) < Date.parse(next.sta) - ATA_MAX_EARLY_MINUTES * 60_000) {
      return `ata: is more than ${ATA_MAX_EARLY_MINUTES / 60} h before the scheduled arrival; a flight cannot have arrived that early`;
    }
  }
  return null;
}

function normaliseInstant(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

function sameValue(field: EditableField, current: unknown, to: unknown): boolean {
  if (TIME_FIELDS.has(field) && typeof current === 'string' && typeof to === 'string') {
    return Date.parse(current) === Date.parse(to);
  }
  return (current ?? null) === (to ?? null);
}
