import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Passenger } from '../core';
import { DEMO_AIRPORT, airportFromReference } from './airport';
import { demoScheduleLegsOver } from './demo/demo-schedule';
import type { HubSeed, SeedUser } from './store/data-folder';

/** Demo accounts of the contract (section 1); all with the password `demo`. */
export const DEMO_USERS: SeedUser[] = [
  { username: 'agent1', password: 'demo', role: 'agent' },
  { username: 'agent2', password: 'demo', role: 'agent' },
  { username: 'super', password: 'demo', role: 'supervisor' },
  { username: 'board', password: 'demo', role: 'viewer' },
];

/** A seed that may also bring passenger manifests, by flight id (written with the new folder). */
export type HubSeedWithManifests = HubSeed & { passengers?: Record<string, Passenger[]> };

/**
 * With the demo: the demo airport (DEL) with its schedule — departures and arrivals from
 * resources/demo/del-schedule.csv, open-ended from yesterday, so the rolling window makes the
 * days as they come like any imported schedule — and the demo users; for any other airport
 * (`JETBRIDGE_AIRPORT`), the demo users only (contract section 1).
 */
export async function demoSeedFor(
  airport: string | undefined,
  now: Date,
  logger: Logger,
): Promise<HubSeedWithManifests> {
  if (airport && airport !== DEMO_AIRPORT) {
    logger.info({ airport }, 'demo users only: the demo schedule is for DEL');
    return { airport: airportFromReference(airport), flights: [], users: DEMO_USERS };
  }
  const home = airportFromReference(DEMO_AIRPORT);
  const yesterday = DateTime.fromJSDate(now, { zone: home.timeZone })
    .minus({ days: 1 })
    .toISODate()!;
  const legs = (await demoScheduleLegsOver(yesterday, yesterday)).map((leg) => ({
    ...leg,
    to: null,
  }));
  logger.info({ airport: DEMO_AIRPORT, legs: legs.length }, 'seeding the demo schedule');
  return { airport: home, flights: [], users: DEMO_USERS, schedule: legs };
}
