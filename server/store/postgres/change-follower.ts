import type { Logger } from 'pino';
import pg from 'pg';
import type { Change, Flight } from '../../../core';
import type { RecentChanges } from '../../recent-changes';
import type { ChangeLogEntry } from '../file-schemas';
import { advanceRecord, changeFromEntry, type FlightRecord } from '../flight-store';
import {
  CHANGES_CHANNEL,
  CHANGE_COLUMNS,
  entryFromRow,
  recordFromRow,
  type ChangeRow,
  type FlightRow,
} from './change-rows';

/** Changes read per query while catching up. */
const READ_PAGE = 1000;
/** How long to wait before reading again when a seq is missing from what was read. */
const HOLE_RETRY_MS = 50;
const RECONNECT_MS = { first: 250, max: 5_000 };

export interface ChangeFollowerOptions {
  pool: pg.Pool;
  /** For the LISTEN connection (held outside the pool). */
  clientConfig: pg.ClientConfig;
  logger: Logger;
  /** Filled with every change followed: `sync:since` and opId retries. */
  recent: RecentChanges;
  /** Reads the table even without a notification this often (a lost NOTIFY loses nothing). */
  pollMs: number;
  /** Settles once the batch this hub is committing, if any, has its outcomes (ack first). */
  commitsSettled: () => Promise<void>;
}

/**
 * This hub's replica of the live table, following the committed changes of every hub in seq
 * order: woken by LISTEN/NOTIFY (and a poll, since notifications can be lost), it reads
 * `flight_changes` after the last seq it applied, never skipping one, and tells its listeners
 * batch by batch. Every hub emits the same changes in the same order to its own clients.
 */
export class ChangeFollower {
  #records = new Map<string, FlightRecord>();
  #seq = 0;
  #listeners = new Set<(changes: readonly Change[]) => void>();
  /** Catch-ups and offers run one at a time, in order. */
  #work: Promise<void> = Promise.resolve();
  #wakeQueued = false;
  #notifications: Promise<void> = Promise.resolve();
  #listenClient: pg.Client | null = null;
  #listenProblem: string | null = null;
  #readProblem: string | null = null;
  #reconnectMs = RECONNECT_MS.first;
  #pollTimer: NodeJS.Timeout | null = null;
  #holeTimer: NodeJS.Timeout | null = null;
  #closed = false;

  private constructor(private readonly options: ChangeFollowerOptions) {}

  static async start(options: ChangeFollowerOptions): Promise<ChangeFollower> {
    const follower = new ChangeFollower(options);
    // Listen first: nothing committed after the load goes unnoticed.
    await follower.#listen();
    try {
      await follower.#load();
    } catch (error) {
      await follower.close();
      throw error;
    }
    follower.#pollTimer = setInterval(() => follower.wake(), options.pollMs);
    follower.#pollTimer.unref();
    follower.wake();
    return follower;
  }

  get seq(): number {
    return this.#seq;
  }

  record(flightId: string): FlightRecord | undefined {
    return this.#records.get(flightId);
  }

  records(): IterableIterator<FlightRecord> {
    return this.#records.values();
  }

  /** Why the follower may be behind (no database connection), or null. */
  get problem(): string | null {
    return this.#listenProblem ?? this.#readProblem;
  }

