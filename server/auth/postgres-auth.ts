import type { Logger } from 'pino';
import pg from 'pg';
import { openHubPool } from '../store/postgres/hub-pool';
import { migrate } from '../store/postgres/migrations';
import { userRecordSchema, type UserRecord } from '../store/file-schemas';
import type { LoginThrottleOptions } from './login-throttle';
import { PostgresLoginThrottle } from './postgres-login-throttle';
import { signingKeyId, type EndedSessions } from './session-ledger';
import { changedUsers, type UserDirectory, type UsersChangedListener } from './user-directory';

/** Told on every change of `users` (payload `users`) and every sign-out (`ended <jti> <ms>`). */
export const AUTH_CHANNEL = 'jetbridge_auth';
const RECONNECT_MS = { first: 250, max: 5_000 };

export interface PostgresAuthOptions {
  /** `postgres://…` (JETBRIDGE_DATABASE_URL). */
  url: string;
  /** The session signing key: a different one than the database knows ends earlier sessions. */
  secret: string;
  logger: Logger;
  now: () => Date;
  /** Users a database without any starts with (the seed of a new data folder). */
  seedUsers?: readonly UserRecord[] | null;
  throttle?: LoginThrottleOptions;
  /** How often the tables are read without a notification (default 5 s). */
  pollMs?: number;
}

/**
 * Users, ended sessions and the login throttle of several hubs, in PostgreSQL. The hub checks
 * sessions synchronously (every socket event), so it keeps a replica of `users` and
 * `ended_sessions`, kept current by LISTEN/NOTIFY and a poll. Sign-ins and checks of a token
 * on HTTP or a new socket first read the user's row and the token id (`refresh`): another hub's
 * sign-out, or a user disabled a moment ago from the CLI, is refused at once on every hub.
 */
export class PostgresAuth implements EndedSessions, UserDirectory {
  #users = new Map<string, UserRecord>();
  #ended = new Map<string, number>();
  #listeners = new Set<UsersChangedListener>();
  #validFrom = 0;
  #listenClient: pg.Client | null = null;
  #reconnectMs = RECONNECT_MS.first;
  #pollTimer: NodeJS.Timeout | null = null;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #closed = false;
  #loading: Promise<void> = Promise.resolve();
  readonly throttle: PostgresLoginThrottle;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresAuthOptions,
  ) {
    this.throttle = new PostgresLoginThrottle(pool, options.logger, options.throttle);
  }

  static async open(options: PostgresAuthOptions): Promise<PostgresAuth> {
    const pool = openHubPool(options.url, 'auth', options.logger, 4);
    const auth = new PostgresAuth(pool, options);
    try {
      await migrate(pool, options.logger);
      if (options.seedUsers?.length) await seedUsersIfEmpty(pool, options.seedUsers);
      auth.#validFrom = await claimSigningKey(pool, options);
      await auth.#listen();
      await auth.#load();
      return auth;
    } catch (error) {
      await auth.end();
      throw error;
    }
  }

  // ── UserDirectory ──

  get(username: string): UserRecord | undefined {
    return this.#users.get(username);
  }

  list(): UserRecord[] {
    return [...this.#users.values()];
  }

  onChange(listener: UsersChangedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  watch(): void {
    if (this.#pollTimer || this.#closed) return;
    this.#pollTimer = setInterval(() => void this.reload(), this.options.pollMs ?? 5_000);
    this.#pollTimer.unref();
  }

  /** Stops the poll (the connections close with `end`). */
  close(): void {
    if (this.#pollTimer) clearInterval(this.#pollTimer);
    this.#pollTimer = null;
  }

  // ── EndedSessions ──

  get validFrom(): number {
    return this.#validFrom;
  }

  has(jti: string): boolean {
    return this.#ended.has(jti);
  }

  /** The database is the one table every hub reads: its epoch is the epoch. */
  epochOf(user: Pick<UserRecord, 'username' | 'sessionEpoch'>): number {
    return user.sessionEpoch ?? 0;
  }

  async noteEpochs(): Promise<void> {
    // Nothing to keep: a restored database is restored whole (deploy.md, Backups and restore).
  }

  async revoke(jti: string, exp: number): Promise<void> {
    const expiresMs = exp * 1000;
    this.#ended.set(jti, expiresMs);
    await this.pool.query(
      `WITH ended AS (
         INSERT INTO ended_sessions (jti, expires_at) VALUES ($1, to_timestamp($2::float8 / 1000))
         ON CONFLICT (jti) DO NOTHING
       ), expired AS (
         DELETE FROM ended_sessions WHERE expires_at < now()
       )
       SELECT pg_notify($3, 'ended ' || $1 || ' ' || $2)`,
      [jti, expiresMs, AUTH_CHANNEL],
    );
  }

  async flush(): Promise<void> {
    // Every revoke resolved once committed.
  }

  // ── Freshness ──

  /**
   * Reads the user's row (and whether `jti` has ended) now, so a check on this hub sees what
   * another hub or the CLI committed a moment ago. With the database out of reach, the replica
   * answers (as reads of flights do) and the problem is logged.
   */
  async refresh(username: string, jti?: string): Promise<void> {
    let row: { record: unknown; ended_ms: number | null } | undefined;
    try {
      const { rows } = await this.pool.query<{ record: unknown; ended_ms: number | null }>(
        `SELECT (SELECT record FROM users WHERE username = $1) AS record,
                (SELECT (extract(epoch FROM expires_at) * 1000)::float8 FROM ended_sessions
                  WHERE jti = $2) AS ended_ms`,
        [username, jti ?? null],
      );
      row = rows[0];
    } catch (error) {
      this.options.logger.warn({ err: error }, 'users could not be read; using the hub’s copy');
      return;
    }
    if (jti && row?.ended_ms != null) this.#ended.set(jti, row.ended_ms);
    const record = row?.record == null ? undefined : this.#parse(username, row.record);
    if (record === null) return;
    const next = new Map(this.#users);
    if (record) next.set(username, record);
    else next.delete(username);
    this.#replaceUsers(next);
  }

  /** Reads both tables again (on a notification of users, a reconnect, and by the poll). */
  reload(): Promise<void> {
    this.#loading = this.#loading.then(() =>
      this.#load().catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'users could not be read; using the hub’s copy');
      }),
    );
    return this.#loading;
  }

  /** Closes its connections: the hub's last step. */
  async end(): Promise<void> {
    this.#closed = true;
    this.close();
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    await this.#listenClient?.end().catch(() => undefined);
    this.#listenClient = null;
    await this.#loading;
    await this.pool.end().catch(() => undefined);
  }

  async #load(): Promise<void> {
    const [users, ended, key] = await Promise.all([
      this.pool.query<{ username: string; record: unknown }>('SELECT username, record FROM users'),
      this.pool.query<{ jti: string; ended_ms: number }>(
        `SELECT jti, (extract(epoch FROM expires_at) * 1000)::float8 AS ended_ms
         FROM ended_sessions WHERE expires_at > now()`,
      ),
      this.pool.query<{ valid_from_ms: string }>('SELECT valid_from_ms FROM session_key'),
    ]);
    const next = new Map<string, UserRecord>();
    for (const row of users.rows) {
      const record = this.#parse(row.username, row.record);
      // A row that fails validation keeps the record the hub had (as a broken users.json does).
      const kept = record ?? this.#users.get(row.username);
      if (kept) next.set(row.username, kept);
    }
    this.#replaceUsers(next);
    this.#ended = new Map(ended.rows.map((row) => [row.jti, row.ended_ms]));
    const validFrom = Number(key.rows[0]?.valid_from_ms ?? 0);
    this.#validFrom = Math.max(this.#validFrom, validFrom);
  }

  #replaceUsers(next: Map<string, UserRecord>): void {
    const changed = changedUsers(this.#users, next);
    this.#users = next;
    if (changed.length === 0) return;
    for (const listener of this.#listeners) listener(changed);
  }

  /** A row's record as a UserRecord; null (logged) when it is not one. */
  #parse(username: string, record: unknown): UserRecord | null {
    const parsed = userRecordSchema.safeParse(record);
    if (parsed.success && parsed.data.username === username) return parsed.data;
    this.options.logger.error(
      { username },
      'a row of the users table is not a valid user; ignored',
    );
    return null;
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: 'jetbridge-hub-auth-listen',
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel !== AUTH_CHANNEL) return;
      const [kind, jti, ms] = (message.payload ?? '').split(' ');
      if (kind === 'ended' && jti && ms) this.#ended.set(jti, Number(ms));
      else void this.reload();
    });
    const lost = (error?: Error) => {
      if (this.#listenClient !== client || this.#closed) return;
      this.#listenClient = null;
      this.options.logger.warn({ err: error }, 'lost the auth LISTEN connection; reconnecting');
      client.end().catch(() => undefined);
      this.#reconnectTimer = setTimeout(() => {
        this.#listen().then(
          () => this.reload(),
          () => undefined,
        );
      }, this.#reconnectMs);
      this.#reconnectMs = Math.min(this.#reconnectMs * 2, RECONNECT_MS.max);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.#listenClient = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
      this.#reconnectMs = RECONNECT_MS.first;
    } catch (error) {
      lost(error as Error);
      throw error;
    }
  }
}

