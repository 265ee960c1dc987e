/**
 * Aircraft visits of a demo day: an arrival and the onward departure the same aircraft flies
 * that day (the schedule's onward link) are one visit; every other flight is a visit of its own.
 * Visits are what the demo cancels, gates and registers as one.
 */
import { flightDirection, type Direction, type Flight } from '../../core/flight';

/** A flight as the schedule creates it: its planned side (PlannedFlight and Flight both fit). */
export interface DemoPlannedFlight extends Pick<
  Flight,
  'id' | 'airline' | 'flightNumber' | 'origin' | 'destination' | 'std'
> {
  direction?: Direction;
  sta?: string | null;
  aircraftType?: string | null;
  terminal?: string | null;
  /** An arrival's onward departure here (PlannedFlight.onward); without it, no rotations. */
  onward?: { flightId: string | null } | null;
}

export interface Visit {
  /** The id of its first flight. */
  key: string;
  arrival?: DemoPlannedFlight;
  departure?: DemoPlannedFlight;
  /** Its first movement here, epoch milliseconds. */
  first: number;
}

const HOUR = 3_600_000;
/** A fate shows six hours before the movement here (an arrival's, an hour before it leaves). */
const REVEAL_BEFORE_MS = 6 * HOUR;
const ARRIVAL_REVEAL_BEFORE_DEPARTURE_MS = HOUR;

/** The movement here: a departure's std, an arrival's sta, in epoch milliseconds. */
export function movementTime(flight: DemoPlannedFlight): number {
  return Date.parse(
    flightDirection(flight) === 'arrival' ? (flight.sta ?? flight.std) : flight.std,
  );
}

export function byTimeThenId(
  a: { first: number; key: string },
  b: { first: number; key: string },
): number {
  return a.first - b.first || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export function byMovementThenId(a: DemoPlannedFlight, b: DemoPlannedFlight): number {
  return movementTime(a) - movementTime(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** When the visit's fates show: the earliest of its flights'. */
export function visitRevealAt(visit: Visit): number {
  const times: number[] = [];
  for (const flight of [visit.arrival, visit.departure]) {
    if (!flight) continue;
    const here = movementTime(flight) - REVEAL_BEFORE_MS;
    times.push(
      flightDirection(flight) === 'departure'
        ? here
        : Math.min(here, Date.parse(flight.std) - ARRIVAL_REVEAL_BEFORE_DEPARTURE_MS),
    );
  }
  return Math.min(...times);
}

/** The day's visits in time order, then by key. */
export function pairVisits(flights: readonly DemoPlannedFlight[]): Visit[] {
  const sorted = [...flights].sort(byMovementThenId);
  const byId = new Map(sorted.map((flight) => [flight.id, flight]));
  const paired = new Set<string>();
  const visits: Visit[] = [];
  for (const arrival of sorted) {
    if (flightDirection(arrival) !== 'arrival') continue;
    const onwardId = arrival.onward?.flightId;
    const departure = onwardId ? byId.get(onwardId) : undefined;
    const turns =
      departure !== undefined &&
      flightDirection(departure) === 'departure' &&
      !paired.has(departure.id) &&
      departure.airline === arrival.airline &&
      Date.parse(departure.std) > movementTime(arrival);
    if (turns) paired.add(departure.id);
    visits.push({
      key: arrival.id,
      arrival,
      departure: turns ? departure : undefined,
      first: movementTime(arrival),
    });
  }
  for (const departure of sorted) {
    if (flightDirection(departure) !== 'departure' || paired.has(departure.id)) continue;
    visits.push({ key: departure.id, departure, first: movementTime(departure) });
  }
  return visits.sort(byTimeThenId);
}
