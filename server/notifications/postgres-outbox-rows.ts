import { z } from 'zod';
import type pg from 'pg';
import { describeZodError } from '../../core';
import { notificationRecordSchema, type NotificationRecord } from './notification-record';
import type { OptOut } from './notification-outbox';
import type { PassengerToldState, PendingFlightNotice } from './notification-rules';
import { pendingSchema, toldSchema } from './outbox-state';

/** NOTIFY channel of outbox writes; the payload names the writer and what it touched. */
export const OUTBOX_CHANNEL = 'jetbridge_outbox';
/** NOTIFY payloads must stay under 8000 bytes: ids are sent in chunks of this many. */
export const IDS_PER_NOTIFY = 100;

export const outboxNoticeSchema = z.object({
  /** The writing hub (a hub ignores its own). */
  h: z.string(),
  /** Records changed. */
  r: z.array(z.string()).optional(),
  /** Flights whose windows, told states or records changed together. */
  f: z.array(z.string()).optional(),
  /** Opt-outs changed. */
  o: z.literal(1).optional(),
});
export type OutboxNotice = z.infer<typeof outboxNoticeSchema>;

/** One flight's shared state as the database holds it. */
export interface FlightOutboxRows {
  records: NotificationRecord[];
  told: PassengerToldState[];
  pending: PendingFlightNotice | undefined;
  /** The change that last opened or slid the window (0: none). */
  windowSeq: number;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`notification_outbox: ${describeZodError(result.error, what)}`);
  }
  return result.data;
}

export function recordFromRow(row: { record: unknown }): NotificationRecord {
  return parsed(notificationRecordSchema, row.record, 'record');
}

/** Columns kept beside `record`, from the record itself (one JSON parameter `$n`). */
export const RECORD_COLUMNS = `status = r->>'status', attempts = (r->>'attempts')::int,
  next_attempt_at = (r->>'nextAttemptAt')::timestamptz,
  provider_message_id = r->>'providerMessageId', last_error = r->>'lastError', record = r`;

/** Inserts records of one window change; returns the ids stored (the others met a twin). */
export async function insertRecords(
  client: Queryable,
  records: readonly NotificationRecord[],
  changeSeq: number,
): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO notification_outbox (id, flight_id, change_seq, channel, pnr, recipient, status,
       attempts, next_attempt_at, provider_message_id, last_error, record)
     SELECT r->>'id', r->>'flightId', $2, r->>'channel', r->>'pnr', r->>'to', r->>'status',
       (r->>'attempts')::int, (r->>'nextAttemptAt')::timestamptz, r->>'providerMessageId',
       r->>'lastError', r
     FROM jsonb_array_elements($1::jsonb) AS r
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [JSON.stringify(records), changeSeq],
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Replaces a record, only if this hub may: the result of a send only while this hub holds the
 * record's claim (`ownClaim`), any other change only while nobody is sending it. False: refused.
 */
