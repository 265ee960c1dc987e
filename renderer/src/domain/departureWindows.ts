import { DateTime } from 'luxon';
import { isFinalStatus, type Flight, type FlightStatus, type TimeWindow } from '../../../core';

export const TIME_WINDOW_LABELS: Record<TimeWindow, string> = {
  next3h: 'Next 3 h',
  today: 'Today',
  all: 'All',
};

const MINUTE = 60_000;
/** A departed or cancelled flight stays in "next 3 h" this long after its time. */
const RECENT_FINISHED_MS = 30 * MINUTE;
/** A flight not yet gone stays in "next 3 h" this long past its time: it still needs work. */
const OVERDUE_MS = 6 * 60 * MINUTE;

export function inTimeWindow(
  flight: Flight,
  window: TimeWindow,
  now: number,
  timeZone: string,
): boolean {
  const etd = Date.parse(flight.etd);
  switch (window) {
    case 'all':
      return true;
    case 'next3h': {
      if (etd > now + 3 * 60 * MINUTE) return false;
      const keepFor = isFinalStatus(flight.status) ? RECENT_FINISHED_MS : OVERDUE_MS;
      return etd >= now - keepFor;
    }
    case 'today': {
      const today = DateTime.fromMillis(now, { zone: timeZone }).toISODate();
      const day = (iso: string) => DateTime.fromISO(iso, { zone: timeZone }).toISODate();
      return day(flight.std) === today || day(flight.etd) === today;
    }
  }
}

export function passesStatusFilter(flight: Flight, statuses: readonly FlightStatus[]): boolean {
  return statuses.length === 0 || statuses.includes(flight.status);
}

/** How far ahead a board looks: more would page for minutes before a flight comes round. */
const BOARD_HORIZON_MS = 4 * 60 * MINUTE;

/** What a departure board lists: what is still to go, and what has just gone. */
export function isOnBoard(flight: Flight, now: number): boolean {
  const etd = Date.parse(flight.etd);
  const std = Date.parse(flight.std);
  if (Math.min(etd, std) > now + BOARD_HORIZON_MS) return false;
  if (flight.status === 'DEPARTED') return etd >= now - 10 * MINUTE;
  if (flight.status === 'CANCELLED') return std >= now - 30 * MINUTE;
  return etd >= now - 2 * 60 * MINUTE;
}
