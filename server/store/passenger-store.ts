import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { passengerSchema, type Passenger } from '../../core';
import type { PassengerDirectory } from '../passengers/passenger-directory';
import { DurableJsonFile } from './durable-json-file';

export const PASSENGERS_FILE = 'passengers.json';

/** `passengers.json` (mode 0600: names, phones, e-mail): each flight's manifest. */
const passengersFileSchema = z.strictObject({
  flights: z.record(z.string(), z.array(passengerSchema)),
});
type PassengersFile = z.infer<typeof passengersFileSchema>;

/**
 * The manifests as the hub uses them: the data folder's PassengerStore (one hub) or
 * PostgresPassengerStore (several hubs). Reads are synchronous over the hub's copy.
 */
export interface PassengerManifests extends PassengerDirectory {
  /** Replaces a flight's manifest; resolves once it is durably stored. */
  replace(flightId: string, passengers: Passenger[]): Promise<number>;
  /** Replaces several manifests in one durable write (demo seeding). */
  replaceMany(manifests: Readonly<Record<string, Passenger[]>>): Promise<void>;
  /** True when no flight has a manifest. */
  readonly isEmpty: boolean;
  /** Waits for the manifest writes under way. */
  flush(): Promise<void>;
  /** Told after a manifest is replaced (here or, shared, on another hub). */
  onReplaced: ((flightId: string) => void) | null;
}

/** Passenger manifests, replaced a flight at a time by supervisors. Optional file. */
export class PassengerStore implements PassengerManifests {
  #lastWrite: Promise<unknown> = Promise.resolve();
  /** PNR → manifest entries, rebuilt on the first lookup after a change. */
  #byPnr: Map<string, Array<{ flightId: string; passenger: Passenger }>> | null = null;

  private constructor(private readonly db: Low<PassengersFile>) {}

  static async open(folder: string): Promise<PassengerStore> {
    const adapter = new DurableJsonFile(join(folder, PASSENGERS_FILE), passengersFileSchema);
    const db = new Low<PassengersFile>(adapter, { flights: {} });
    await db.read();
    return new PassengerStore(db);
  }

  list(flightId: string): Passenger[] {
    return this.db.data.flights[flightId] ?? [];
  }

  /** Every manifest entry of a booking reference, with its flight. */
  bookings(pnr: string): Array<{ flightId: string; passenger: Passenger }> {
    this.#byPnr ??= indexByPnr(this.db.data.flights);
    return this.#byPnr.get(pnr) ?? [];
  }

  /** Flights that have a manifest. */
  flightIds(): string[] {
    return Object.keys(this.db.data.flights);
  }

  /** Deletes the manifests of `flightIds` (retention); resolves once durable. */
  async removeFlights(flightIds: readonly string[]): Promise<void> {
    const present = flightIds.filter((id) => id in this.db.data.flights);
    if (present.length === 0) return;
    for (const flightId of present) delete this.db.data.flights[flightId];
    this.#byPnr = null;
    const write = this.db.write();
    this.#lastWrite = write.catch(() => undefined);
    await write;
    for (const flightId of present) this.onReplaced?.(flightId);
  }

  /** Told after a manifest is replaced and durable (the notification summaries listen). */
  onReplaced: ((flightId: string) => void) | null = null;

  /** Replaces a flight's manifest; resolves once it is durably stored. */
  async replace(flightId: string, passengers: Passenger[]): Promise<number> {
    await this.replaceMany({ [flightId]: passengers });
    return passengers.length;
  }

  /** Replaces several manifests in one durable write (demo seeding). */
  async replaceMany(manifests: Readonly<Record<string, Passenger[]>>): Promise<void> {
    Object.assign(this.db.data.flights, manifests);
    this.#byPnr = null;
    const write = this.db.write();
    this.#lastWrite = write.catch(() => undefined);
    await write;
    for (const flightId of Object.keys(manifests)) this.onReplaced?.(flightId);
  }

  /** True when no flight has a manifest. */
  get isEmpty(): boolean {
    return Object.keys(this.db.data.flights).length === 0;
  }

  /** Waits for the manifest writes under way. */
  async flush(): Promise<void> {
    await this.#lastWrite;
  }
}

export function indexByPnr(flights: Readonly<Record<string, Passenger[]>>) {
  const index = new Map<string, Array<{ flightId: string; passenger: Passenger }>>();
  for (const [flightId, manifest] of Object.entries(flights)) {
    for (const passenger of manifest) {
      let entries = index.get(passenger.pnr);
      if (!entries) index.set(passenger.pnr, (entries = []));
      entries.push({ flightId, passenger });
    }
  }
  return index;
}
