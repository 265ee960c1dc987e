import { minimumTurnaroundMinutes } from './aircraft-categories';
import { isArrival, movementTimes, type Flight } from './flight';

/**
 * Turnarounds: which departure an arriving aircraft flies next, and what a late inbound does
 * to it. This is how delays propagate through a day (IATA delay code 93: aircraft rotation,
 * late arrival from another flight or previous sector).
 *
 * An arrival links to its next departure:
 * 1. by registration: the departures and arrivals of one aircraft in scheduled order; an arrival
 *    followed by a departure is a turnaround (an arrival followed by another arrival has lost
 *    its outbound, and links to nothing);
 * 2. else by the schedule's onward flight (SSIM record 3 onward airline, number and suffix,
 *    passed as `onward`, keyed by arrival id): the first departure of that flight scheduled
 *    after the arrival, unless it is already linked or carries another registration.
 * Cancelled flights and diverted arrivals take no part.
 *
 * A late inbound: when the arrival's time (ata once on block, else eta) plus the minimum
 * turnaround of the aircraft type is after the outbound's etd, the outbound gets a suggestion:
 * that time rounded up to 5 minutes, delay code 93, and `lateByMinutes` = how far it moves the
 * current etd. A departure that has left gets none.
 */

export const ROTATION_DELAY_CODE = '93';

export interface OnwardFlightRef {
  airline: string;
  /** The flight number, digits only ("12" or "0012"). */
  number: string | number;
  /** Operational suffix, usually none. */
  suffix?: string | null;
}
export type OnwardMap =
  ReadonlyMap<string, OnwardFlightRef> | Readonly<Record<string, OnwardFlightRef | undefined>>;

export interface TurnaroundSuggestion {
  etd: string;
  delayCode: typeof ROTATION_DELAY_CODE;
  lateByMinutes: number;
}

export interface TurnaroundLink {
  arrivalId: string;
  departureId: string;
  via: 'registration' | 'onward';
  minimumTurnaroundMinutes: number;
  suggestion?: TurnaroundSuggestion;
}

export type TurnaroundFlight = Pick<
  Flight,
  'id' | 'airline' | 'flightNumber' | 'status' | 'std' | 'etd' | 'sta' | 'eta' | 'atd' | 'ata'
> &
  Partial<Pick<Flight, 'direction' | 'registration' | 'aircraftType' | 'suffix'>>;

const MINUTE = 60_000;
const ROUND_TO = 5 * MINUTE;

export function linkTurnarounds(
  flights: readonly TurnaroundFlight[],
  options: { onward?: OnwardMap } = {},
): TurnaroundLink[] {
  const taking = flights.filter(
    (flight) => flight.status !== 'CANCELLED' && flight.status !== 'DIVERTED',
  );
  const pairs: Array<[TurnaroundFlight, TurnaroundFlight, TurnaroundLink['via']]> = [];
  const linked = new Set<string>();

  const byRegistration = new Map<string, TurnaroundFlight[]>();
  for (const flight of taking) {
    const registration = normaliseRegistration(flight.registration);
    if (!registration) continue;
    addTo(byRegistration, registration, flight);
  }
  for (const movements of byRegistration.values()) {
    movements.sort(
      (a, b) => scheduled(a) - scheduled(b) || Number(isArrival(b)) - Number(isArrival(a)),
    );
    movements.forEach((flight, index) => {
      const next = movements[index + 1];
      if (!next || !isArrival(flight) || isArrival(next)) return;
      pairs.push([flight, next, 'registration']);
      linked.add(flight.id).add(next.id);
    });
  }

  if (options.onward) {
    const byDesignator = new Map<string, TurnaroundFlight[]>();
    for (const flight of taking) {
      if (isArrival(flight)) continue;
      const key = designatorOf(flight);
      if (key) addTo(byDesignator, key, flight);
    }
    for (const candidates of byDesignator.values()) {
      candidates.sort((a, b) => scheduled(a) - scheduled(b));
    }
    for (const arrival of taking) {
      if (!isArrival(arrival) || linked.has(arrival.id)) continue;
      const ref = onwardOf(options.onward, arrival.id);
      if (!ref) continue;
      const departure = byDesignator
        .get(designator(ref.airline, ref.number, ref.suffix))
        ?.find(
          (candidate) =>
            !linked.has(candidate.id) &&
            scheduled(candidate) > scheduled(arrival) &&
            !otherAircraft(arrival, candidate),
        );
      if (!departure) continue;
      pairs.push([arrival, departure, 'onward']);
      linked.add(arrival.id).add(departure.id);
    }
  }

  return pairs.map(([arrival, departure, via]) => {
    const minutes = minimumTurnaroundMinutes(arrival.aircraftType ?? departure.aircraftType);
    const suggestion = turnaroundSuggestion(arrival, departure, minutes);
    return {
      arrivalId: arrival.id,
      departureId: departure.id,
      via,
      minimumTurnaroundMinutes: minutes,
      ...(suggestion ? { suggestion } : {}),
    };
  });
}

