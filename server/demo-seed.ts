import type { Logger } from 'pino';
import { z } from 'zod';
import { buildDemoDay } from './demo/demo-day';
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

/** The demo airport and its flights around `now` (server/demo), plus the demo users. */
export function loadDemoSeed(now: Date, logger: Logger): HubSeed {
  // Checked like any other input: the seed becomes the data folder's first files.
  const day = demoDaySchema.parse(buildDemoDay(now));
  logger.info({ airport: day.airport.iata, flights: day.flights.length }, 'seeding demo day');
  return { ...day, users: DEMO_USERS };
}
