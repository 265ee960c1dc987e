import pg from 'pg';
import { describeZodError } from '../../../core';
import {
  changeLogEntrySchema,
  flightRecordSchema,
  type ChangeLogEntry,
  type FlightRecord,
} from '../file-schemas';

/** What the database holds is checked like any file read: a bad row names itself. */
export class DatabaseContentError extends Error {
  override name = 'DatabaseContentError';
}

/** The columns of `flight_changes`, as a ChangeLogEntry reads them. */
export const CHANGE_COLUMNS = `seq, flight_id, op_id, changed_by, workstation, at, version, kind,
  fields, flight, undo_of`;

export interface ChangeRow {
  seq: number;
  flight_id: string;
  op_id: string;
  changed_by: string;
  workstation: string | null;
  at: Date;
  version: number;
  kind: string;
  fields: unknown;
  flight: unknown;
  undo_of: string | null;
}

export function entryFromRow(row: ChangeRow): ChangeLogEntry {
  const parsed = changeLogEntrySchema.safeParse({
    seq: row.seq,
    flightId: row.flight_id,
    opId: row.op_id,
    by: row.changed_by,
    workstation: row.workstation,
    at: row.at.toISOString(),
    version: row.version,
    fields: row.fields,
    flight: row.flight,
    ...(row.kind !== 'update' ? { kind: row.kind } : {}),
    ...(row.undo_of ? { undoOf: row.undo_of } : {}),
  });
  if (!parsed.success) {
    throw new DatabaseContentError(
      `flight_changes seq ${row.seq}: ${describeZodError(parsed.error, 'row')}`,
    );
  }
  return parsed.data;
}

/** Entries as `jsonb_to_recordset` takes them (see `INSERT_CHANGES`). */
export function rowsFromEntries(entries: readonly ChangeLogEntry[]): string {
  return JSON.stringify(
    entries.map((entry) => ({
      seq: entry.seq,
      flight_id: entry.flightId,
      op_id: entry.opId,
      changed_by: entry.by,
      workstation: entry.workstation,
      at: entry.at,
      version: entry.version,
      kind: entry.kind ?? 'update',
      fields: entry.fields,
      flight: entry.flight,
      undo_of: entry.undoOf ?? null,
    })),
  );
}

export interface FlightRow {
  id: string;
  flight: unknown;
  field_versions: unknown;
  field_sources?: unknown;
}

export function recordFromRow(row: FlightRow): FlightRecord {
  const parsed = flightRecordSchema.safeParse({
    flight: row.flight,
    fieldVersions: row.field_versions,
    fieldSources: row.field_sources ?? {},
  });
  if (!parsed.success) {
    throw new DatabaseContentError(
      `flights row "${row.id}": ${describeZodError(parsed.error, 'row')}`,
    );
  }
  return parsed.data;
}

/** Records as `jsonb_to_recordset` takes them (see `UPSERT_FLIGHTS`). */
export function rowsFromRecords(records: readonly { record: FlightRecord; seq: number }[]): string {
  return JSON.stringify(
    records.map(({ record, seq }) => ({
      id: record.flight.id,
      flight: record.flight,
      field_versions: record.fieldVersions,
      field_sources: record.fieldSources ?? {},
      version: record.flight.version,
      seq,
    })),
  );
}

/** NOTIFY channel of committed changes (the payload: the newest seq). */
export const CHANGES_CHANNEL = 'jetbridge_flight_changes';

/**
 * The start of a commit, in one round trip: the transaction, the counter row locked first (from
 * then on no other hub commits until this transaction ends, and each later statement, with a
 * snapshot of its own, sees all they committed), the flights' rows locked, and the changes
 * their opIds already made. Values are escaped literals: a simple query may hold several
 * statements, which a parameterised one may not.
 */
export function lockAndReadSql(flightIds: readonly string[], opIds: readonly string[]): string {
  const list = (values: readonly string[]) =>
    values.map((value) => pg.escapeLiteral(value)).join(', ');
  return `BEGIN;
SELECT seq FROM flight_seq FOR UPDATE;
SELECT id, flight, field_versions, field_sources FROM flights WHERE id IN (${list(flightIds)}) ORDER BY id FOR UPDATE;
SELECT ${CHANGE_COLUMNS} FROM flight_changes WHERE op_id IN (${list(opIds)})`;
}

/**
 * The end of a commit, in one round trip: the batch's changes, the rows they leave (upserted,
 * or deleted when archived), the counter, the notification that wakes every hub's follower
 * (delivered at commit), and the commit itself.
 */
export function writeAndCommitSql(batch: {
  entries: readonly ChangeLogEntry[];
  rows: readonly { record: FlightRecord; seq: number }[];
  archived: readonly string[];
  seq: number;
}): string {
  const json = (text: string) => `${pg.escapeLiteral(text)}::jsonb`;
  const archived = batch.archived.map((id) => pg.escapeLiteral(id)).join(', ');
  const seq = Math.trunc(batch.seq);
  return `WITH changes AS (
  INSERT INTO flight_changes (${CHANGE_COLUMNS})
  SELECT ${CHANGE_COLUMNS} FROM jsonb_to_recordset(${json(rowsFromEntries(batch.entries))}) AS x(
    seq bigint, flight_id text, op_id text, changed_by text, workstation text, at timestamptz,
    version integer, kind text, fields jsonb, flight jsonb, undo_of text)
), upserted AS (
  INSERT INTO flights (id, flight, field_versions, field_sources, version, seq)
  SELECT id, flight, field_versions, field_sources, version, seq FROM jsonb_to_recordset(${json(rowsFromRecords(batch.rows))}) AS x(
    id text, flight jsonb, field_versions jsonb, field_sources jsonb, version integer, seq bigint)
  ON CONFLICT (id) DO UPDATE SET flight = EXCLUDED.flight, field_versions = EXCLUDED.field_versions,
    field_sources = EXCLUDED.field_sources, version = EXCLUDED.version, seq = EXCLUDED.seq
), archived AS (
  DELETE FROM flights WHERE id = ANY(ARRAY[${archived}]::text[])
), counter AS (
  UPDATE flight_seq SET seq = ${seq}
)
SELECT pg_notify('${CHANGES_CHANNEL}', '${seq}');
COMMIT`;
}

/** bigint (seq) as a JavaScript number: seqs stay far below 2^53. */
export const numericTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return Number;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;
