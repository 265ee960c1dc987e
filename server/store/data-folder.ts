import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import { describeZodError, type Flight, type Role } from '../../core';
import { hashPassword } from '../auth/passwords';
import { AirportSettingError, resolveAirport } from '../airport';
import { DataFolderError } from './data-folder-error';
import { FolderIdentity, assertPrivateFolder, tightenFileModes } from './data-folder-guard';
import { DurableJsonFile } from './durable-json-file';
import { PassengerStore } from './passenger-store';
import type { ScheduleLeg } from '../schedules/schedule-leg';
import { CHANGES_FOLDER, FileFlightStore, type FileFlightStoreOptions } from './file-flight-store';
import {
  hubFileSchema,
  secretFileSchema,
  storedFlightSchema,
  usersFileSchema,
  type Airport,
  type HubFile,
  type UserRecord,
  type UserScope,
} from './file-schemas';

export const HUB_FILE = 'hub.json';
export const USERS_FILE = 'users.json';
export const SECRET_FILE = 'session-secret.json';

export interface SeedUser {
  username: string;
  password: string;
  role: Role;
  scope?: UserScope;
}

/** What a new, empty data folder is filled with (demo day, or a test's fixture). */
export interface HubSeed {
  airport: Airport;
  flights: Flight[];
  users: SeedUser[];
  /** A schedule to start with (the demo's): the rolling window makes its days. */
  schedule?: ScheduleLeg[];
}

export interface DataFolder {
  /** The airport this folder serves (always set: a folder is created for one). */
  airport: Airport;
  users: UserRecord[];
  secret: string;
  /** Null when the flights live elsewhere (`withFlights: false`: PostgreSQL). */
  flights: FileFlightStore | null;
  passengers: PassengerStore;
}

export interface OpenDataFolderOptions extends FileFlightStoreOptions {
  /** Used only when the folder is empty or missing. */
  seed?: () => Promise<HubSeed> | HubSeed;
  /** Configured signing key; when absent one is generated and kept in the folder. */
  secret?: string;
  /** `JETBRIDGE_AIRPORT`: the airport of a new folder without seed; must match an existing one. */
  airport?: string;
  /** Open the folder's flight store (default); false when flights live in a database. */
  withFlights?: boolean;
  logger: Logger;
}

/**
 * Opens (or, when empty, creates) a data folder. Every file is validated; a missing or broken
 * one stops the hub with a DataFolderError naming it, and nothing is overwritten.
 */
export async function openDataFolder(
  folder: string,
  options: OpenDataFolderOptions,
): Promise<DataFolder> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const entries = await readdir(folder);
  if (entries.length === 0) {
    const seed = options.seed ? await options.seed() : null;
    // Refused before anything is written: a folder is created for one airport.
    const airport = seed?.airport ?? resolveAirport(null, options.airport);
    if (!airport) {
      throw new AirportSettingError(
        'JETBRIDGE_AIRPORT is needed to create a data folder without the demo (for example JETBRIDGE_AIRPORT=DEL)',
      );
    }
    await createDataFolder(folder, seed, airport, options);
  } else if (!entries.includes(HUB_FILE)) {
    throw new DataFolderError(
      join(folder, HUB_FILE),
      'is missing, but the folder is not empty: it is not a Jetbridge data folder, or its creation was interrupted',
    );
  }
  await assertPrivateFolder(folder);
  await tightenFileModes(folder);
  const hub = await readRequired(join(folder, HUB_FILE), hubFileSchema);
  const airport = resolveAirport(hub.airport, options.airport);
  if (!airport) {
    throw new AirportSettingError(
      `${join(folder, HUB_FILE)} names no airport (the folder was created without one): set JETBRIDGE_AIRPORT`,
    );
  }
  if (!hub.airport) {
    // A folder from before airports were required learns its airport once.
    await new DurableJsonFile(join(folder, HUB_FILE), hubFileSchema, { pretty: true }).write({
      ...hub,
      airport,
    });
  }
  const users = await readRequired(join(folder, USERS_FILE), usersFileSchema);
  const secret = options.secret ?? (await readOrCreateSecret(join(folder, SECRET_FILE)));
  const identity = await FolderIdentity.of([folder, join(folder, CHANGES_FOLDER)]);
  const flights =
    options.withFlights === false
      ? null
      : await FileFlightStore.open(folder, {
          ...options,
          legacy: hub.format === 1,
          reachabilityProblem: () => identity.problem(),
        });
  const passengers = await PassengerStore.open(folder);
  return { airport, users: users.users, secret, flights, passengers };
}

async function createDataFolder(
  folder: string,
  seed: HubSeed | null,
  airport: Airport,
  options: OpenDataFolderOptions,
) {
  const now = options.now();
  if (!seed) {
    options.logger.warn({ folder }, 'new data folder without demo data: no flights and no users');
  }
  const flights = (seed?.flights ?? []).map((flight, index) => {
    const parsed = storedFlightSchema.safeParse(flight);
    if (!parsed.success) {
      throw new Error(`seed flight ${index}: ${describeZodError(parsed.error, 'flight')}`);
    }
    return { flight: parsed.data, fieldVersions: {} };
  });
  // Seed users share one hash per password: demo accounts, hashed once instead of per user.
  const hashes = new Map<string, Promise<string>>();
  const users: UserRecord[] = await Promise.all(
    (seed?.users ?? []).map(async ({ password, ...user }) => {
      if (!hashes.has(password)) hashes.set(password, hashPassword(password));
      return { ...user, passwordHash: await hashes.get(password)! };
    }),
  );
  await mkdir(join(folder, CHANGES_FOLDER), { recursive: true, mode: 0o700 });
  await new DurableJsonFile(join(folder, USERS_FILE), usersFileSchema, { pretty: true }).write({
    users,
  });
  await FileFlightStore.create(folder, flights, now);
  // Last: hub.json marks the folder as complete.
  const hub: HubFile = { format: 2, createdAt: now.toISOString(), airport };
  await new DurableJsonFile(join(folder, HUB_FILE), hubFileSchema, { pretty: true }).write(hub);
  options.logger.info(
    { folder, flights: flights.length, users: users.length },
    seed ? 'created data folder from seed' : 'created empty data folder',
  );
}

async function readRequired<T>(file: string, schema: ZodType<T>): Promise<T> {
  const data = await new DurableJsonFile(file, schema).read();
  if (data === null) throw new DataFolderError(file, 'is missing');
  return data;
}

async function readOrCreateSecret(file: string): Promise<string> {
  const db = new Low(new DurableJsonFile(file, secretFileSchema), { secret: '' });
  const existing = await db.adapter.read();
  if (existing) return existing.secret;
  db.data = { secret: randomBytes(32).toString('base64url') };
  await db.write();
  return db.data.secret;
}
