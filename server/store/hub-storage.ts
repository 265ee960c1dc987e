import type { Logger } from 'pino';
import type { DataFolder } from './data-folder';
import type { FlightRecord, FlightStore } from './flight-store';
import { PostgresFlightStore } from './postgres/postgres-flight-store';

/**
 * Where a hub keeps its state: the data folder (one hub, the default), or PostgreSQL
 * (`JETBRIDGE_DATABASE_URL`, several hubs). The one place that chooses; phase 2 moves users,
 * sessions, schedules, feed keys, passengers and the notification outbox behind it too.
 */
export interface StorageChoice {
  /** `postgres://…`; unset: everything in the data folder. */
  databaseUrl?: string;
  /** Changes kept in memory for `sync:since` and opId retries. */
  recentChanges?: number;
}

/** Whether the data folder keeps the flights (false: they live in the database). */
export function flightsInDataFolder(choice: StorageChoice): boolean {
  return !choice.databaseUrl;
}

/**
 * The hub's flight store. With a database, `seed` (the flights a data folder was created with
 * just now) fills a database that has none, once, whichever hub comes first.
 */
export async function openFlightStore(
  choice: StorageChoice,
  data: DataFolder,
  context: { logger: Logger; seed: readonly FlightRecord[] | null },
): Promise<FlightStore> {
  if (!choice.databaseUrl) {
    if (!data.flights) throw new Error('the data folder was opened without its flights');
    return data.flights;
  }
  return PostgresFlightStore.open({
    url: choice.databaseUrl,
    logger: context.logger,
    seed: context.seed,
    ...(choice.recentChanges ? { recentChanges: choice.recentChanges } : {}),
  });
}
