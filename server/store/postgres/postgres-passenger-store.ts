import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type pg from 'pg';
import { z } from 'zod';
import { describeZodError, passengerSchema, type Passenger } from '../../../core';
import type { Booking } from '../../passengers/passenger-directory';
import { indexByPnr, type PassengerManifests } from '../passenger-store';
import { NotifyListener } from './notify-listener';
import { openHubPool } from './hub-pool';
import { inTransaction } from './transaction';

const PASSENGERS_CHANNEL = 'jetbridge_passengers';
const noticeSchema = z.object({ h: z.string(), f: z.array(z.string()) });
const manifestSchema = z.array(passengerSchema);
/** Flights named per NOTIFY (payloads stay under 8000 bytes). */
const FLIGHTS_PER_NOTIFY = 100;

/**
 * The manifests of several hubs, in PostgreSQL's `passenger_manifests`: each hub keeps a copy
 * (lookups and notifications read it synchronously), written through to the database and kept
 * current by NOTIFY, so a manifest put on one hub is what every hub notifies and looks up.
 */
export class PostgresPassengerStore implements PassengerManifests {
  readonly #manifests = new Map<string, Passenger[]>();
  #byPnr: Map<string, Booking[]> | null = null;
  #lastWrite: Promise<unknown> = Promise.resolve();
  #listener: NotifyListener | null = null;
  readonly #hubId = randomUUID();
  onReplaced: ((flightId: string) => void) | null = null;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {}

  static async open(options: { url: string; logger: Logger }): Promise<PostgresPassengerStore> {
    const pool = openHubPool(options.url, 'passengers', options.logger, 2);
    const store = new PostgresPassengerStore(pool, options.logger);
    try {
      store.#listener = await NotifyListener.start({
        url: options.url,
        channel: PASSENGERS_CHANNEL,
        logger: options.logger,
        what: 'manifest changes',
        onNotice: (payload) => store.#heard(payload),
        onReconnected: () => store.#reloadLogged(null),
      });
      await store.#reload(null);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  list(flightId: string): Passenger[] {
    return this.#manifests.get(flightId) ?? [];
  }

  bookings(pnr: string): Booking[] {
    this.#byPnr ??= indexByPnr(Object.fromEntries(this.#manifests));
    return this.#byPnr.get(pnr) ?? [];
  }

  flightIds(): string[] {
    return [...this.#manifests.keys()];
  }

  get isEmpty(): boolean {
    return this.#manifests.size === 0;
  }

  async replace(flightId: string, passengers: Passenger[]): Promise<number> {
    await this.replaceMany({ [flightId]: passengers });
    return passengers.length;
  }

  async replaceMany(manifests: Readonly<Record<string, Passenger[]>>): Promise<void> {
    const flightIds = Object.keys(manifests);
    await this.#write(flightIds, (client) =>
      client.query(
        `INSERT INTO passenger_manifests (flight_id, passengers)
         SELECT key, value FROM jsonb_each($1::jsonb)
         ON CONFLICT (flight_id) DO UPDATE
           SET passengers = excluded.passengers, updated_at = clock_timestamp()`,
        [JSON.stringify(manifests)],
      ),
    );
    for (const [flightId, passengers] of Object.entries(manifests)) {
      this.#manifests.set(flightId, passengers);
    }
    this.#byPnr = null;
    for (const flightId of flightIds) this.onReplaced?.(flightId);
  }

  async removeFlights(flightIds: readonly string[]): Promise<void> {
    const present = flightIds.filter((id) => this.#manifests.has(id));
    if (present.length === 0) return;
    await this.#write(present, (client) =>
      client.query('DELETE FROM passenger_manifests WHERE flight_id = ANY($1)', [present]),
    );
    for (const flightId of present) this.#manifests.delete(flightId);
    this.#byPnr = null;
    for (const flightId of present) this.onReplaced?.(flightId);
  }

  async flush(): Promise<void> {
    await this.#lastWrite;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.#listener?.close();
    await this.pool.end();
  }

  /** One transaction: the statement, then the other hubs told which flights changed. */
  async #write(
    flightIds: readonly string[],
    statement: (client: pg.PoolClient) => Promise<unknown>,
  ): Promise<void> {
    const write = (async () => {
      await inTransaction(this.pool, async (client) => {
        await statement(client);
        const payloads: string[] = [];
        for (let i = 0; i < flightIds.length; i += FLIGHTS_PER_NOTIFY) {
          const f = flightIds.slice(i, i + FLIGHTS_PER_NOTIFY);
          payloads.push(JSON.stringify({ h: this.#hubId, f }));
        }
        await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [
          PASSENGERS_CHANNEL,
          payloads,
        ]);
      });
    })();
    this.#lastWrite = write.catch(() => undefined);
    await write;
  }

  #heard(payload: string | undefined): void {
    let flightIds: string[] | null;
    try {
      const notice = noticeSchema.parse(JSON.parse(payload ?? ''));
      if (notice.h === this.#hubId) return;
      flightIds = notice.f;
    } catch {
      flightIds = null; // not understood: read every manifest
    }
    this.#reloadLogged(flightIds);
  }

  #reloadLogged(flightIds: string[] | null): void {
    this.#reload(flightIds).catch((error: unknown) => {
      this.logger.error({ err: error }, 'reading manifests changed on another hub failed');
    });
  }

  /** Reads `flightIds`' manifests (every one when null) as the database holds them. */
  async #reload(flightIds: string[] | null): Promise<void> {
    const { rows } = await this.pool.query<{ flight_id: string; passengers: unknown }>(
      `SELECT flight_id, passengers FROM passenger_manifests
       ${flightIds ? 'WHERE flight_id = ANY($1)' : ''}`,
      flightIds ? [flightIds] : [],
    );
    const read = new Map<string, Passenger[]>();
    for (const row of rows) {
      const parsed = manifestSchema.safeParse(row.passengers);
      if (!parsed.success) {
        throw new Error(
          `passenger_manifests ${row.flight_id}: ${describeZodError(parsed.error, 'passengers')}`,
        );
      }
      read.set(row.flight_id, parsed.data);
    }
    const touched = new Set([...(flightIds ?? this.#manifests.keys()), ...read.keys()]);
    for (const flightId of touched) {
      const manifest = read.get(flightId);
      if (manifest) this.#manifests.set(flightId, manifest);
      else this.#manifests.delete(flightId);
    }
    this.#byPnr = null;
    for (const flightId of touched) this.onReplaced?.(flightId);
  }
}
