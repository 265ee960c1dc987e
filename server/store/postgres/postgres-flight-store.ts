import type { Logger } from 'pino';
import pg from 'pg';
import type { Change, Flight, SnapshotResult, SyncSinceResult } from '../../../core';
import { HubError } from '../../hub-error';
import { RecentChanges } from '../../recent-changes';
import type { ChangeLogEntry } from '../file-schemas';
import {
  StaleRead,
  advanceRecord,
  changeFromEntry,
  type ChangeOutcome,
  type ChangeRequest,
  type FlightRecord,
  type FlightStore,
  type StoreHealth,
  type StoredChange,
} from '../flight-store';
import { NOT_STORED_MESSAGE } from '../single-writer-store';
import { ChangeFollower } from './change-follower';
import {
  CHANGE_COLUMNS,
  entryFromRow,
  lockAndReadSql,
  numericTypes,
  recordFromRow,
  rowsFromRecords,
  writeAndCommitSql,
  type ChangeRow,
  type FlightRow,
} from './change-rows';
import { migrate } from './migrations';
import { inTransaction } from './transaction';

export interface PostgresFlightStoreOptions {
  /** `postgres://…` (JETBRIDGE_DATABASE_URL). */
  url: string;
  logger: Logger;
  /** Changes kept in memory for `sync:since` and opId retries (default 10,000). */
  recentChanges?: number;
  /** Flights a database without any starts with (the seed of a new data folder). */
  seed?: readonly FlightRecord[] | null;
  /** How often the follower reads the table without a notification (default 1 s). */
  pollMs?: number;
  /** Connections for commits and reads (default 10). */
  poolSize?: number;
}

/** Requests committed in one transaction at most. */
const MAX_BATCH = 500;
/** A transaction that lost a serialization or deadlock check is run again this often. */
const MAX_ATTEMPTS = 5;
const RETRYABLE_CODES = new Set(['40001', '40P01']);

interface Queued {
  request: ChangeRequest;
  resolve: (outcome: ChangeOutcome) => void;
}

/**
 * The flight store of several hubs: state in PostgreSQL, shared by every hub.
 *
 * `apply` queues requests; one transaction at a time takes what is queued as a batch: it locks
 * the counter row (so transactions of all hubs commit one after the other, in seq order), looks
 * up the opIds already used, locks the flights' rows, runs each request's `decide` against them,
 * writes the changes, the rows and the counter in one statement, and commits
 * (`synchronous_commit` on) before the outcomes resolve. Reads come from this hub's replica,
 * which the ChangeFollower keeps in step with every hub's commits, and which is also what the
 * listeners hear: acknowledgements before broadcasts, every change once, in seq order.
 */
