import { DateTime } from 'luxon';
import {
  aircraftTypeSchema,
  flightCreatePayloadSchema,
  gateSchema,
  standSchema,
  terminalSchema,
  type Direction,
  type FlightChanges,
  type FlightCreatePayload,
} from '../../../core';
import type { AirportLookup, ReferenceAirport } from './referenceAirports';

/** What the supervisor types to add a flight (a charter, a recovery flight). */
export interface AdHocFlightDraft {
  airline: string;
  flightNumber: string;
  direction: Direction;
  /** Local date of the movement here (departure: STD; arrival: STA), YYYY-MM-DD. */
  date: string;
  /** The airport at the other end: the destination of a departure, the origin of an arrival. */
  otherAirport: string;
  /** HH:MM local at the origin. */
  std: string;
  /** HH:MM local at the destination. */
  sta: string;
  aircraftType: string;
  terminal: string;
  gate: string;
  stand: string;
}
export type AdHocField = keyof AdHocFlightDraft;
export type AdHocFieldErrors = Partial<Record<AdHocField, string>>;

/** This airport, as the session knows it. */
export interface HomeAirport {
  iata: string;
  timeZone: string;
}

export type AdHocFlightPlan =
  | {
      ok: true;
      payload: FlightCreatePayload;
      /** Set right after the flight exists (`flight:create` takes only the plan). */
      followUp: FlightChanges;
      std: DateTime;
      sta: DateTime;
      other: ReferenceAirport;
    }
  | { ok: false; errors: AdHocFieldErrors };

const LEG_MAX_HOURS = 24;

