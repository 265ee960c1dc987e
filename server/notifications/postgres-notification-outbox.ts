import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { NotificationChannelName } from '../../core';
import { JournalPausedError } from './file-notification-outbox';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import type { NotificationRecord } from './notification-record';
import type { UpdateOptions } from './notification-outbox';
import type { PassengerToldState, PendingFlightNotice } from './notification-rules';
import type { OutboxChange } from './outbox-state';
import { NotifyListener } from '../store/postgres/notify-listener';
import {
  IDS_PER_NOTIFY,
  type FlightOutboxRows,
  OUTBOX_CHANNEL,
  claimRecords,
  insertRecords,
  outboxNoticeSchema,
  readFlights,
  readOptOuts,
  readRecords,
  readWatermark,
  raiseWatermark,
  upsertTold,
  updateRecord,
} from './postgres-outbox-rows';
import { openHubPool } from '../store/postgres/hub-pool';
import { inTransaction } from '../store/postgres/transaction';

export interface PostgresNotificationOutboxOptions {
  url: string;
  logger: Logger;
  /** This hub in `claimed_by`; default host, pid and a random part (new at every start). */
  hubId?: string;
  /**
   * How long a claim is this hub's: longer than any send takes (the providers' timeouts are
   * 10–30 s). A hub that dies holding claims delays those messages by up to this. Default 2 min.
   */
  leaseMs?: number;
  /** How often the dispatcher looks for records other hubs queued or left (default 5 s). */
  pollMs?: number;
  /** After a failed write, how often the database is tried again (default 1 s). */
  probeMs?: number;
}

/** A send's result refused: another hub took the record over (this hub's lease expired). */
export class StaleClaimError extends Error {
  override name = 'StaleClaimError';
}

/** What one queued change does in the database. */
type Job =
  | { kind: 'insert'; records: NotificationRecord[]; seq: number }
  | { kind: 'update'; record: NotificationRecord; ownClaim: boolean }
  | { kind: 'window'; pending: PendingFlightNotice; seq: number }
  | { kind: 'watermark'; seq: number }
  | {
      kind: 'close';
      flightId: string;
      seq: number;
      records: NotificationRecord[];
      told: PassengerToldState[];
    }
  | { kind: 'told'; flightId: string; told: PassengerToldState[] }
  | { kind: 'opt-out'; phone: string; reason: string; at: string }
  | { kind: 'prune'; flightIds: string[] };

interface Queued {
  change: OutboxChange;
  job: Job;
  resolve(): void;
  reject(error: unknown): void;
}

/** What to read again from the database (other hubs wrote it, or this hub's write was refused). */
interface Refresh {
  all: boolean;
  records: Set<string>;
  flights: Set<string>;
  optOuts: boolean;
}
const emptyRefresh = (): Refresh => ({
  all: false,
  records: new Set(),
  flights: new Set(),
  optOuts: false,
});

/**
 * The outbox of several hubs, in PostgreSQL (migration 005): every hub keeps a copy in memory
 * (reads stay synchronous) and writes each OutboxChange to the database, in order, grouped in
 * one transaction per batch; other hubs hear of it by NOTIFY and read what changed.
 *
 * Each message is created once and sent once: closing a window clears the shared window row
 * only if nobody closed it before (the loser's copy is read again), the records' unique key
 * (flight, window change, channel, passenger, recipient) makes twins meet in ON CONFLICT, a send
 * is claimed (`claimDue`: FOR UPDATE SKIP LOCKED, a lease) and its result stored only while this
 * hub still holds the claim. A hub that dies holding claims: when the lease expires another hub
 * claims the record, marked unconfirmed (asked of the provider first where it can be).
 */