/** A database without users starts with the seed's (once; hubs seeding together agree). */
async function seedUsersIfEmpty(pool: pg.Pool, users: readonly UserRecord[]): Promise<void> {
  await pool.query(
    `INSERT INTO users (username, record)
     SELECT x->>'username', x FROM jsonb_array_elements($1::jsonb) x
     WHERE NOT EXISTS (SELECT 1 FROM users)
     ON CONFLICT (username) DO NOTHING`,
    [JSON.stringify(users)],
  );
}

/**
 * Records which signing key the database's sessions are issued with. The first hub, or a hub
 * with a new key, starts the validity now: sessions signed before then are refused (as a data
 * folder's ledger does when the key changes). Resolves with the instant sessions are valid from.
 */
async function claimSigningKey(pool: pg.Pool, options: PostgresAuthOptions): Promise<number> {
  const keyId = signingKeyId(options.secret);
  const nowMs = options.now().getTime();
  const { rows } = await pool.query<{ valid_from_ms: string; replaced: boolean }>(
    `WITH before AS (SELECT key_id FROM session_key)
     INSERT INTO session_key (key_id, valid_from_ms) VALUES ($1, $2)
     ON CONFLICT (singleton) DO UPDATE
       SET key_id = EXCLUDED.key_id, valid_from_ms = EXCLUDED.valid_from_ms
       WHERE session_key.key_id <> EXCLUDED.key_id
     RETURNING valid_from_ms, EXISTS (SELECT 1 FROM before) AS replaced`,
    [keyId, nowMs],
  );
  if (rows[0]?.replaced) {
    options.logger.warn(
      'the session signing key is not the one the database knows (rotated, or another hub has another JETBRIDGE_SECRET): every session signed in before now has ended',
    );
  }
  if (rows[0]) return Number(rows[0].valid_from_ms);
  const current = await pool.query<{ valid_from_ms: string }>(
    'SELECT valid_from_ms FROM session_key',
  );
  return Number(current.rows[0]?.valid_from_ms ?? nowMs);
}