function clock(text: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2}):?(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/**
 * Turns the form into a `flight:create` payload, or says what is wrong field by field — the same
 * checks the hub makes (core's schema, a known airport at the other end, STA after STD within a
 * day), so most mistakes are caught before anything is sent. Local times become instants with
 * each airport's zone: STD at the origin, STA at the destination; the other end's time falls on
 * the day that puts it after (arrival: before) the movement here.
 */
export function planAdHocFlight(
  draft: AdHocFlightDraft,
  home: HomeAirport,
  airports: AirportLookup,
  opId: string,
): AdHocFlightPlan {
  const errors: AdHocFieldErrors = {};
  const otherCode = draft.otherAirport.trim().toUpperCase();
  const other = airports(otherCode);
  if (!/^[A-Z]{3}$/.test(otherCode)) errors.otherAirport = 'must be a 3-letter IATA airport code';
  else if (otherCode === home.iata) errors.otherAirport = `must differ from ${home.iata}`;
  else if (!other) errors.otherAirport = `unknown airport "${otherCode}"`;

  const stdClock = clock(draft.std);
  const staClock = clock(draft.sta);
  if (!stdClock) errors.std = 'must be a local time, e.g. 14:35';
  if (!staClock) errors.sta = 'must be a local time, e.g. 16:50';
  const day = DateTime.fromISO(draft.date, { zone: home.timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.date) || !day.isValid) {
    errors.date = 'must be a date, YYYY-MM-DD';
  }

  let std: DateTime | null = null;
  let sta: DateTime | null = null;
  if (other && stdClock && staClock && day.isValid) {
    if (draft.direction === 'departure') {
      std = day.set({ ...stdClock, second: 0, millisecond: 0 });
      sta = firstAfter(std, draft.date, other.timeZone, staClock);
    } else {
      sta = day.set({ ...staClock, second: 0, millisecond: 0 });
      std = lastBefore(sta, draft.date, other.timeZone, stdClock);
    }
    if (sta.diff(std).as('hours') > LEG_MAX_HOURS) {
      errors.sta = `a leg lasts at most ${LEG_MAX_HOURS} hours`;
    }
  }

  const [origin, destination] =
    draft.direction === 'departure' ? [home.iata, otherCode] : [otherCode, home.iata];
  const parsed = flightCreatePayloadSchema.safeParse({
    opId,
    airline: draft.airline,
    flightNumber: draft.flightNumber,
    direction: draft.direction,
    date: draft.date,
    origin,
    destination,
    std: std?.toUTC().toISO() ?? '',
    sta: sta?.toUTC().toISO() ?? '',
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(String(issue.path[0] ?? ''), draft.direction);
      // Times not worked out have their reason already (a bad clock, date or airport).
      const unworked = (field === 'std' || field === 'sta') && (!std || !sta);
      if (field && !unworked && !errors[field]) errors[field] = issue.message;
    }
  }

  const followUp: FlightChanges = {};
  const optional = [
    ['aircraftType', aircraftTypeSchema],
    ['terminal', terminalSchema],
    ['gate', gateSchema],
    ['stand', standSchema],
  ] as const;
  for (const [field, schema] of optional) {
    if (draft[field].trim() === '') continue;
    const value = schema.safeParse(draft[field]);
    if (value.success) followUp[field] = value.data;
    else errors[field] = value.error.issues[0]?.message ?? 'is invalid';
  }

  if (Object.keys(errors).length > 0 || !parsed.success || !std || !sta || !other) {
    return { ok: false, errors };
  }
  return { ok: true, payload: parsed.data, followUp, std, sta, other };
}

/** The first instant after `after` that reads `time` in `zone` (starting the day before `date`). */
function firstAfter(
  after: DateTime,
  date: string,
  zone: string,
  time: { hour: number; minute: number },
): DateTime {
  let candidate = DateTime.fromISO(date, { zone })
    .minus({ days: 1 })
    .set({ ...time, second: 0, millisecond: 0 });
  while (candidate <= after) candidate = candidate.plus({ days: 1 });
  return candidate;
}

/** The last instant before `before` that reads `time` in `zone`. */
function lastBefore(
  before: DateTime,
  date: string,
  zone: string,
  time: { hour: number; minute: number },
): DateTime {
  let candidate = DateTime.fromISO(date, { zone })
    .plus({ days: 1 })
    .set({ ...time, second: 0, millisecond: 0 });
  while (candidate >= before) candidate = candidate.minus({ days: 1 });
  return candidate;
}

/** The form field a payload path (or a hub message's "field: ...") is about. */
function fieldOfPath(path: string, direction: Direction): AdHocField | null {
  switch (path) {
    case 'airline':
    case 'flightNumber':
    case 'date':
    case 'std':
    case 'sta':
    case 'aircraftType':
    case 'terminal':
    case 'gate':
    case 'stand':
      return path;
    case 'direction':
      return 'direction';
    case 'origin':
      return direction === 'arrival' ? 'otherAirport' : 'direction';
    case 'destination':
      return direction === 'departure' ? 'otherAirport' : 'direction';
    default:
      return null;
  }
}

/**
 * Where the hub's refusal belongs: "destination: unknown airport" under the airport field,
 * "changes.gate: ..." under the gate. A CONFLICT (the flight exists) belongs to the number.
 * Null: a refusal of the whole form.
 */
export function refusalField(
  refusal: { code: string; message: string },
  direction: Direction,
): { field: AdHocField | null; message: string } {
  if (refusal.code === 'CONFLICT') return { field: 'flightNumber', message: refusal.message };
  const match = /^([\w.]+):\s*(.+)$/s.exec(refusal.message);
  if (!match) return { field: null, message: refusal.message };
  const path = match[1]!.split('.').at(-1)!;
  const field = fieldOfPath(path, direction);
  return field ? { field, message: match[2]! } : { field: null, message: refusal.message };
}

/** "+1" when a local time falls on a later day than `date` (or "-1" an earlier one). */
export function dayOffset(time: DateTime, date: string): string {
  const days = Math.round(
    DateTime.fromISO(time.toISODate()!).diff(DateTime.fromISO(date), 'days').days,
  );
  return days === 0 ? '' : days > 0 ? `+${days}` : String(days);
}