/**
 * The outbound's new etd when the inbound cannot make it: the inbound's time plus the minimum
 * turnaround, rounded up to 5 minutes, if that is after the outbound's etd.
 */
export function turnaroundSuggestion(
  arrival: TurnaroundFlight,
  departure: TurnaroundFlight,
  minimumTurnaroundMinutes: number,
): TurnaroundSuggestion | undefined {
  if (departure.status === 'DEPARTED' || departure.status === 'CANCELLED') return undefined;
  if (arrival.status === 'CANCELLED' || arrival.status === 'DIVERTED') return undefined;
  const { estimated, actual } = movementTimes(arrival);
  const ready = Date.parse(actual ?? estimated) + minimumTurnaroundMinutes * MINUTE;
  const etd = Date.parse(departure.etd);
  if (ready <= etd) return undefined;
  const suggested = Math.ceil(ready / ROUND_TO) * ROUND_TO;
  return {
    etd: new Date(suggested).toISOString(),
    delayCode: ROTATION_DELAY_CODE,
    lateByMinutes: Math.round((suggested - etd) / MINUTE),
  };
}

/** Each link under both its flights' ids, so the console can show it on either row. */
export function turnaroundsByFlight(links: readonly TurnaroundLink[]): Map<string, TurnaroundLink> {
  const byFlight = new Map<string, TurnaroundLink>();
  for (const link of links) byFlight.set(link.arrivalId, link).set(link.departureId, link);
  return byFlight;
}

function addTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

function scheduled(flight: TurnaroundFlight): number {
  return Date.parse(movementTimes(flight).scheduled);
}

function normaliseRegistration(registration: string | null | undefined): string | null {
  return registration?.replace(/[\s-]/g, '').toUpperCase() || null;
}

/** Both flights name an aircraft, and not the same one. */
function otherAircraft(a: TurnaroundFlight, b: TurnaroundFlight): boolean {
  const first = normaliseRegistration(a.registration);
  const second = normaliseRegistration(b.registration);
  return first !== null && second !== null && first !== second;
}

function onwardOf(onward: OnwardMap, arrivalId: string): OnwardFlightRef | undefined {
  return onward instanceof Map
    ? onward.get(arrivalId)
    : (onward as Readonly<Record<string, OnwardFlightRef | undefined>>)[arrivalId];
}

/** One key for airline, number and suffix: "6E 12" and an onward "6E", "0012" match. */
function designator(airline: string, number: string | number, suffix?: string | null): string {
  return `${airline.trim().toUpperCase()}|${Number(number)}|${(suffix ?? '').trim().toUpperCase()}`;
}

function designatorOf(flight: TurnaroundFlight): string | null {
  const number = /(\d{1,5})[A-Z]?$/.exec(flight.flightNumber.trim().toUpperCase())?.[1];
  return number === undefined ? null : designator(flight.airline, number, flight.suffix);
}
