import { delayMinutes, findDelayCode, type Flight, type FlightStatus } from '../../../core';
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

export function flightTimeZone(flight: Flight, fallback: string): string {
  return flight.originTimeZone ?? fallback;
}

/** `14:35`, with `+1` when the estimate falls on a later local day than the schedule. */
export function formatEtd(flight: Flight, timeZone: string): string {
  const etd = localClock(flight.etd, timeZone);
  return withDays(etd.time, etd.day - localClock(flight.std, timeZone).day);
}

/** `17:45`, with `-1`/`+1` when that is another local day than today (the "All" window spans days). */
export function formatStd(flight: Flight, timeZone: string, now = Date.now()): string {
  const std = localClock(flight.std, timeZone);
  return withDays(std.time, std.day - localClock(now, timeZone).day);
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

export function destinationLabel(flight: Flight): string {
  return flight.destinationCity
    ? `${flight.destinationCity} (${flight.destination})`
    : flight.destination;
}

export function isDelayed(flight: Flight): boolean {
  return flight.status !== 'CANCELLED' && delayMinutes(flight) > 0;
}
