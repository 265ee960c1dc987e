import { DateTime } from 'luxon';
import {
  isFinalStatus,
  movementTimes,
  statusesFor,
  type Direction,
  type Flight,
  type FlightStatus,
  type TimeWindow,
} from '../../../core';
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

/**
 * A flight's movement here (ETD of a departure, ETA of an arrival, and the schedule) as epoch
 * ms, parsed once per flight object (flights are replaced, not edited).
 */
const movementCache = new WeakMap<Flight, { scheduled: number; estimated: number }>();
function movementMs(flight: Flight): { scheduled: number; estimated: number } {
  let movement = movementCache.get(flight);
  if (movement === undefined) {
    const { scheduled, estimated } = movementTimes(flight);
    movement = { scheduled: Date.parse(scheduled), estimated: Date.parse(estimated) };
    movementCache.set(flight, movement);
  }
  return movement;
}

/**
 * The test "is this flight in the window?" (by its movement here, either direction), made once
 * per filter pass: for "today" the local day's bounds are worked out once per time zone, not
 * once per flight (a busy airport's list is 10,000 flights, filtered again at every change).
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
        const { estimated } = movementMs(flight);
        if (estimated > now + 3 * 60 * MINUTE) return false;
        const keepFor = isFinalStatus(flight.status) ? RECENT_FINISHED_MS : OVERDUE_MS;
        return estimated >= now - keepFor;
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
        const { scheduled, estimated } = movementMs(flight);
        return (scheduled >= start && scheduled < end) || (estimated >= start && estimated < end);
      };
    }
  }
}

/**
 * The status chips chosen that a direction's flights can have: the choice is shared by the
 * Departures and Arrivals tabs, and a chip the tab does not show must not hide its flights.
 */
export function statusFilterFor(
  direction: Direction,
  statuses: readonly FlightStatus[],
): FlightStatus[] {
  const possible = statusesFor(direction);
  return statuses.filter((status) => possible.includes(status));
}

export function passesStatusFilter(flight: Flight, statuses: readonly FlightStatus[]): boolean {
  return statuses.length === 0 || statuses.includes(flight.status);
}
