import type { Logger } from 'pino';
import pg from 'pg';
import type { z } from 'zod';
import { describeZodError } from '../../../core';
import { inTransaction } from './transaction';

/** Announces a change of a document (its name is the payload) to every hub. */
export const DOCUMENTS_CHANNEL = 'jetbridge_documents';
const RECONNECT_MS = { first: 250, max: 5_000 };
/** A missed notification (a lost LISTEN connection) is made up for by this poll. */
const POLL_MS = 5_000;

type Queryable = Pick<pg.Pool, 'query'>;

export class HubDocumentError extends Error {
  override name = 'HubDocumentError';
}

/** The document `name` (table hub_documents, migration 006), checked by `schema`; null if none. */
export async function readHubDocument<T>(
  db: Queryable,
  name: string,
  schema: z.ZodType<T>,
): Promise<T | null> {
  const { rows } = await db.query<{ body: unknown }>(
    'SELECT body FROM hub_documents WHERE name = $1',
    [name],
  );
  if (rows.length === 0) return null;
  return parseDocument(name, schema, rows[0]!.body);
}

/** Stores `body` as the document `name` unless it exists already (hubs seeding together agree). */
export async function seedHubDocument(db: Queryable, name: string, body: unknown): Promise<void> {
  await db.query(
    'INSERT INTO hub_documents (name, body) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING',
    [name, JSON.stringify(body)],
  );
}

/**
 * Changes the document `name` in one transaction, its row locked (one editor at a time, on any
 * hub or command): `edit` gets the current body (`initial` if there is none) and returns the
 * new one, checked by `schema` before it is written. Every hub hears of it on commit.
 */
export async function editHubDocument<T>(
  pool: pg.Pool,
  name: string,
  schema: z.ZodType<T>,
  edit: (current: T) => T | Promise<T>,
  initial: T,
): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query(
      'INSERT INTO hub_documents (name, body) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING',
      [name, JSON.stringify(initial)],
    );
    const { rows } = await client.query<{ body: unknown }>(
      'SELECT body FROM hub_documents WHERE name = $1 FOR UPDATE',
      [name],
    );
    const next = parseDocument(
      name,
      schema,
      await edit(parseDocument(name, schema, rows[0]!.body)),
    );
    await client.query(
      'UPDATE hub_documents SET body = $2::jsonb, updated_at = clock_timestamp() WHERE name = $1',
      [name, JSON.stringify(next)],
    );
    await client.query('SELECT pg_notify($1, $2)', [DOCUMENTS_CHANNEL, name]);
    return next;
  });
}

function parseDocument<T>(name: string, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HubDocumentError(describeZodError(parsed.error, `the database's ${name}`));
  }
  return parsed.data;
}

/**
 * One document as this hub knows it, kept current from the database: reread when a hub or a
 * command announces a change (LISTEN), when the LISTEN connection is back after a loss, and by
 * a poll. Like WatchedJsonFile: a document that fails its schema is logged and ignored.
 */
export class WatchedHubDocument<T> {
  #value: T;
  #listeners = new Set<(value: T) => void>();
  #reloading: Promise<void> = Promise.resolve();
  #listenClient: pg.Client | null = null;
  #reconnectMs = RECONNECT_MS.first;
  #timers = new Set<NodeJS.Timeout>();
  #closed = false;
  #failing = false;

  private constructor(
    private readonly options: {
      pool: pg.Pool;
      url: string;
      name: string;
      schema: z.ZodType<T>;
      empty: T;
      logger: Logger;
    },
    value: T,
  ) {
    this.#value = value;
  }

  /** Reads the document (`empty` when there is none; a broken one stops the hub, naming it). */
  static async open<T>(options: {
    pool: pg.Pool;
    url: string;
    name: string;
    schema: z.ZodType<T>;
    empty: T;
    logger: Logger;
  }): Promise<WatchedHubDocument<T>> {
    const value =
      (await readHubDocument(options.pool, options.name, options.schema)) ?? options.empty;
    return new WatchedHubDocument(options, value);
  }

  get value(): T {
    return this.#value;
  }

  onChange(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the document again; resolves once the listeners have heard of a change. */
  reload(): Promise<void> {
    this.#reloading = this.#reloading.then(() => this.#reloadNow());
    return this.#reloading;
  }

  /** Follows changes from now on (LISTEN, and the poll). */
  watch(): void {
    if (this.#listenClient || this.#closed) return;
    // Read again once listening: a change made before LISTEN took hold is not missed.
    this.#listen().then(
      () => this.reload(),
      () => undefined,
    );
    const poll = setInterval(() => void this.reload(), POLL_MS);
    poll.unref();
    this.#timers.add(poll);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const client = this.#listenClient;
    this.#listenClient = null;
    void client?.end().catch(() => undefined);
  }

  async #reloadNow(): Promise<void> {
    if (this.#closed) return;
    const { pool, name, schema, empty, logger } = this.options;
    let next: T;
    try {
      next = (await readHubDocument(pool, name, schema)) ?? empty;
    } catch (error) {
      // Once per failure, not at every poll while the database is away.
      if (!this.#failing) {
        logger.error(
          { err: error, document: name },
          'cannot read the shared document; keeping what was loaded',
        );
      }
      this.#failing = true;
      return;
    }
    if (this.#failing) logger.warn({ document: name }, 'the shared document can be read again');
    this.#failing = false;
    if (JSON.stringify(next) === JSON.stringify(this.#value)) return;
    this.#value = next;
    logger.info({ document: name }, 'shared document changed; reloaded');
    for (const listener of this.#listeners) listener(next);
  }

  async #listen(): Promise<void> {
    const { url, name, logger } = this.options;
    const client = new pg.Client({
      connectionString: url,
      application_name: `jetbridge-hub-${name}-listen`,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel === DOCUMENTS_CHANNEL && message.payload === name) void this.reload();
    });
    const lost = (error?: Error) => {
      if (this.#listenClient !== client || this.#closed) return;
      this.#listenClient = null;
      logger.warn({ err: error, document: name }, 'lost the LISTEN connection; reconnecting');
      client.end().catch(() => undefined);
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#listen().then(
          () => this.reload(),
          () => undefined,
        );
      }, this.#reconnectMs);
      this.#timers.add(timer);
      this.#reconnectMs = Math.min(this.#reconnectMs * 2, RECONNECT_MS.max);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.#listenClient = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${DOCUMENTS_CHANNEL}`);
      this.#reconnectMs = RECONNECT_MS.first;
    } catch (error) {
      lost(error as Error);
      throw error;
    }
  }
}
