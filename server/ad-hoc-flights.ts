import { DateTime } from 'luxon';
import type { z } from 'zod';
import {
  describeZodError,
  type AdHocDesignator,
  type AdHocPlan,
  type Direction,
  type Flight,
} from '../core';
import { HubError } from './hub-error';
import { findAirline, findAirport } from './reference/reference-data';
import { flightIdFor } from './schedules/flight-instances';
import type { Airport } from './store/file-schemas';

/*
 * A flight not in the schedule (core/flight-create.ts): added by a supervisor in the console
 * (`flight:create`) or by the feed (`create`, contract section 8), both through here. Its id is
 * made like a scheduled flight's, so the same flight is found again.
 */
/** The id of the flight a designator names (whether it exists or not). */
export function flightIdOf(designator: AdHocDesignator): string {
  const [, digits, suffix] = /^(\d{1,4})([A-Z]?)$/.exec(designator.flightNumber)!;
  return flightIdFor({
    direction: designator.direction,
    airline: designator.airline,
    flightNumber: digits!,
    suffix: suffix!,
    localDate: designator.date,
  });
}

/** The new flight, or INVALID naming what does not fit (airports, date, times). */
export function adHocFlight(
  designator: AdHocDesignator,
  plan: AdHocPlan,
  airport: Airport,
  meta: { by: string; at: string },
): Flight {
  const refuse = (message: string) => new HubError('INVALID', message);
  const direction: Direction = designator.direction;
  if (direction === 'departure' && plan.origin !== airport.iata) {
    throw refuse(`origin: a departure leaves ${airport.iata}, not ${plan.origin}`);
  }
  if (direction === 'arrival' && plan.destination !== airport.iata) {
    throw refuse(`destination: an arrival comes to ${airport.iata}, not ${plan.destination}`);
  }
  if (plan.origin === plan.destination) throw refuse('destination: must differ from the origin');
  const other = direction === 'departure' ? plan.destination : plan.origin;
  const otherAirport = findAirport(other);
  if (!otherAirport)
    throw refuse(
      `${direction === 'departure' ? 'destination' : 'origin'}: unknown airport "${other}"`,
    );
  const std = new Date(plan.std).toISOString();
  const sta = new Date(plan.sta).toISOString();
  if (Date.parse(sta) <= Date.parse(std)) throw refuse('sta: must be after std');
  if (Date.parse(sta) - Date.parse(std) > 24 * 3_600_000)
    throw refuse('sta: a leg lasts at most 24 hours');
  const movement = direction === 'departure' ? std : sta;
  const localDate = DateTime.fromISO(movement, { zone: airport.timeZone }).toISODate();
  if (localDate !== designator.date) {
    throw refuse(
      `date: the ${direction === 'departure' ? 'std' : 'sta'} falls on ${localDate} at ${airport.iata}, not ${designator.date}`,
    );
  }
  const [, digits, suffix] = /^(\d{1,4})([A-Z]?)$/.exec(designator.flightNumber)!;
  const here = { city: airport.city, name: airport.name, zone: airport.timeZone };
  const there = { city: otherAirport.city, name: otherAirport.name, zone: otherAirport.timeZone };
  const [from, to] = direction === 'departure' ? [here, there] : [there, here];
  const airlineName = findAirline(designator.airline)?.name;
  return {
    id: flightIdOf(designator),
    flightNumber: `${designator.airline} ${Number(digits)}${suffix}`,
    airline: designator.airline,
    origin: plan.origin,
    destination: plan.destination,
    std,
    etd: std,
    sta,
    eta: sta,
    gate: null,
    status: 'SCHEDULED',
    delayCode: null,
    remark: null,
    version: 1,
    updatedAt: meta.at,
    updatedBy: meta.by,
    direction,
    source: 'adhoc',
    codeshares: [],
    ...(suffix ? { suffix } : {}),
    ...(airlineName ? { airlineName } : {}),
    originCity: from.city,
    originName: from.name,
    originTimeZone: from.zone,
    destinationCity: to.city,
    destinationName: to.name,
    destinationTimeZone: to.zone,
  };
}

/** Parses with a schema, refusing with INVALID naming the field (under `root`). */
export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, root));
  return parsed.data;
}
