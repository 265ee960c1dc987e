/**
 * The demo day from the demo schedule, in the shape of the old `buildDemoDay` (demo-day.ts), so
 * the seed can switch before the hub's rolling window takes the demo over: del-schedule.csv laid
 * out on the days around `now`, each flight created as a schedule import creates it and moved to
 * what the operating day shows at `now` (demo-operations.ts).
 */
import { aircraftBody, type AircraftBody } from '../../core/aircraft-categories';
import type { Flight } from '../../core/flight';
import { localDateOf } from '../../core/local-day';
import { requireAirport } from '../reference/reference-data';
import { isoDate, parseIsoDate } from '../schedules/calendar-dates';
import { expandLegs, type PlannedFlight } from '../schedules/flight-instances';
import { createDemoDayContext } from './demo-day-context';
import type { DemoDay } from './demo-day';
import { demoFlightAt } from './demo-operations';
import { DEMO_AIRPORT, DEMO_TIME_ZONE, demoScheduleLegs } from './demo-schedule';
import { createPrng } from './prng';

const HOUR = 3_600_000;
const HALF_WINDOW_MS = 12 * HOUR;
/** Typical seats by body, for plausible passenger counts (not from the schedule). */
const TYPICAL_SEATS: Record<AircraftBody, number> = { narrow: 180, wide: 300, regional: 72 };

/**
 * A flight as a schedule import creates it: the planned fields, SCHEDULED, no estimate beyond
 * the schedule, no gate, stand, belt or registration yet.
 */
export function plannedDemoFlight(planned: PlannedFlight, createdAt: Date): Flight {
  const seats = TYPICAL_SEATS[aircraftBody(planned.aircraftType) ?? 'narrow'];
  const loadFactor = 0.72 + createPrng(`load:${planned.id}`).next() * 0.24;
  const flight: Flight = {
    id: planned.id,
    flightNumber: planned.flightNumber,
    airline: planned.airline,
    origin: planned.origin,
    destination: planned.destination,
    std: planned.std,
    etd: planned.std,
    gate: null,
    status: 'SCHEDULED',
    delayCode: null,
    remark: null,
    version: 1,
    updatedAt: createdAt.toISOString(),
    updatedBy: null,
    direction: planned.direction,
    sta: planned.sta,
    eta: null,
    atd: null,
    ata: null,
    stand: null,
    belt: null,
    registration: null,
    aircraftType: planned.aircraftType,
    terminal: planned.terminal,
    codeshares: planned.codeshares,
    passengerCount: Math.round(seats * loadFactor),
  };
  for (const key of [
    'airlineName',
    'originCity',
    'originName',
    'destinationCity',
    'destinationName',
    'originTimeZone',
    'destinationTimeZone',
  ] as const) {
    if (planned[key] !== undefined) flight[key] = planned[key];
  }
  if (planned.suffix) flight.suffix = planned.suffix;
  return flight;
}

/** The planned flights of the local days from the day before `now` to the day after. */
export async function plannedDemoFlightsAround(now: Date): Promise<PlannedFlight[]> {
  const today = parseIsoDate(localDateOf(now.getTime(), DEMO_TIME_ZONE)) as number;
  return expandLegs(await demoScheduleLegs(), {
    airport: DEMO_AIRPORT,
    from: isoDate(today - 1),
    to: isoDate(today + 1),
  });
}

/**
 * The departures and arrivals whose movement here falls within 12 hours of `now`, as the demo's
 * operating day shows them at `now`: `buildDemoDay`'s shape, the schedule's flight ids.
 */
export async function buildDemoDayFromSchedule(now: Date): Promise<DemoDay> {
  const planned = await plannedDemoFlightsAround(now);
  const context = createDemoDayContext(planned);
  const t = now.getTime();
  const flights = planned
    .filter((flight) => {
      const here = Date.parse(flight.direction === 'arrival' ? flight.sta : flight.std);
      return here >= t - HALF_WINDOW_MS && here < t + HALF_WINDOW_MS;
    })
    .map((flight) => ({
      ...demoFlightAt(plannedDemoFlight(flight, now), now, context),
      version: 1,
      updatedAt: now.toISOString(),
      updatedBy: null,
    }));
  const airport = requireAirport(DEMO_AIRPORT);
  return {
    airport: {
      iata: airport.iata,
      name: airport.name,
      city: airport.city,
      timeZone: DEMO_TIME_ZONE,
    },
    flights,
  };
}
