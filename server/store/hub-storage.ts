import type { Logger } from 'pino';
import { ApiKeys, type FeedKeys } from '../feed/api-keys';
import { FileFeedResultLog, type FeedResultLog } from '../feed/feed-results';
import { PostgresApiKeys, PostgresFeedResultLog } from '../feed/postgres-feed';
import { PostgresScheduleStore } from '../schedules/postgres-schedule-store';
import { FileScheduleStore, type ScheduleStore } from '../schedules/schedule-store';
import type { GateEntry } from '../../core/gates';
import {
  FileGateListStore,
  PostgresGateListStore,
  type GateListStore,
} from '../gates/gate-list-store';
import {
  openDisplaysDocument,
  openDisplaysFile,
  type DisplaysTable,
} from '../displays/display-registry';
import type { DataFolder } from './data-folder';
import type { FlightRecord, FlightStore } from './flight-store';
import { PostgresSelfServiceStore } from '../passengers/postgres-self-service-store';
import type { SelfServiceStore } from '../passengers/self-service-store';
import type { PassengerManifests } from './passenger-store';
import { PostgresFlightStore } from './postgres/postgres-flight-store';
import { PostgresPassengerStore } from './postgres/postgres-passenger-store';
import { openHubPool } from './postgres/hub-pool';
import { FileArchiveRegister, type ArchiveRegister } from '../window/archive-register';
import { PostgresArchiveRegister } from '../window/postgres-archive-register';

/**
 * Where a hub keeps its state: the data folder (one hub, the default), or PostgreSQL
 * (`JETBRIDGE_DATABASE_URL`, several hubs). The one place that chooses, with
 * auth/hub-auth.ts for users and sessions and notifications/hub-notifications.ts for the outbox.
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

/** The feed's keys and message results, and the schedules: what the feed and window share. */
export interface FeedAndSchedules {
  keys: FeedKeys;
  feedResults: FeedResultLog;
  schedule: ScheduleStore;
  close(): Promise<void>;
}

/**
 * In the data folder (api-keys.json, feed-results.ndjson, schedules.json), or in PostgreSQL
 * (`api_keys`, `feed_results`, `schedules`) shared by every hub. Opened after the flight store,
 * which brings the database's schema up to date.
 */
export async function openFeedAndSchedules(
  choice: StorageChoice,
  dataDir: string,
  logger: Logger,
): Promise<FeedAndSchedules> {
  if (!choice.databaseUrl) {
    const keys = await ApiKeys.open(dataDir, logger);
    const feedResults = await FileFeedResultLog.open(dataDir);
    const schedule = await FileScheduleStore.open(dataDir);
    return {
      keys,
      feedResults,
      schedule,
      close: async () => {
        keys.close();
        await feedResults.close();
      },
    };
  }
  const pool = openHubPool(choice.databaseUrl, 'feed', logger, 4);
  try {
    const schedule = await PostgresScheduleStore.open(pool, logger);
    return {
      keys: new PostgresApiKeys(pool),
      feedResults: new PostgresFeedResultLog(pool),
      schedule,
      close: async () => {
        schedule.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * The displays (public screens): `displays.json` in the data folder, or the database's, shared
 * by every hub (`displays add|revoke` with JETBRIDGE_DATABASE_URL reach every hub at once).
 */
export async function openDisplays(
  choice: StorageChoice,
  dataDir: string,
  logger: Logger,
): Promise<DisplaysTable> {
  if (!choice.databaseUrl) return openDisplaysFile(dataDir, logger);
  const pool = openHubPool(choice.databaseUrl, 'displays', logger, 1);
  try {
    return await openDisplaysDocument(pool, choice.databaseUrl, logger);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * The archive register: `window.json` in the data folder, or the database's `archived_flights`
 * (shared by every hub). Opened after the flight store, which brings the schema up to date.
 */
export async function openArchiveRegister(
  choice: StorageChoice,
  dataDir: string,
  logger: Logger,
): Promise<ArchiveRegister> {
  if (!choice.databaseUrl) return FileArchiveRegister.open(dataDir);
  return PostgresArchiveRegister.open({ url: choice.databaseUrl, logger });
}

/**
 * The gate list: `gates.json` in the data folder, or the database's (shared by every hub, so a
 * supervisor's edit on one hub is the list of all). `initial` fills a folder or database that has
 * none. Opened after the flight store, which brings the database's schema up to date.
 */
export async function openGateList(
  choice: StorageChoice,
  dataDir: string,
  logger: Logger,
  initial: () => readonly GateEntry[],
): Promise<GateListStore> {
  if (!choice.databaseUrl) return FileGateListStore.open(dataDir, initial);
  const pool = openHubPool(choice.databaseUrl, 'gates', logger, 2);
  try {
    return await PostgresGateListStore.open(pool, choice.databaseUrl, logger, initial);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** The manifests and passengers' own choices: the data folder's, or the database's. */
export interface PassengerStorage {
  manifests: PassengerManifests;
  /** Unset: the passengers' side opens the data folder's journal. */
  selfService?: SelfServiceStore;
  /** After the passengers' side closed (it closes `selfService`). */
  close(): Promise<void>;
}

/**
 * With a database, `passenger_manifests` and the self-service tables, shared by every hub (a
 * manifest or a choice made on one is what every hub sends by). Opened after the flight store,
 * which brings the schema up to date.
 */
export async function openPassengerStorage(
  choice: StorageChoice,
  data: DataFolder,
  logger: Logger,
): Promise<PassengerStorage> {
  if (!choice.databaseUrl) {
    return { manifests: data.passengers, close: () => data.passengers.flush() };
  }
  const manifests = await PostgresPassengerStore.open({ url: choice.databaseUrl, logger });
  try {
    const selfService = await PostgresSelfServiceStore.open({ url: choice.databaseUrl, logger });
    return { manifests, selfService, close: () => manifests.close() };
  } catch (error) {
    await manifests.close();
    throw error;
  }
}
