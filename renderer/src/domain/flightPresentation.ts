import {
  delayMinutes,
  findDelayCode,
  isArrival,
  movementTimes,
  type Flight,
  type FlightStatus,
} from '../../../core';
import { localClock } from './localClock';

export const STATUS_LABELS: Record<FlightStatus, string> = {
  SCHEDULED: 'Scheduled',
  BOARDING: 'Boarding',
  FINAL_CALL: 'Final call',
  GATE_CLOSED: 'Gate closed',
  DEPARTED: 'Departed',
  CANCELLED: 'Cancelled',
  AIRBORNE: 'Airborne',
  LANDED: 'Landed',
  ON_BLOCK: 'On block',
  DIVERTED: 'Diverted',
};

/** CSS modifier per status: the colour carries meaning, so it is chosen in one place. */
export const STATUS_TONES: Record<FlightStatus, string> = {
  SCHEDULED: 'scheduled',
  BOARDING: 'boarding',
  FINAL_CALL: 'final-call',
  GATE_CLOSED: 'closed',
  DEPARTED: 'closed',
  CANCELLED: 'cancelled',
  AIRBORNE: 'boarding',
  LANDED: 'final-call',
  ON_BLOCK: 'closed',
  DIVERTED: 'cancelled',
};

/** The time zone of this airport, where the flight moves: a departure's origin, an arrival's destination. */
export function flightTimeZone(flight: Flight, fallback: string): string {
  return (isArrival(flight) ? flight.destinationTimeZone : flight.originTimeZone) ?? fallback;
}

/**
 * The estimated movement here (ETD of a departure, ETA of an arrival) as `14:35`, with `+1`
 * when it falls on a later local day than the schedule.
 */
export function formatEstimate(flight: Flight, timeZone: string): string {
  return formatOnDayOf(movementTimes(flight).estimated, flight, timeZone);
}

/**
 * The scheduled movement here (STD or STA) as `17:45`, with `-1`/`+1` when that is another
 * local day than today (the "All" window spans days).
 */
export function formatScheduled(flight: Flight, timeZone: string, now = Date.now()): string {
  const scheduled = localClock(movementTimes(flight).scheduled, timeZone);
  return withDays(scheduled.time, scheduled.day - localClock(now, timeZone).day);
}

/** An actual time (ATD, ATA) as `14:41`, with `+1` when on a later local day than the schedule. */
export function formatActual(flight: Flight, timeZone: string): string {
  const { actual } = movementTimes(flight);
  return actual ? formatOnDayOf(actual, flight, timeZone) : '';
}

/**
 * A time that belongs with `flight` (its estimate, its inbound aircraft's arrival, a suggested
 * new ETD) as `00:10`, with `+1` or `-1` when it falls on another local day than the flight's
 * scheduled movement here: a row of 23:55 reads `00:10+1`, not a time 24 hours early.
 */
export function formatOnDayOf(instant: string | number, flight: Flight, timeZone: string): string {
  const clock = localClock(instant, timeZone);
  return withDays(
    clock.time,
    clock.day - localClock(movementTimes(flight).scheduled, timeZone).day,
  );
}

/** Minutes the estimate here is behind the schedule (ETD − STD, ETA − STA); negative when early. */
export function estimateDelayMinutes(flight: Flight): number {
  const { scheduled, estimated } = movementTimes(flight);
  return delayMinutes({ std: scheduled, etd: estimated });
}

const withDays = (time: string, days: number) =>
  days === 0 ? time : `${time}${days > 0 ? '+' : ''}${days}`;

/** Gates in the order people expect: 2 before 10, letters after digits. */
export function compareGates(a: string | null | undefined, b: string | null | undefined): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Delay shown as `+25`, blank when on time. */
export function formatDelay(minutes: number): string {
  if (minutes === 0) return '';
  return minutes > 0 ? `+${minutes}` : String(minutes);
}

export function delayCodeDescription(code: string | null): string {
  if (!code) return '';
  const entry = findDelayCode(code);
  return entry ? `${entry.code} ${entry.alpha} · ${entry.group}: ${entry.meaning}` : code;
}

const airportLabel = (city: string | undefined, iata: string) =>
  city ? `${city} (${iata})` : iata;

export function destinationLabel(flight: Flight): string {
  return airportLabel(flight.destinationCity, flight.destination);
}

/** The airport at the other end: where a departure goes, where an arrival comes from. */
export function otherAirportLabel(flight: Flight): string {
  return isArrival(flight)
    ? airportLabel(flight.originCity, flight.origin)
    : destinationLabel(flight);
}

export function isDelayed(flight: Flight): boolean {
  return flight.status !== 'CANCELLED' && delayMinutes(flight) > 0;
}