  subscribe(listener: (changes: readonly Change[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads what was committed since the last seq applied (coalesced: one read queued at most). */
  wake(): void {
    if (this.#wakeQueued || this.#closed) return;
    this.#wakeQueued = true;
    void this.#enqueue(async () => {
      this.#wakeQueued = false;
      await this.#catchUp();
    });
  }

  /** Resolves once every change committed before the call is applied here. */
  catchUp(): Promise<void> {
    return this.#enqueue(() => this.#catchUp());
  }

  /**
   * Changes this hub just committed: applied at once when they follow the last seq applied
   * (no read needed), otherwise read from the table with whatever other hubs committed before.
   */
  offer(entries: readonly ChangeLogEntry[]): Promise<void> {
    return this.#enqueue(async () => {
      const fresh = entries.filter((entry) => entry.seq > this.#seq);
      if (fresh.length === 0) return;
      if (fresh[0]!.seq === this.#seq + 1) this.#advanceContiguous(fresh);
      else await this.#catchUp();
    });
  }

  /**
   * This hub's own commit, applied before it is acknowledged (read-your-writes: a snapshot asked
   * for after the ack shows it): at once when it follows the last seq applied, else after reading
   * the seqs other hubs committed just before it. Runs beside the queue: every step applies only
   * what follows the seq it finds, so nothing is applied twice. Listeners still hear of it in a
   * later turn, after the acknowledgements.
   */
  async applyOwn(entries: readonly ChangeLogEntry[]): Promise<void> {
    const first = entries[0]?.seq;
    if (first === undefined) return;
    if (first > this.#seq + 1) {
      const { rows } = await this.options.pool.query<ChangeRow>(
        `SELECT ${CHANGE_COLUMNS} FROM flight_changes WHERE seq > $1 AND seq < $2 ORDER BY seq`,
        [this.#seq, first],
      );
      this.#advanceContiguous(rows.map(entryFromRow));
    }
    this.#advanceContiguous(entries);
  }

  /** Waits until everything queued is applied and its listeners were told. */
  async drain(): Promise<void> {
    for (;;) {
      const work = this.#work;
      const notifications = this.#notifications;
      await work;
      await notifications;
      if (work === this.#work && notifications === this.#notifications) return;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#pollTimer) clearInterval(this.#pollTimer);
    if (this.#holeTimer) clearTimeout(this.#holeTimer);
    await this.drain();
    const client = this.#listenClient;
    this.#listenClient = null;
    await client?.end().catch(() => undefined);
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.#work.then(step);
    // A failed step is logged where it failed; the next one still runs.
    this.#work = run.catch(() => undefined);
    return run;
  }

  async #load(): Promise<void> {
    const client = await this.options.pool.connect();
    try {
      // One snapshot: the table, the counter and the window all as of the same instant.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows: counter } = await client.query<{ seq: number }>('SELECT seq FROM flight_seq');
      const seq = counter[0]?.seq ?? 0;
      const { rows: flights } = await client.query<FlightRow>(
        'SELECT id, flight, field_versions, field_sources FROM flights ORDER BY id',
      );
      const { rows: window } = await client.query<ChangeRow>(
        `SELECT ${CHANGE_COLUMNS} FROM flight_changes WHERE seq > $1 ORDER BY seq`,
        [Math.max(0, seq - this.options.recent.capacity)],
      );
      await client.query('COMMIT');
      for (const row of flights) this.#records.set(row.id, recordFromRow(row));
      for (const row of window) this.options.recent.add(changeFromEntry(entryFromRow(row)));
      this.#seq = seq;
    } finally {
      client.release();
    }
  }

  async #catchUp(): Promise<void> {
    try {
      for (;;) {
        const { rows } = await this.options.pool.query<ChangeRow>(
          `SELECT ${CHANGE_COLUMNS} FROM flight_changes WHERE seq > $1 ORDER BY seq LIMIT ${READ_PAGE}`,
          [this.#seq],
        );
        this.#readProblem = null;
        // This hub's own commits may have been applied while the query ran (applyOwn).
        const entries = rows.map(entryFromRow).filter((entry) => entry.seq > this.#seq);
        const contiguous = entries.filter((entry, index) => entry.seq === this.#seq + 1 + index);
        if (contiguous.length > 0) {
          await this.options.commitsSettled();
          // This hub's own commits may have been applied meanwhile (applyOwn).
          this.#advanceContiguous(contiguous);
        }
        if (contiguous.length < entries.length) {
          // Not expected with the counter row (commits are serial), but never skip a seq.
          this.options.logger.warn(
            { after: this.#seq, next: entries[contiguous.length]!.seq },
            'a seq is missing from the change table; reading again',
          );
          this.#holeTimer ??= setTimeout(() => {
            this.#holeTimer = null;
            this.wake();
          }, HOLE_RETRY_MS);
          return;
        }
        if (rows.length < READ_PAGE) return;
      }
    } catch (error) {
      const problem = `reading committed changes failed: ${(error as Error).message}`;
      if (this.#readProblem !== problem) this.options.logger.error({ err: error }, problem);
      this.#readProblem = problem;
      throw error;
    }
  }

  /** Applies the entries after the last seq applied, if they follow it without a gap. */
  #advanceContiguous(entries: readonly ChangeLogEntry[]): void {
    const fresh = entries.filter((entry) => entry.seq > this.#seq);
    if (fresh.length > 0 && fresh[0]!.seq === this.#seq + 1) this.#advance(fresh);
  }

  #advance(entries: readonly ChangeLogEntry[]): void {
    const changes: Change[] = [];
    for (const entry of entries) {
      if (entry.kind === 'archived') this.#records.delete(entry.flightId);
      else
        this.#records.set(entry.flightId, advanceRecord(this.#records.get(entry.flightId), entry));
      this.#seq = entry.seq;
      const change = changeFromEntry(entry);
      this.options.recent.add(change);
      changes.push(change);
    }
    const listeners = [...this.#listeners];
    // Listeners in a later turn: the acknowledgements resolved just before go out first.
    this.#notifications = this.#notifications.then(
      () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            for (const listener of listeners) {
              try {
                listener(changes);
              } catch {
                // A listener's failure is its own (each logs); the others still hear of it.
              }
            }
            resolve();
          }),
        ),
    );
  }

  async #listen(): Promise<void> {
    const client = new pg.Client(this.options.clientConfig);
    const lost = (error?: Error) => {
      if (this.#listenClient !== client) return;
      this.#listenClient = null;
      client.end().catch(() => undefined);
      if (this.#closed) return;
      this.#listenProblem = `lost the database connection: ${error?.message ?? 'closed'}`;
      this.options.logger.error({ err: error }, 'database notifications lost; reconnecting');
      this.#scheduleReconnect();
    };
    client.on('notification', () => this.wake());
    client.on('error', lost);
    client.on('end', () => lost());
    this.#listenClient = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      this.#listenClient = null;
      client.end().catch(() => undefined);
      throw error;
    }
    this.#listenProblem = null;
    this.#reconnectMs = RECONNECT_MS.first;
  }

  #scheduleReconnect(): void {
    const timer = setTimeout(() => {
      if (this.#closed) return;
      this.#listen().then(
        () => {
          this.options.logger.warn('database notifications resumed');
          // Whatever was committed while nobody listened.
          this.wake();
        },
        () => this.#scheduleReconnect(),
      );
    }, this.#reconnectMs);
    timer.unref();
    this.#reconnectMs = Math.min(this.#reconnectMs * 2, RECONNECT_MS.max);
  }

  flight(flightId: string): Flight | undefined {
    return this.#records.get(flightId)?.flight;
  }
}
