import { DateTime } from 'luxon';
import { isFinalStatus, type Flight, type FlightStatus, type TimeWindow } from '../../../core';
import { flightTimeZone } from './flightPresentation';

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

/** A flight's `etd` as epoch ms, parsed once per flight object (flights are replaced, not edited). */
const etdCache = new WeakMap<Flight, number>();
function etdMs(flight: Flight): number {
  let etd = etdCache.get(flight);
  if (etd === undefined) {
    etd = Date.parse(flight.etd);
    etdCache.set(flight, etd);
  }
  return etd;
}

/**
 * The test "is this flight in the window?", made once per filter pass: for "today" the local
 * day's bounds are worked out once per time zone, not once per flight (a busy airport's list
 * is 10,000 flights, filtered again at every change).
 */
export function timeWindowFilter(
  window: TimeWindow,
  now: number,
  fallbackZone: string,
): (flight: Flight) => boolean {
  switch (window) {
    case 'all':
      return () => true;
    case 'next3h':
      return (flight) => {
        const etd = etdMs(flight);
        if (etd > now + 3 * 60 * MINUTE) return false;
        const keepFor = isFinalStatus(flight.status) ? RECENT_FINISHED_MS : OVERDUE_MS;
        return etd >= now - keepFor;
      };
    case 'today': {
      const days = new Map<string, { start: number; end: number }>();
      const todayIn = (zone: string) => {
        let day = days.get(zone);
        if (!day) {
          const start = DateTime.fromMillis(now, { zone }).startOf('day');
          day = { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
          days.set(zone, day);
        }
        return day;
      };
      return (flight) => {
        const { start, end } = todayIn(flightTimeZone(flight, fallbackZone));
        const std = Date.parse(flight.std);
        const etd = etdMs(flight);
        return (std >= start && std < end) || (etd >= start && etd < end);
      };
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
