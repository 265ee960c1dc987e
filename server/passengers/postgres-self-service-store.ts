import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type pg from 'pg';
import { z } from 'zod';
import { describeZodError } from '../../core';
import { NotifyListener } from '../store/postgres/notify-listener';
import {
  StateBackedSelfServiceStore,
  selfServiceEntrySchema,
  type SelfServiceEntry,
} from './self-service-store';
import { openHubPool } from '../store/postgres/hub-pool';
import { inTransaction } from '../store/postgres/transaction';

const SELF_SERVICE_CHANNEL = 'jetbridge_self_service';
/** Names per NOTIFY: payloads stay under 8000 bytes. */
const NAMES_PER_NOTIFY = 60;
const noticeSchema = z.object({
  h: z.string(),
  /** Passenger keys whose preferences or subscriptions changed. */
  k: z.array(z.string()),
  /** Flights whose archive mark changed. */
  a: z.array(z.string()),
});

/**
 * Passengers' preferences, push subscriptions and archive marks of several hubs, in PostgreSQL
 * (`passenger_preferences`, `push_subscriptions`, `passenger_archived_flights`): each hub keeps
 * a copy (notifications read it while deciding), written through, kept current by NOTIFY. A
 * choice made on one hub is what every hub sends by.
 */
export class PostgresSelfServiceStore extends StateBackedSelfServiceStore {
  #listener: NotifyListener | null = null;
  readonly #hubId = randomUUID();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {
    super();
  }

  static async open(options: { url: string; logger: Logger }): Promise<PostgresSelfServiceStore> {
    const pool = openHubPool(options.url, 'self-service', options.logger, 2);
    const store = new PostgresSelfServiceStore(pool, options.logger);
    try {
      store.#listener = await NotifyListener.start({
        url: options.url,
        channel: SELF_SERVICE_CHANNEL,
        logger: options.logger,
        what: 'passengers’ choices',
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

  /** Applied in memory at once; resolves once committed (a failed write is read back). */
  protected async record(entries: SelfServiceEntry[]): Promise<void> {
    const keys = new Set<string>();
    const flights = new Set<string>();
    for (const entry of entries) {
      switch (entry.t) {
        case 'preferences':
          keys.add(entry.key);
          break;
        case 'subscription': {
          keys.add(entry.key);
          const owner = this.state.subscriptions.get(entry.subscription.endpoint)?.key;
          if (owner) keys.add(owner);
          break;
        }
        case 'subscription-removed': {
          const owner = this.state.subscriptions.get(entry.endpoint)?.key;
          if (owner) keys.add(owner);
          break;
        }
        case 'archived':
          flights.add(entry.flightId);
          break;
        case 'forgotten':
          for (const key of entry.keys) keys.add(key);
          for (const flightId of entry.flightIds) flights.add(flightId);
          break;
      }
      this.state.apply(entry);
    }
    try {
      await inTransaction(this.pool, async (client) => {
        for (const entry of entries) await writeEntry(client, entry);
        const k = [...keys];
        const a = [...flights];
        const payloads: string[] = [];
        for (let i = 0; i < Math.max(k.length, a.length); i += NAMES_PER_NOTIFY) {
          payloads.push(
            JSON.stringify({
              h: this.#hubId,
              k: k.slice(i, i + NAMES_PER_NOTIFY),
              a: a.slice(i, i + NAMES_PER_NOTIFY),
            }),
          );
        }
        await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [
          SELF_SERVICE_CHANNEL,
          payloads,
        ]);
      });
    } catch (error) {
      // The copy holds what the database does not: read those back.
      this.#reloadLogged({ keys: [...keys], flightIds: [...flights] });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#listener?.close();
    await this.pool.end();
  }

  #heard(payload: string | undefined): void {
    try {
      const notice = noticeSchema.parse(JSON.parse(payload ?? ''));
      if (notice.h === this.#hubId) return;
      this.#reloadLogged({ keys: notice.k, flightIds: notice.a });
    } catch {
      this.#reloadLogged(null); // not understood: read everything
    }
  }

  #reloadLogged(only: { keys: string[]; flightIds: string[] } | null): void {
    this.#reload(only).catch((error: unknown) => {
      this.logger.error({ err: error }, 'reading passengers’ choices made on another hub failed');
    });
  }

  /** Makes the copy of `only` (everything when null) what the database holds. */
  async #reload(only: { keys: string[]; flightIds: string[] } | null): Promise<void> {
    const byKey = only ? 'WHERE key = ANY($1)' : '';
    const byFlight = only ? 'WHERE flight_id = ANY($1)' : '';
    const [preferences, subscriptions, archived] = await Promise.all([
      this.pool.query<{ key: string; preferences: unknown }>(
        `SELECT key, preferences FROM passenger_preferences ${byKey}`,
        only ? [only.keys] : [],
      ),
      this.pool.query<{ key: string; subscription: unknown; created_at: Date }>(
        `SELECT key, subscription, created_at FROM push_subscriptions ${byKey}
         ORDER BY created_at, endpoint`,
        only ? [only.keys] : [],
      ),
      this.pool.query<{ flight_id: string; archived_at: Date }>(
        `SELECT flight_id, archived_at FROM passenger_archived_flights ${byFlight}`,
        only ? [only.flightIds] : [],
      ),
    ]);
    const entries: unknown[] = [
      ...preferences.rows.map((row) => ({
        t: 'preferences',
        key: row.key,
        preferences: row.preferences,
      })),
      ...subscriptions.rows.map((row) => ({
        t: 'subscription',
        key: row.key,
        subscription: row.subscription,
        createdAt: row.created_at.toISOString(),
      })),
      ...archived.rows.map((row) => ({
        t: 'archived',
        flightId: row.flight_id,
        at: row.archived_at.toISOString(),
      })),
    ];
    const parsed = z.array(selfServiceEntrySchema).safeParse(entries);
    if (!parsed.success) {
      throw new Error(`passengers’ choices: ${describeZodError(parsed.error, 'rows')}`);
    }
    this.state.apply({
      t: 'forgotten',
      keys: only ? only.keys : this.keys(),
      flightIds: only ? only.flightIds : [...this.state.archived.keys()],
    });
    for (const entry of parsed.data) this.state.apply(entry);
  }
}

