/**
 * Schedule legs to this airport's flights on given local dates: a leg leaving the airport is a
 * departure on each date it operates, a leg reaching it an arrival on each date it lands here.
 * The flight's id depends only on direction, designator and the local date of the movement here,
 * so reading the same schedule again gives the same ids.
 */
import type { Direction } from '../../core/flight';
import { findAirline, findAirport } from '../reference/reference-data';
import { instantAt, isoDate, isoWeekday, parseClock, parseIsoDate } from './calendar-dates';
import { TimeSlicer } from './time-slicer';
import { zonedInstant } from './zone-offsets';
import {
  formatFlightNumber,
  type FlightDesignator,
  type OnwardFlight,
  type ScheduleLeg,
} from './schedule-leg';

/** The planned side of a Flight (contract section 7), as a schedule import sets it. */
export interface PlannedFlight {
  id: string;
  direction: Direction;
  airline: string;
  /** "6E 2134": airline, number without leading zeros, suffix. */
  flightNumber: string;
  suffix: string;
  origin: string;
  destination: string;
  /** Scheduled departure from the origin, UTC ISO. */
  std: string;
  /** Scheduled arrival at the destination, UTC ISO. */
  sta: string;
  aircraftType: string | null;
  /** This airport's passenger terminal: departure terminal of a departure, arrival of an arrival. */
  terminal: string | null;
  codeshares: string[];
  serviceType: string;
  /** Local date of the movement at this airport, "YYYY-MM-DD" (part of the id). */
  localDate: string;
  /**
   * The flight the same aircraft continues as. `flightId` is that departure's id when it leaves
   * this airport (the onward flight of an arrival here), else null.
   */
  onward: (OnwardFlight & { flightId: string | null }) | null;
  /** Line of the schedule file the leg came from. */
  line: number;
  // From the reference data, when it knows the airline or airport.
  airlineName?: string;
  originCity?: string;
  originName?: string;
  destinationCity?: string;
  destinationName?: string;
  originTimeZone?: string;
  destinationTimeZone?: string;
}

export interface ExpandOptions {
  /** IATA code of this airport. */
  airport: string;
  /** First and last local date at this airport, "YYYY-MM-DD", both included. */
  from: string;
  to: string;
}

/**
 * "D-6E2134-2026-11-28", "A-AI0102A-2026-11-28": D(eparture) or A(rrival), airline, number
 * padded to four digits (so "102" and "0102" are the same flight), suffix, local date here.
 */
export function flightIdFor(
  input: FlightDesignator & { direction: Direction; localDate: string },
): string {
  if (!/^\d{1,4}$/.test(input.flightNumber)) {
    throw new Error(`flight number "${input.flightNumber}" must be 1-4 digits`);
  }
  if (parseIsoDate(input.localDate) === null) {
    throw new Error(`local date "${input.localDate}" must be a date YYYY-MM-DD`);
  }
  const number = input.flightNumber.padStart(4, '0').slice(-4);
  return `${input.direction === 'arrival' ? 'A' : 'D'}-${input.airline}${number}${input.suffix}-${input.localDate}`;
}

/** A leg's operating dates as day numbers, worked out once per leg. */
export interface LegCalendar {
  from: number;
  /** Infinity for an open end. */
  to: number;
  days: ReadonlySet<number>;
  frequencyRate: 1 | 2;
}

export function legCalendar(leg: ScheduleLeg): LegCalendar {
  const from = parseIsoDate(leg.from);
  const to = leg.to === null ? Infinity : parseIsoDate(leg.to);
  if (from === null || to === null) throw new Error(`leg of line ${leg.line} has no valid period`);
  return { from, to, days: new Set(leg.days), frequencyRate: leg.frequencyRate };
}

/** True when the leg departs (local date at the origin) on this day number. */
export function departsOn(calendar: LegCalendar, day: number): boolean {
  if (day < calendar.from || day > calendar.to) return false;
  if (!calendar.days.has(isoWeekday(day))) return false;
  return calendar.frequencyRate === 1 || Math.floor((day - calendar.from) / 7) % 2 === 0;
}

/** The UTC instant of a local date and time at an airport: fixed offset, else its IANA zone. */
function instant(
  day: number,
  clock: string,
  offset: number | null,
  zone: string | undefined,
): string {
  const minuteOfDay = parseClock(clock);
  if (minuteOfDay === null) throw new Error(`"${clock}" is not a time of day`);
  if (offset !== null) return instantAt(day, minuteOfDay, offset);
  if (!zone) throw new Error('a leg without UTC offsets needs its airports in the reference data');
  return zonedInstant(zone, day, minuteOfDay);
}