export async function updateRecord(
  client: Queryable,
  record: NotificationRecord,
  hubId: string,
  ownClaim: boolean,
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE notification_outbox SET ${RECORD_COLUMNS},
       claimed_by = CASE WHEN r->>'status' = 'sending' THEN $2 END,
       claimed_until = CASE WHEN r->>'status' = 'sending'
         THEN clock_timestamp() + $4 * interval '1 millisecond' END
     FROM (SELECT $1::jsonb AS r) AS input
     WHERE id = r->>'id' AND CASE WHEN $3 THEN status = 'sending' AND claimed_by = $2
       ELSE status <> 'sending' END`,
    [JSON.stringify(record), hubId, ownClaim, leaseMs],
  );
  return rowCount === 1;
}

/**
 * The claim: due queued records of `channel`, and `sending` ones whose lease expired (marked
 * unconfirmed: they may have gone out), become this hub's `sending` under a lease. Rows another
 * hub is claiming at this instant are skipped, never waited for.
 */
export async function claimRecords(
  client: Queryable,
  input: { channel: string; now: Date; limit: number; hubId: string; leaseMs: number },
): Promise<NotificationRecord[]> {
  const at = input.now.toISOString();
  const { rows } = await client.query<{ record: unknown }>(
    `UPDATE notification_outbox AS o SET status = 'sending', claimed_by = $1,
       claimed_until = clock_timestamp() + $2 * interval '1 millisecond',
       attempts = o.attempts + 1,
       record = o.record || jsonb_build_object('status', 'sending', 'attempts', o.attempts + 1,
         'attemptStartedAt', $3::text, 'updatedAt', $3::text)
         || CASE WHEN o.status = 'sending' THEN jsonb_build_object(
           'unconfirmedSince', coalesce(o.record->>'unconfirmedSince',
             o.record->>'attemptStartedAt', o.record->>'updatedAt'),
           'lastError', 'the hub sending this stopped before recording the outcome')
         ELSE '{}'::jsonb END
     WHERE o.id IN (
       SELECT id FROM notification_outbox
       WHERE channel = $4 AND ((status = 'queued' AND next_attempt_at <= $6)
         OR (status = 'sending' AND claimed_until < clock_timestamp()))
       ORDER BY next_attempt_at LIMIT $5
       FOR UPDATE SKIP LOCKED)
     RETURNING o.record`,
    [input.hubId, input.leaseMs, at, input.channel, input.limit, input.now],
  );
  return rows.map(recordFromRow);
}

/** Records by id: those found, and the ids gone. */
export async function readRecords(
  client: Queryable,
  ids: readonly string[],
): Promise<{ found: NotificationRecord[]; gone: string[] }> {
  const { rows } = await client.query<{ record: unknown }>(
    'SELECT record FROM notification_outbox WHERE id = ANY($1)',
    [ids],
  );
  const found = rows.map(recordFromRow);
  const present = new Set(found.map((record) => record.id));
  return { found, gone: ids.filter((id) => !present.has(id)) };
}

/** The shared state of `flightIds` (every flight when null). */
export async function readFlights(
  client: Queryable,
  flightIds: readonly string[] | null,
): Promise<Map<string, FlightOutboxRows>> {
  const filter = flightIds ? 'WHERE flight_id = ANY($1)' : '';
  const params = flightIds ? [flightIds] : [];
  const [records, told, windows] = await Promise.all([
    client.query<{ record: unknown }>(
      `SELECT record FROM notification_outbox ${filter} ORDER BY record->>'createdAt', id`,
      params,
    ),
    client.query<{ flight_id: string; pnr: string; told: unknown }>(
      `SELECT flight_id, pnr, told FROM notification_told ${filter}`,
      params,
    ),
    client.query<{ flight_id: string; pending: unknown; seq: string }>(
      `SELECT flight_id, pending, seq FROM notification_windows ${filter}`,
      params,
    ),
  ]);
  const flights = new Map<string, FlightOutboxRows>();
  const of = (flightId: string) => {
    let rows = flights.get(flightId);
    if (!rows) {
      rows = { records: [], told: [], pending: undefined, windowSeq: 0 };
      flights.set(flightId, rows);
    }
    return rows;
  };
  for (const flightId of flightIds ?? []) of(flightId);
  for (const row of records.rows) {
    const record = recordFromRow(row);
    of(record.flightId).records.push(record);
  }
  for (const row of told.rows) {
    of(row.flight_id).told.push({ pnr: row.pnr, told: parsed(toldSchema, row.told, 'told') });
  }
  for (const row of windows.rows) {
    const rows = of(row.flight_id);
    rows.windowSeq = Number(row.seq);
    if (row.pending !== null) rows.pending = parsed(pendingSchema, row.pending, 'pending');
  }
  return flights;
}

export async function readOptOuts(client: Queryable): Promise<OptOut[]> {
  const { rows } = await client.query<{ phone: string; reason: string; at: Date }>(
    'SELECT phone, reason, at FROM notification_opt_outs',
  );
  return rows.map((row) => ({ phone: row.phone, reason: row.reason, at: row.at.toISOString() }));
}

export async function readWatermark(client: Queryable): Promise<number> {
  const { rows } = await client.query<{ seq: string }>('SELECT seq FROM notification_watermark');
  return Number(rows[0]?.seq ?? 0);
}

export async function raiseWatermark(client: Queryable, seq: number): Promise<void> {
  if (seq <= 0) return;
  await client.query('UPDATE notification_watermark SET seq = GREATEST(seq, $1)', [seq]);
}

export async function upsertTold(
  client: Queryable,
  flightId: string,
  told: readonly PassengerToldState[],
): Promise<void> {
  if (told.length === 0) return;
  await client.query(
    `INSERT INTO notification_told (flight_id, pnr, told)
     SELECT $1, t->>'pnr', t->'told' FROM jsonb_array_elements($2::jsonb) AS t
     ON CONFLICT (flight_id, pnr) DO UPDATE SET told = excluded.told`,
    [flightId, JSON.stringify(told)],
  );
}
