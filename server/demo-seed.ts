import type { Logger } from 'pino';
import { z } from 'zod';
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

/** The demo airport and its flights around `now`, from server/demo, plus the demo users. */
export async function loadDemoSeed(now: Date, logger: Logger): Promise<HubSeed> {
  // Loaded by a computed path: server/demo is built separately and may not exist yet.
  const modulePath = './demo/demo-day.ts';
  const demoModule = (await import(/* @vite-ignore */ modulePath)) as {
    buildDemoDay?: (now: Date) => unknown;
  };
  if (typeof demoModule.buildDemoDay !== 'function') {
    throw new Error('server/demo/demo-day.ts does not export buildDemoDay(now)');
  }
  const day = demoDaySchema.parse(demoModule.buildDemoDay(now));
  logger.info({ airport: day.airport.iata, flights: day.flights.length }, 'seeding demo day');
  return { ...day, users: DEMO_USERS };
}