export class PostgresFlightStore implements FlightStore {
  #queue: Queued[] = [];
  #running = false;
  #inFlight: Promise<void> = Promise.resolve();
  #pendingByOp = new Map<string, Promise<ChangeOutcome>>();
  #commitProblem: string | null = null;
  #closing = false;
  #follower!: ChangeFollower;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly recent: RecentChanges,
    private readonly logger: Logger,
  ) {}

  static async open(options: PostgresFlightStoreOptions): Promise<PostgresFlightStore> {
    const clientConfig: pg.ClientConfig = {
      connectionString: options.url,
      application_name: 'jetbridge-hub',
      types: numericTypes,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      // An acknowledged change is on the database's disk, whatever the server's default.
      options: '-c synchronous_commit=on',
    };
    const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 10 });
    pool.on('error', (error) => {
      // An idle connection was lost; the pool opens a new one when asked.
      options.logger.warn({ err: error }, 'an idle database connection was lost');
    });
    try {
      await migrate(pool, options.logger);
      if (options.seed?.length) await seedIfEmpty(pool, options.seed, options.logger);
      const recent = new RecentChanges(options.recentChanges ?? 10_000);
      const store = new PostgresFlightStore(pool, recent, options.logger);
      store.#follower = await ChangeFollower.start({
        pool,
        clientConfig,
        logger: options.logger,
        recent,
        pollMs: options.pollMs ?? 1_000,
        commitsSettled: () => store.#inFlight,
      });
      return store;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  get seq(): number {
    return this.#follower.seq;
  }

  flight(flightId: string): Flight | undefined {
    return this.#follower.flight(flightId);
  }

  record(flightId: string): FlightRecord | undefined {
    return this.#follower.record(flightId);
  }

  *flights(): IterableIterator<Flight> {
    for (const record of this.#follower.records()) yield record.flight;
  }

  snapshot(): SnapshotResult {
    return { seq: this.seq, flights: [...this.flights()] };
  }

  async changesSince(seq: number): Promise<SyncSinceResult> {
    // A client coming from another hub may have seen changes this replica has yet to read.
    if (seq > this.seq) await this.#follower.catchUp().catch(() => undefined);
    const head = this.seq;
    const recent = this.recent.since(seq, head);
    if (recent) return { seq: head, changes: recent };
    if (seq >= 0 && seq < head && head - seq <= this.recent.capacity) {
      return { seq: head, changes: await this.#readChanges(seq, head) };
    }
    const snapshot = this.snapshot();
    return { seq: snapshot.seq, reset: true, flights: snapshot.flights };
  }

  async changesAfter(seq: number): Promise<Change[]> {
    const head = this.seq;
    return this.recent.since(seq, head) ?? (await this.#readChanges(seq, head));
  }

  async findOp(opId: string): Promise<Change | undefined> {
    const pending = this.#pendingByOp.get(opId);
    if (pending) {
      const outcome = await pending;
      return outcome.kind === 'committed' || outcome.kind === 'repeat' ? outcome.change : undefined;
    }
    const recent = this.recent.byOpId(opId);
    if (recent) return recent;
    const { rows } = await this.pool.query<ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM flight_changes WHERE op_id = $1`,
      [opId],
    );
    return rows[0] ? changeFromEntry(entryFromRow(rows[0])) : undefined;
  }

  apply(requests: readonly ChangeRequest[]): Promise<ChangeOutcome[]> {
    if (this.#closing) {
      return Promise.resolve(requests.map(() => refused('the hub is stopping')));
    }
    const outcomes = requests.map((request) => {
      const outcome = new Promise<ChangeOutcome>((resolve) =>
        this.#queue.push({ request, resolve }),
      );
      if (!this.#pendingByOp.has(request.opId)) {
        this.#pendingByOp.set(request.opId, outcome);
        void outcome.then(() => {
          if (this.#pendingByOp.get(request.opId) === outcome) {
            this.#pendingByOp.delete(request.opId);
          }
        });
      }
      return outcome;
    });
    if (!this.#running) {
      this.#running = true;
      // Requests arriving in the same turn share the first transaction.
      queueMicrotask(() => void this.#commitQueued());
    }
    return Promise.all(outcomes);
  }

  async history(
    flightId: string,
    { limit, before }: { limit: number; before?: number },
  ): Promise<{ entries: StoredChange[]; total: number }> {
    const [page, count] = await Promise.all([
      this.pool.query<ChangeRow>(
        `SELECT ${CHANGE_COLUMNS} FROM flight_changes
         WHERE flight_id = $1 AND ($2::bigint IS NULL OR seq < $2)
         ORDER BY seq DESC LIMIT $3`,
        [flightId, before ?? null, limit],
      ),
      this.pool.query<{ total: number }>(
        'SELECT count(*)::integer AS total FROM flight_changes WHERE flight_id = $1',
        [flightId],
      ),
    ]);
    return { entries: page.rows.map(entryFromRow), total: count.rows[0]?.total ?? 0 };
  }

  subscribe(listener: (changes: readonly Change[]) => void): () => void {
    return this.#follower.subscribe(listener);
  }

  health(): StoreHealth {
    const problem = this.#commitProblem ?? this.#follower.problem;
    return problem ? { ok: false, problem } : { ok: true };
  }

  async drain(): Promise<void> {
    while (this.#running || this.#queue.length > 0) await this.#inFlight;
    await this.#follower.drain();
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.drain();
    await this.#follower.close();
    await this.pool.end();
  }

  async #commitQueued(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      this.#inFlight = this.#commit(batch);
      await this.#inFlight;
    }
    this.#running = false;
  }

  /**
   * Commits one batch, has this hub's replica apply it (read-your-writes: a snapshot asked for
   * after the acknowledgement shows the change), and only then resolves its outcomes. The
   * replica tells its listeners (the broadcast) in a later turn, so the acks still go first.
   */
  async #commit(batch: Queued[]): Promise<void> {
    const requests = batch.map((queued) => queued.request);
    for (let attempt = 1; ; attempt += 1) {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        const { outcomes, entries } = await this.#decideAndWrite(client, requests);
        client.release();
        this.#commitProblem = null;
        if (entries.length > 0) {
          await this.#follower.applyOwn(entries).catch((error: unknown) => {
            // Committed all the same: the follower catches up on its next wake or poll.
            this.logger.warn({ err: error }, 'the replica could not apply a commit at once');
          });
        }
        batch.forEach((queued, index) => queued.resolve(outcomes[index]!));
        return;
      } catch (error) {
        const connectionLost = isConnectionError(error);
        if (client) {
          if (!connectionLost) await client.query('ROLLBACK').catch(() => undefined);
          client.release(connectionLost ? (error as Error) : undefined);
        }
        if (RETRYABLE_CODES.has(sqlState(error) ?? '') && attempt < MAX_ATTEMPTS) continue;
        this.logger.error(
          { err: error, changes: requests.length },
          'changes could not be stored and were refused (INTERNAL)',
        );
        if (connectionLost) {
          this.#commitProblem = `the database cannot be reached: ${(error as Error).message}`;
        }
        for (const queued of batch) queued.resolve(refused());
        return;
      }
    }
  }

  async #decideAndWrite(
    client: pg.PoolClient,
    requests: readonly ChangeRequest[],
  ): Promise<{ outcomes: ChangeOutcome[]; entries: ChangeLogEntry[] }> {
    const opIds = [...new Set(requests.map((request) => request.opId))];
    const flightIds = [...new Set(requests.map((request) => request.flightId))];
    const results = (await client.query(
      lockAndReadSql(flightIds, opIds),
    )) as unknown as pg.QueryResult[];
    const counter = results[1]!.rows as { seq: number }[];
    const locked = results[2]!.rows as FlightRow[];
    const seen = results[3]!.rows as ChangeRow[];
    let seq = counter[0]!.seq;
    const byOp = new Map(seen.map((row) => [row.op_id, entryFromRow(row)]));
    const records = new Map(locked.map((row) => [row.id, recordFromRow(row)]));
    const outcomes: ChangeOutcome[] = [];
    const entries: ChangeLogEntry[] = [];
    /** Per flight written: its row after the batch (null: archived), and the seq that wrote it. */
    const written = new Map<string, { record: FlightRecord | null; seq: number }>();

    for (const request of requests) {
      const known = byOp.get(request.opId);
      if (known) {
        outcomes.push({ kind: 'repeat', change: changeFromEntry(known) });
        continue;
      }
      const record = records.get(request.flightId);
      let decision;
      try {
        decision = request.decide(record);
      } catch (error) {
        outcomes.push(this.#refusal(error, request));
        continue;
      }
      if (decision.kind === 'unchanged') {
        outcomes.push(decision);
        continue;
      }
      if (decision.kind === 'conflict') {
        // The flight as committed (earlier changes of this batch included, durable with it).
        outcomes.push({ kind: 'conflict', fields: decision.fields, current: record?.flight });
        continue;
      }
      seq += 1;
      const entry: ChangeLogEntry = {
        seq,
        flightId: request.flightId,
        opId: request.opId,
        by: request.by,
        workstation: request.workstation,
        at: new Date(request.at).toISOString(),
        version: decision.flight.version,
        fields: decision.fields,
        flight: decision.flight,
        ...(decision.changeKind && decision.changeKind !== 'update'
          ? { kind: decision.changeKind }
          : {}),
        ...(decision.undoOf ? { undoOf: decision.undoOf } : {}),
      };
      entries.push(entry);
      byOp.set(entry.opId, entry);
      const next = entry.kind === 'archived' ? null : advanceRecord(record, entry);
      if (next) records.set(entry.flightId, next);
      else records.delete(entry.flightId);
      written.set(entry.flightId, { record: next, seq });
      outcomes.push({ kind: 'committed', change: changeFromEntry(entry) });
    }

    if (entries.length === 0) {
      await client.query('ROLLBACK');
      return { outcomes, entries };
    }
    const rows = [...written.values()].flatMap(({ record, seq: rowSeq }) =>
      record ? [{ record, seq: rowSeq }] : [],
    );
    const archived = [...written].flatMap(([id, { record }]) => (record ? [] : [id]));
    await client.query(writeAndCommitSql({ entries, rows, archived, seq }));
    return { outcomes, entries };
  }

  #refusal(error: unknown, request: ChangeRequest): ChangeOutcome {
    if (error instanceof StaleRead) return { kind: 'stale' };
    if (error instanceof HubError) return { kind: 'refused', error };
    this.logger.error(
      { err: error, opId: request.opId, flightId: request.flightId },
      'checking a change failed',
    );
    return { kind: 'refused', error: new HubError('INTERNAL', 'the change could not be checked') };
  }

  async #readChanges(after: number, upTo: number): Promise<Change[]> {
    const { rows } = await this.pool.query<ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM flight_changes WHERE seq > $1 AND seq <= $2 ORDER BY seq`,
      [after, upTo],
    );
    return rows.map((row) => changeFromEntry(entryFromRow(row)));
  }
}

/** A database without flights and changes starts with the seed (once, whoever comes first). */
async function seedIfEmpty(
  pool: pg.Pool,
  seed: readonly FlightRecord[],
  logger: Logger,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    // Lock first, then look: a statement that waited for the lock still sees the database as
    // it was before the wait, so the check must be a statement of its own.
    const { rows: counter } = await client.query<{ seq: number }>(
      'SELECT seq FROM flight_seq FOR UPDATE',
    );
    const { rows: existing } = await client.query<{ any: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM flights) AS any',
    );
    if (counter[0]?.seq === 0 && !existing[0]?.any) {
      await client.query(
        `INSERT INTO flights (id, flight, field_versions, version, seq)
         SELECT id, flight, field_versions, version, seq FROM jsonb_to_recordset($1::jsonb)
           AS x(id text, flight jsonb, field_versions jsonb, version integer, seq bigint)`,
        [rowsFromRecords(seed.map((record) => ({ record, seq: 0 })))],
      );
      logger.info({ flights: seed.length }, 'seeded the database with the data folder’s flights');
    }
  });
}

function refused(message = NOT_STORED_MESSAGE): ChangeOutcome {
  return { kind: 'refused', error: new HubError('INTERNAL', message) };
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * The database is gone (not a refusal of this change): the socket closed, the server shut down
 * (class 57P), or the connection failed (class 08). The hub then reports itself not ready.
 */
export function isConnectionError(error: unknown): boolean {
  const code = sqlState(error);
  if (code) return code.startsWith('08') || code.startsWith('57P');
  if (!(error instanceof Error)) return false;
  const systemCode = (error as { code?: unknown }).code;
  return (
    (typeof systemCode === 'string' && systemCode.startsWith('E')) ||
    /connect|terminated|timeout|closed|not queryable/i.test(error.message)
  );
}