function plannedFlight(
  leg: ScheduleLeg,
  direction: Direction,
  departureDay: number,
): PlannedFlight {
  const origin = findAirport(leg.origin);
  const destination = findAirport(leg.destination);
  const airline = findAirline(leg.airline);
  const arrivalDay = departureDay + leg.arrivalDayOffset;
  const localDate = isoDate(direction === 'departure' ? departureDay : arrivalDay);
  const next = leg.onward;
  const onward = next && {
    airline: next.airline,
    flightNumber: next.flightNumber,
    suffix: next.suffix,
    layoverDays: next.layoverDays,
    flightId:
      direction === 'arrival'
        ? flightIdFor({
            airline: next.airline,
            flightNumber: next.flightNumber,
            suffix: next.suffix,
            direction: 'departure',
            localDate: isoDate(arrivalDay + next.layoverDays),
          })
        : null,
  };
  const flight: PlannedFlight = {
    id: flightIdFor({
      airline: leg.airline,
      flightNumber: leg.flightNumber,
      suffix: leg.suffix,
      direction,
      localDate,
    }),
    direction,
    airline: leg.airline,
    flightNumber: formatFlightNumber(leg),
    suffix: leg.suffix,
    origin: leg.origin,
    destination: leg.destination,
    std: instant(departureDay, leg.departureTime, leg.departureUtcOffset, origin?.timeZone),
    sta: instant(arrivalDay, leg.arrivalTime, leg.arrivalUtcOffset, destination?.timeZone),
    aircraftType: leg.aircraftType,
    terminal: direction === 'departure' ? leg.terminals.departure : leg.terminals.arrival,
    codeshares: [...leg.codeshares],
    serviceType: leg.serviceType,
    localDate,
    onward,
    line: leg.line,
  };
  if (airline) flight.airlineName = airline.name;
  if (origin) {
    flight.originCity = origin.city;
    flight.originName = origin.name;
    flight.originTimeZone = origin.timeZone;
  }
  if (destination) {
    flight.destinationCity = destination.city;
    flight.destinationName = destination.name;
    flight.destinationTimeZone = destination.timeZone;
  }
  return flight;
}

/**
 * This airport's flights from the legs over local dates `from`..`to` here, ordered by the time of
 * the movement here, then id. A leg that both leaves and reaches the airport (a round trip) gives
 * a departure and an arrival.
 */
export function expandLegs(legs: readonly ScheduleLeg[], options: ExpandOptions): PlannedFlight[] {
  const first = parseIsoDate(options.from);
  const last = parseIsoDate(options.to);
  if (first === null || last === null) {
    throw new Error(`expandLegs needs dates YYYY-MM-DD, got "${options.from}".."${options.to}"`);
  }
  const flights: PlannedFlight[] = [];
  for (const leg of legs) addFlightsOfLeg(leg, options.airport, first, last, flights);
  return sortByMovement(flights);
}

/**
 * expandLegs for big schedules in the hub: the same flights, computed in slices that give the
 * event loop back (see TimeSlicer), so acks keep flowing while a season is laid out.
 */
export async function expandLegsInSlices(
  legs: readonly ScheduleLeg[],
  options: ExpandOptions,
  slicer = new TimeSlicer(),
): Promise<PlannedFlight[]> {
  const first = parseIsoDate(options.from);
  const last = parseIsoDate(options.to);
  if (first === null || last === null) {
    throw new Error(`expandLegs needs dates YYYY-MM-DD, got "${options.from}".."${options.to}"`);
  }
  const flights: PlannedFlight[] = [];
  for (const leg of legs) {
    addFlightsOfLeg(leg, options.airport, first, last, flights);
    if (slicer.due) await slicer.yield();
  }
  return sortByMovement(flights);
}

function addFlightsOfLeg(
  leg: ScheduleLeg,
  airport: string,
  first: number,
  last: number,
  out: PlannedFlight[],
): void {
  const calendar = legCalendar(leg);
  for (let day = Math.max(first, calendar.from); day <= last && day <= calendar.to; day += 1) {
    if (leg.origin === airport && departsOn(calendar, day)) {
      out.push(plannedFlight(leg, 'departure', day));
    }
  }
  if (leg.destination !== airport) return;
  for (let day = first; day <= last; day += 1) {
    const departureDay = day - leg.arrivalDayOffset;
    if (departsOn(calendar, departureDay)) out.push(plannedFlight(leg, 'arrival', departureDay));
  }
}

function sortByMovement(flights: PlannedFlight[]): PlannedFlight[] {
  const movement = (f: PlannedFlight) => (f.direction === 'departure' ? f.std : f.sta);
  return flights.sort((a, b) =>
    movement(a) < movement(b) ? -1 : movement(a) > movement(b) ? 1 : a.id < b.id ? -1 : 1,
  );
}
