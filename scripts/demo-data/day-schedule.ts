/**
 * Lays the selected routes out over one day: how often each is flown, when, on which aircraft,
 * under which flight number, from which terminal and gate. Seeded, so the same input gives the
 * same day; the draws happen in a fixed order (times first, then numbers and gates by time).
 */
import { createPrng } from '../../server/demo/prng';
import type { DemoDeparture } from '../../server/demo/template';
import { SEATS, WIDEBODY } from './aircraft-types';
import { distanceKm } from './block-times';
import { dailyFrequency, isGulfDestination } from './daily-frequency';
import { FlightNumbers } from './flight-numbers';
import type { Airport, OpenFlightsSnapshot, Plane } from './openflights-snapshot';
import type { Route } from './route-selection';
import { correctedAirlineName, correctedCity, zoneFor } from './snapshot-corrections';
import { GateAllocator, terminalFor } from './terminals-and-gates';
import { DOMESTIC_HOURS, INTERNATIONAL_HOURS, hhmm, pickDepartureMinutes } from './times-of-day';

/** Beyond this, AI flights take its long-haul flight-number block. */
export const LONG_HAUL_KM = 4000;

interface Planned {
  route: Route;
  domestic: boolean;
  longHaul: boolean;
  minutes: number;
  aircraftType: string;
}

export function layOutDepartures(
  data: OpenFlightsSnapshot,
  origin: Airport,
  routes: Route[],
  seed: string,
): DemoDeparture[] {
  const prng = createPrng(seed);
  const numbers = new FlightNumbers(prng);
  const gates = new GateAllocator(prng);

  const planned: Planned[] = [];
  for (const route of routes) {
    const domestic = route.destination.country === origin.country;
    const longHaul = distanceKm(origin, route.destination) > LONG_HAUL_KM;
    const count = dailyFrequency(route, domestic);
    const taken: number[] = [];
    const weights = domestic ? DOMESTIC_HOURS : INTERNATIONAL_HOURS;
    for (let i = 0; i < count; i += 1) {
      const minutes = pickDepartureMinutes(prng, weights, taken, count);
      taken.push(minutes);
      planned.push({
        route,
        domestic,
        longHaul,
        minutes,
        aircraftType: prng.pick(route.equipment),
      });
    }
  }
  planned.sort(
    (a, b) =>
      a.minutes - b.minutes ||
      `${a.route.airline.iata}${a.route.destination.iata}`.localeCompare(
        `${b.route.airline.iata}${b.route.destination.iata}`,
      ),
  );

  return planned.map((plan) => {
    const code = plan.route.airline.iata as string;
    const dest = plan.route.destination;
    const flightNumber = numbers.next(
      code,
      plan.domestic,
      plan.longHaul,
      isGulfDestination(dest.iata),
    );
    const terminal = terminalFor(code, plan.domestic, flightNumber);
    const plane = data.planes.get(plan.aircraftType) as Plane;
    return {
      flightNumber,
      airline: code,
      airlineName: correctedAirlineName(plan.route.airline.name),
      destination: dest.iata,
      destinationCity: correctedCity(dest.city),
      destinationName: dest.name,
      destinationCountry: dest.country,
      destinationTimeZone: zoneFor(dest, data.airports),
      domestic: plan.domestic,
      aircraftType: plan.aircraftType,
      aircraftIcao: plane.icao,
      aircraftName: plane.name,
      seats: SEATS[plan.aircraftType] as number,
      departureLocal: hhmm(plan.minutes),
      terminal,
      gate: gates.assign(terminal, plan.domestic, plan.minutes, WIDEBODY.has(plan.aircraftType)),
    };
  });
}
