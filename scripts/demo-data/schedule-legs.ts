/**
 * The demo schedule as legs at the hub: the template's departures as they are, and the planned
 * arrivals with flight numbers (the neighbouring number of the flight the other way, "6E 2134"
 * out and "6E 2135" back, when that keeps the terminal), rotations and codeshares.
 */
import type { Prng } from '../../server/demo/prng';
import type { DemoDeparture } from '../../server/demo/template';
import { distanceKm } from './block-times';
import { addCodeshares, type CodeshareLeg } from './codeshares';
import { isGulfDestination } from './daily-frequency';
import { LONG_HAUL_KM } from './day-schedule';
import { FlightNumbers } from './flight-numbers';
import type { Airport } from './openflights-snapshot';
import { departureMinutes, type ArrivalPlan } from './rotations';
import { terminalFor } from './terminals-and-gates';

export interface DemoScheduleLeg extends CodeshareLeg {
  /** The other airport: the destination of a departure, the origin of an arrival. */
  otherAirport: Airport;
  otherZone: string;
  /** Scheduled time here, minutes after local midnight: std of a departure, sta of an arrival. */
  hubMinutes: number;
  aircraftType: string;
  terminal: string;
  /** An arrival's onward departure ("6E 2135"), flown by the same aircraft the same day. */
  onward: string | null;
}

/** The other flight number of an out-and-back pair: 2134 ↔ 2135. */
function neighbour(flightNumber: string): string {
  const [code, digits] = flightNumber.split(' ') as [string, string];
  return `${code} ${Number(digits) ^ 1}`;
}

export function buildScheduleLegs(input: {
  hub: Airport;
  departures: readonly DemoDeparture[];
  /** IATA code → airport, for the departures' destinations. */
  airports: ReadonlyMap<string, Airport>;
  arrivals: readonly ArrivalPlan[];
  zoneOf: (airport: Airport) => string;
  prng: Prng;
}): DemoScheduleLeg[] {
  const numbers = new FlightNumbers(input.prng);
  for (const departure of input.departures) numbers.reserve(departure.flightNumber);

  const legs: DemoScheduleLeg[] = input.departures.map((departure) => {
    const destination = input.airports.get(departure.destination);
    if (!destination) throw new Error(`no airport ${departure.destination}`);
    return {
      direction: 'departure',
      airline: departure.airline,
      flightNumber: departure.flightNumber,
      other: destination.iata,
      otherAirport: destination,
      otherZone: departure.destinationTimeZone,
      hubMinutes: departureMinutes(departure),
      aircraftType: departure.aircraftType,
      terminal: departure.terminal,
      onward: null,
      codeshares: [],
    };
  });

  for (const plan of input.arrivals) {
    const code = plan.route.airline.iata as string;
    const origin = plan.route.origin;
    const keepsTerminal = (flightNumber: string) =>
      terminalFor(code, plan.domestic, flightNumber) === plan.terminal;
    let flightNumber = neighbour(plan.returnOf.flightNumber);
    if (numbers.isFree(flightNumber) && keepsTerminal(flightNumber)) {
      numbers.reserve(flightNumber);
    } else {
      flightNumber = numbers.next(
        code,
        plan.domestic,
        distanceKm(input.hub, origin) > LONG_HAUL_KM,
        isGulfDestination(origin.iata),
        keepsTerminal,
      );
    }
    legs.push({
      direction: 'arrival',
      airline: code,
      flightNumber,
      other: origin.iata,
      otherAirport: origin,
      otherZone: input.zoneOf(origin),
      hubMinutes: plan.minutes,
      aircraftType: plan.aircraftType,
      terminal: plan.terminal,
      onward: plan.onward?.flightNumber ?? null,
      codeshares: [],
    });
  }

  legs.sort(
    (a, b) =>
      Number(a.direction === 'arrival') - Number(b.direction === 'arrival') ||
      a.hubMinutes - b.hubMinutes ||
      a.flightNumber.localeCompare(b.flightNumber),
  );
  addCodeshares(legs, new Set(legs.map((leg) => leg.flightNumber)));
  return legs;
}