/** One entry's write (the hub's, and migrate-to-postgres's). */
export async function writeEntry(
  client: Pick<pg.PoolClient, 'query'>,
  entry: SelfServiceEntry,
): Promise<void> {
  switch (entry.t) {
    case 'preferences':
      await client.query(
        `INSERT INTO passenger_preferences (key, preferences) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET preferences = excluded.preferences`,
        [entry.key, JSON.stringify(entry.preferences)],
      );
      break;
    case 'subscription':
      await client.query(
        `INSERT INTO push_subscriptions (endpoint, key, subscription, created_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (endpoint) DO UPDATE SET key = excluded.key,
           subscription = excluded.subscription, created_at = excluded.created_at`,
        [
          entry.subscription.endpoint,
          entry.key,
          JSON.stringify(entry.subscription),
          entry.createdAt,
        ],
      );
      break;
    case 'subscription-removed':
      await client.query('DELETE FROM push_subscriptions WHERE endpoint = $1', [entry.endpoint]);
      break;
    case 'archived':
      await client.query(
        `INSERT INTO passenger_archived_flights (flight_id, archived_at) VALUES ($1, $2)
         ON CONFLICT (flight_id) DO UPDATE SET archived_at = excluded.archived_at`,
        [entry.flightId, entry.at],
      );
      break;
    case 'forgotten':
      await client.query('DELETE FROM passenger_preferences WHERE key = ANY($1)', [entry.keys]);
      await client.query('DELETE FROM push_subscriptions WHERE key = ANY($1)', [entry.keys]);
      await client.query('DELETE FROM passenger_archived_flights WHERE flight_id = ANY($1)', [
        entry.flightIds,
      ]);
      break;
  }
}