export class PostgresNotificationOutbox extends MemoryNotificationOutbox {
  readonly hubId: string;
  readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly probeMs: number;
  readonly #queue: Queued[] = [];
  #refresh = emptyRefresh();
  #refreshScheduled = false;
  #draining: Promise<void> | null = null;
  /** Per flight, the change that last opened or slid its window (the shared row's seq). */
  readonly #windowSeqs = new Map<string, number>();
  #recovery: Promise<void> | null = null;
  readonly #resumeListeners: (() => void)[] = [];
  #listener: NotifyListener | null = null;
  #closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresNotificationOutboxOptions,
  ) {
    super();
    this.hubId = options.hubId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.pollMs = options.pollMs ?? 5_000;
    this.probeMs = options.probeMs ?? 1_000;
  }

  /** Opens the outbox on a database whose schema is up to date (the flight store migrates it). */
  static async open(
    options: PostgresNotificationOutboxOptions,
  ): Promise<PostgresNotificationOutbox> {
    const pool = openHubPool(options.url, 'notifications', options.logger, 4);
    const outbox = new PostgresNotificationOutbox(pool, options);
    try {
      // Listen first: nothing written after the load goes unnoticed.
      outbox.#listener = await NotifyListener.start({
        url: options.url,
        channel: OUTBOX_CHANNEL,
        logger: options.logger,
        what: 'notification changes',
        onNotice: (payload) => outbox.#heard(payload),
        onReconnected: () => {
          outbox.#refresh.all = true;
          outbox.#scheduleRefresh();
        },
        reconnectMs: outbox.probeMs,
      });
      await outbox.#applyRefresh({ ...emptyRefresh(), all: true });
    } catch (error) {
      await outbox.close();
      throw error;
    }
    return outbox;
  }

  override get writable(): boolean {
    return this.#recovery === null && !this.#closed;
  }

  override onResumed(listener: () => void): void {
    this.#resumeListeners.push(listener);
  }

  /** A dead hub's sends are taken over when their lease expires (claimDue), never settled here. */
  override interruptedSends(): NotificationRecord[] {
    return [];
  }

  override async claimDue(
    channel: NotificationChannelName,
    now: Date,
    limit: number,
  ): Promise<NotificationRecord[]> {
    this.#assertWritable();
    if (limit <= 0) return [];
    const claimed = await inTransaction(this.pool, async (client) => {
      const taken = await claimRecords(client, {
        channel,
        now,
        limit,
        hubId: this.hubId,
        leaseMs: this.leaseMs,
      });
      await this.#notify(
        client,
        taken.map((record) => record.id),
        [],
        false,
      );
      return taken;
    });
    for (const record of claimed) this.state.apply({ t: 'notification', record });
    return claimed;
  }

  /** Applied in memory at once (reads see it); resolves when committed. */
  protected override commit(change: OutboxChange, options?: UpdateOptions): Promise<void> {
    this.#assertWritable();
    const job = this.#jobFor(change, options?.claimed === true);
    this.state.apply(change);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ change, job, resolve, reject });
      this.#drain();
    });
  }

  /** Waits for the writes under way, then releases the connections. */
  override async close(): Promise<void> {
    if (this.#closed) return;
    while (this.#draining) await this.#draining;
    this.#closed = true;
    await this.#listener?.close();
    await this.pool.end();
  }

  #assertWritable(): void {
    if (this.#closed) throw new JournalPausedError('the notification outbox is closed');
    if (this.#recovery) {
      throw new JournalPausedError(
        'a database write failed; notifications wait until the database takes writes again',
      );
    }
  }

  /** What `change` does in the database (read before it is applied in memory). */
  #jobFor(change: OutboxChange, claimed: boolean): Job {
    switch (change.t) {
      case 'notification': {
        const previous = this.state.get(change.record.id);
        return previous
          ? { kind: 'update', record: change.record, ownClaim: claimed }
          : { kind: 'insert', records: [change.record], seq: 0 };
      }
      case 'window': {
        const { flightId } = change.pending;
        const seq = change.seq ?? this.#windowSeqs.get(flightId) ?? 0;
        this.#windowSeqs.set(flightId, seq);
        return { kind: 'window', pending: change.pending, seq };
      }
      case 'absorbed':
        return { kind: 'watermark', seq: change.seq };
      case 'window-closed': {
        const seq = this.#windowSeqs.get(change.flightId) ?? 0;
        this.#windowSeqs.delete(change.flightId);
        return { kind: 'close', ...change, seq };
      }
      case 'told':
        return { kind: 'told', flightId: change.flightId, told: change.told };
      case 'opt-out':
        return { kind: 'opt-out', phone: change.phone, reason: change.reason, at: change.at };
      case 'pruned':
        for (const flightId of change.flightIds) this.#windowSeqs.delete(flightId);
        return { kind: 'prune', flightIds: change.flightIds };
    }
  }

  /** Writes what is queued, a batch per transaction, in order; then reads what it must. */
  #drain(): void {
    if (this.#draining || this.#closed) return;
    this.#draining = (async () => {
      while (this.#queue.length > 0 || this.#hasRefresh()) {
        const batch = this.#queue.splice(0);
        const refresh = this.#refresh;
        this.#refresh = emptyRefresh();
        let refused: Set<Queued>;
        let readLater = false;
        try {
          refused = batch.length > 0 ? await this.#write(batch, refresh) : new Set();
        } catch (error) {
          for (const item of [...batch, ...this.#queue.splice(0)]) item.reject(error);
          this.#recover(error);
          return;
        }
        try {
          await this.#applyRefresh(refresh);
        } catch (error) {
          this.options.logger.warn({ err: error }, 'reading notifications again failed');
          this.#refresh.all = true;
          readLater = true;
        }
        for (const item of batch) {
          if (!refused.has(item)) item.resolve();
          else {
            item.reject(
              new StaleClaimError(
                `notification ${(item.job as { record: NotificationRecord }).record.id}: another hub took it over; this result was not stored`,
              ),
            );
          }
        }
        if (readLater) {
          this.#scheduleRefresh(this.probeMs);
          return;
        }
      }
    })().finally(() => {
      this.#draining = null;
      if (this.#queue.length > 0) this.#drain();
    });
  }

  #hasRefresh(): boolean {
    const r = this.#refresh;
    return r.all || r.optOuts || r.records.size > 0 || r.flights.size > 0;
  }

  /** One transaction for `batch`; returns the updates refused (stale claims). */
  async #write(batch: readonly Queued[], refresh: Refresh): Promise<Set<Queued>> {
    const refused = new Set<Queued>();
    const records: string[] = [];
    const flights = new Set<string>();
    let optOuts = false;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const item of batch) {
        const { job } = item;
        switch (job.kind) {
          case 'insert': {
            const stored = await insertRecords(client, job.records, job.seq);
            records.push(...stored);
            if (stored.size < job.records.length) refresh.flights.add(job.records[0]!.flightId);
            break;
          }
          case 'update':
            if (await updateRecord(client, job.record, this.hubId, job.ownClaim, this.leaseMs)) {
              records.push(job.record.id);
            } else {
              refused.add(item);
              refresh.records.add(job.record.id);
            }
            break;
          case 'window': {
            const { rowCount } = await client.query(
              `INSERT INTO notification_windows (flight_id, pending, seq) VALUES ($1, $2, $3)
               ON CONFLICT (flight_id) DO UPDATE SET pending = excluded.pending, seq = excluded.seq
               WHERE notification_windows.seq < excluded.seq`,
              [job.pending.flightId, JSON.stringify(job.pending), job.seq],
            );
            // Another hub absorbed a later change, or closed this window already.
            if (rowCount === 0) refresh.flights.add(job.pending.flightId);
            else flights.add(job.pending.flightId);
            await raiseWatermark(client, job.seq);
            break;
          }
          case 'watermark':
            await raiseWatermark(client, job.seq);
            break;
          case 'close': {
            flights.add(job.flightId);
            const { rows } = await client.query<{ seq: string }>(
              `UPDATE notification_windows SET pending = NULL
               WHERE flight_id = $1 AND pending IS NOT NULL AND seq <= $2 RETURNING seq`,
              [job.flightId, job.seq],
            );
            if (!rows[0]) {
              // Another hub closed it (or a later change slid it): its decision stands.
              refresh.flights.add(job.flightId);
              break;
            }
            const stored = await insertRecords(client, job.records, Number(rows[0].seq));
            if (stored.size < job.records.length) refresh.flights.add(job.flightId);
            await upsertTold(client, job.flightId, job.told);
            await raiseWatermark(client, Number(rows[0].seq));
            break;
          }
          case 'told':
            flights.add(job.flightId);
            await upsertTold(client, job.flightId, job.told);
            break;
          case 'opt-out':
            optOuts = true;
            await client.query(
              `INSERT INTO notification_opt_outs (phone, reason, at) VALUES ($1, $2, $3)
               ON CONFLICT (phone) DO UPDATE SET reason = excluded.reason, at = excluded.at`,
              [job.phone, job.reason, job.at],
            );
            break;
          case 'prune':
            for (const flightId of job.flightIds) flights.add(flightId);
            await client.query(
              `DELETE FROM notification_outbox WHERE flight_id = ANY($1) AND status <> 'sending'`,
              [job.flightIds],
            );
            await client.query('DELETE FROM notification_windows WHERE flight_id = ANY($1)', [
              job.flightIds,
            ]);
            await client.query('DELETE FROM notification_told WHERE flight_id = ANY($1)', [
              job.flightIds,
            ]);
            break;
        }
      }
      await this.#notify(client, records, [...flights], optOuts);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return refused;
  }

  /** Tells the other hubs what changed (delivered at commit). */
  async #notify(
    client: pg.PoolClient,
    records: readonly string[],
    flights: readonly string[],
    optOuts: boolean,
  ): Promise<void> {
    const payloads: string[] = [];
    for (let i = 0; i < records.length; i += IDS_PER_NOTIFY) {
      payloads.push(JSON.stringify({ h: this.hubId, r: records.slice(i, i + IDS_PER_NOTIFY) }));
    }
    for (let i = 0; i < flights.length; i += IDS_PER_NOTIFY) {
      payloads.push(JSON.stringify({ h: this.hubId, f: flights.slice(i, i + IDS_PER_NOTIFY) }));
    }
    if (optOuts) payloads.push(JSON.stringify({ h: this.hubId, o: 1 }));
    if (payloads.length === 0) return;
    await client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [
      OUTBOX_CHANNEL,
      payloads,
    ]);
  }

  /**
   * Makes the copy what the database holds for `refresh`, then applies again the changes still
   * queued (applied in memory, not yet committed), so none is lost from the copy.
   */
  async #applyRefresh(refresh: Refresh): Promise<void> {
    if (!refresh.all && !refresh.optOuts && !refresh.records.size && !refresh.flights.size) return;
    if (refresh.all) {
      const [flights, optOuts, watermark] = await Promise.all([
        readFlights(this.pool, null),
        readOptOuts(this.pool),
        readWatermark(this.pool),
      ]);
      for (const flightId of this.state.flightIds()) {
        if (!flights.has(flightId)) flights.set(flightId, emptyFlight());
      }
      for (const flightId of this.state.pending.keys()) {
        if (!flights.has(flightId)) flights.set(flightId, emptyFlight());
      }
      for (const [flightId, rows] of flights) this.#resetFlight(flightId, rows);
      this.state.optOuts.clear();
      for (const optOut of optOuts) this.state.apply({ t: 'opt-out', ...optOut });
      this.state.apply({ t: 'absorbed', seq: watermark });
    } else {
      const flightIds = [...refresh.flights];
      const recordIds = [...refresh.records];
      const [flights, records, optOuts] = await Promise.all([
        flightIds.length > 0 ? readFlights(this.pool, flightIds) : null,
        recordIds.length > 0 ? readRecords(this.pool, recordIds) : null,
        refresh.optOuts ? readOptOuts(this.pool) : null,
      ]);
      for (const [flightId, rows] of flights ?? []) this.#resetFlight(flightId, rows);
      for (const record of records?.found ?? []) this.state.apply({ t: 'notification', record });
      for (const id of records?.gone ?? []) this.state.remove(id);
      if (optOuts) {
        this.state.optOuts.clear();
        for (const optOut of optOuts) this.state.apply({ t: 'opt-out', ...optOut });
      }
    }
    for (const item of this.#queue) {
      this.state.apply(item.change);
      if (item.job.kind === 'window') {
        const { flightId } = item.job.pending;
        this.#windowSeqs.set(flightId, Math.max(this.#windowSeqs.get(flightId) ?? 0, item.job.seq));
      }
    }
  }

  #resetFlight(flightId: string, rows: FlightOutboxRows): void {
    this.state.resetFlight(flightId, rows);
    // A later change this hub absorbed may still be on its way to the row.
    const own = this.#windowSeqs.get(flightId) ?? 0;
    if (rows.pending) this.#windowSeqs.set(flightId, Math.max(own, rows.windowSeq));
    else this.#windowSeqs.delete(flightId);
  }

  #scheduleRefresh(delayMs = 0): void {
    if (this.#refreshScheduled || this.#closed) return;
    this.#refreshScheduled = true;
    setTimeout(() => {
      this.#refreshScheduled = false;
      if (!this.#recovery) this.#drain();
    }, delayMs).unref();
  }

  /**
   * After a failed write: refuse writes, read the whole state again once the database answers
   * (the copy becomes what is committed), then take writes again and tell the listeners.
   */
  #recover(error: unknown): void {
    if (this.#recovery || this.#closed) return;
    this.options.logger.error({ err: error }, 'a notification write to the database failed');
    this.#recovery = (async () => {
      for (;;) {
        if (this.#closed) return;
        try {
          this.state.clear();
          this.#windowSeqs.clear();
          await this.#applyRefresh({ ...emptyRefresh(), all: true });
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, this.probeMs));
        }
      }
    })().then(() => {
      if (this.#closed) return;
      this.#recovery = null;
      for (const listener of this.#resumeListeners) listener();
    });
  }

  /** Another hub wrote: read what it names, coalesced with whatever else arrives this turn. */
  #heard(payload: string | undefined): void {
    let notice;
    try {
      notice = outboxNoticeSchema.parse(JSON.parse(payload ?? ''));
    } catch {
      this.#refresh.all = true; // not ours to understand: read everything
      this.#scheduleRefresh();
      return;
    }
    if (notice.h === this.hubId) return;
    for (const id of notice.r ?? []) this.#refresh.records.add(id);
    for (const flightId of notice.f ?? []) this.#refresh.flights.add(flightId);
    if (notice.o) this.#refresh.optOuts = true;
    this.#scheduleRefresh();
  }
}

function emptyFlight(): FlightOutboxRows {
  return { records: [], told: [], pending: undefined, windowSeq: 0 };
}
