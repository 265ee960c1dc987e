import type { Logger } from 'pino';
import { z } from 'zod';
import type { Passenger } from '../core';
import { DEMO_AIRPORT, airportFromReference } from './airport';
import { buildDemoDay } from './demo/demo-day';
import { demoManifests } from './demo/demo-passengers';
import { airportSchema, storedFlightSchema } from './store/file-schemas';
import type { HubSeed, SeedUser } from './store/data-folder';

/** Demo accounts of the contract (section 1); all with the password `demo`. */
export const DEMO_USERS: SeedUser[] = [
  { username: 'agent1', password: 'demo', role: 'agent' },
  { username: 'agent2', password: 'demo', role: 'agent' },
  { username: 'super', password: 'demo', role: 'supervisor' },
  { username: 'board', password: 'demo', role: 'viewer' },
];

const demoDaySchema = z.object({ airport: airportSchema, flights: z.array(storedFlightSchema) });

/** A seed that may also bring passenger manifests, by flight id (written with the new folder). */
export type HubSeedWithManifests = HubSeed & { passengers?: Record<string, Passenger[]> };

/**
 * With the demo: the demo airport (DEL) with its day, users and manifests; for any other airport
 * (`JETBRIDGE_AIRPORT`), the demo users only (contract section 1).
 */
export function demoSeedFor(
  airport: string | undefined,
  now: Date,
  logger: Logger,
): HubSeedWithManifests {
  if (!airport || airport === DEMO_AIRPORT) return loadDemoSeed(now, logger);
  logger.info({ airport }, 'demo users only: the demo day is for DEL');
  return { airport: airportFromReference(airport), flights: [], users: DEMO_USERS };
}

/** The demo airport and its flights around `now` (server/demo), demo users and manifests. */
export function loadDemoSeed(now: Date, logger: Logger): HubSeedWithManifests {
  // Checked like any other input: the seed becomes the data folder's first files.
  const day = demoDaySchema.parse(buildDemoDay(now));
  logger.info({ airport: day.airport.iata, flights: day.flights.length }, 'seeding demo day');
  return { ...day, users: DEMO_USERS, passengers: demoManifests(day.flights) };
}
