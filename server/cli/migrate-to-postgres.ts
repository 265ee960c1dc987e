import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { gatesBodySchema } from '../../core/gates';
import { loadSettings } from '../config';
import { DISPLAYS_DOCUMENT, DISPLAYS_FILE, displaysFileEditor } from '../displays/display-registry';
import { GATES_DOCUMENT, GATES_FILE } from '../gates/gate-list-store';
import { FileArchiveRegister } from '../window/archive-register';
import { DurableJsonFile } from '../store/durable-json-file';
import { readEndedSessions, signingKeyId } from '../auth/session-ledger';
import { listApiKeys } from '../feed/api-keys';
import { FEED_RESULTS_FILE, FileFeedResultLog } from '../feed/feed-results';
import { FileScheduleStore } from '../schedules/schedule-store';
import { readChangeLog } from '../store/change-log-reader';
import { HUB_FILE, openDataFolder } from '../store/data-folder';
import type { ChangeLogEntry, FlightRecord } from '../store/file-schemas';
import { CHANGES_FOLDER } from '../store/file-flight-store';
import { rowsFromEntries, rowsFromRecords, CHANGE_COLUMNS } from '../store/postgres/change-rows';
import { migrate } from '../store/postgres/migrations';
import { FileNotificationOutbox } from '../notifications/file-notification-outbox';
import { NOTIFICATIONS_FILE } from '../notifications/hub-notifications';
import type { NotificationRecord } from '../notifications/notification-record';
import type { OutboxChange } from '../notifications/outbox-state';
import { insertRecords, raiseWatermark, upsertTold } from '../notifications/postgres-outbox-rows';
import { SELF_SERVICE_FILE, FileSelfServiceStore } from '../passengers/file-self-service-store';
import { writeEntry } from '../passengers/postgres-self-service-store';
import type { SelfServiceEntry } from '../passengers/self-service-store';
import type { UsersCommandIo } from './users-command';
import { inTransaction } from '../store/postgres/transaction';

export const MIGRATE_USAGE = `Usage: npm run hub -- migrate-to-postgres [--data-dir <folder>]

Moves a data folder's state into the EMPTY database of JETBRIDGE_DATABASE_URL, in one
transaction: the flights with their seq and versions, the change log (the audit trail, every
line), users, ended sessions, feed keys and results, schedules, the gate list, the displays,
passenger manifests, passengers' choices and push subscriptions, and the notification outbox.
Stop the hub first. The archive register stays in the data folder; start the hubs with this
folder's signing key (session-secret.json as JETBRIDGE_SECRET) or every session ends.`;

/** Statements of at most this many changes (a long trail is sent in pieces, one transaction). */
const CHANGES_PER_STATEMENT = 2_000;

/** Tables that must be empty: a migration never mixes two airports' state. */
const STATE_TABLES = [
  'flights',
  'flight_changes',
  'users',
  'ended_sessions',
  'api_keys',
  'feed_results',
  'hub_documents',
  'passenger_manifests',
  'passenger_preferences',
  'push_subscriptions',
  'notification_outbox',
  'notification_windows',
  'notification_told',
  'archived_flights',
] as const;

export class MigrationRefusedError extends Error {
  override name = 'MigrationRefusedError';
}

/** `npm run hub -- migrate-to-postgres`; resolves with the exit code. */
export async function runMigrateToPostgres(
  argv: string[],
  io: Pick<UsersCommandIo, 'env' | 'out' | 'err'>,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${MIGRATE_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(MIGRATE_USAGE);
    return 0;
  }
  try {
    const settings = loadSettings(io.env);
    if (!settings.databaseUrl) {
      throw new MigrationRefusedError('JETBRIDGE_DATABASE_URL names no database to move into');
    }
    const dataDir = values['data-dir'] ?? settings.dataDir;
    const moved = await migrateToPostgres(dataDir, settings.databaseUrl);
    io.out(
      [
        `moved ${dataDir} into the database:`,
        `  ${moved.flights} flights at seq ${moved.seq}, ${moved.changes} changes (audit trail)`,
        `  ${moved.users} users, ${moved.endedSessions} ended sessions`,
        `  ${moved.keys} feed keys, ${moved.feedResults} feed results, ${moved.scheduleLegs} schedule legs`,
        `  ${moved.gates === null ? 'no gate list (the hubs start with their own)' : `${moved.gates} gates`}, ${moved.displays} displays`,
        `  ${moved.manifests} passenger manifests, ${moved.passengerChoices} passengers’ choices and subscriptions`,
        `  ${moved.notifications} notifications (the outbox: queued ones are sent by whichever hub is alive)`,
        `  ${moved.archived} archived flights (the archive register)`,
        'Configure the same Twilio, SMTP and Web Push settings (and VAPID keys) on every hub.',
        'start the hubs with JETBRIDGE_SECRET set to this folder’s signing key (session-secret.json),',
        'or every session ends and everyone signs in again.',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    io.err(`migrate-to-postgres: ${(error as Error).message}`);
    return 1;
  }
}

export interface MigrationCounts {
  flights: number;
  seq: number;
  changes: number;
  users: number;
  endedSessions: number;
  keys: number;
  feedResults: number;
  scheduleLegs: number;
  /** Gates in the folder's list; null when it has none (gates.json absent). */
  gates: number | null;
  displays: number;
  manifests: number;
  passengerChoices: number;
  notifications: number;
  /** Flights in the archive register (window.json). */
  archived: number;
}

/**
 * Reads the data folder as a hub would at start (every file proved), then writes everything
 * into the database in one transaction: a refusal or a failure part way leaves the database as
 * it was, so the command can simply be run again.
 */
export async function migrateToPostgres(
  dataDir: string,
  databaseUrl: string,
): Promise<MigrationCounts> {
  const logger = pino({ level: 'silent' });
  const now = () => new Date();
  if (!(await exists(join(dataDir, HUB_FILE)))) {
    throw new MigrationRefusedError(`${dataDir} is not a Jetbridge data folder (no ${HUB_FILE})`);
  }
  const data = await openDataFolder(dataDir, { logger, now });
  const store = data.flights!;
  let entries: ChangeLogEntry[];
  const records: FlightRecord[] = [];
  try {
    for (const flight of store.flights()) records.push(store.record(flight.id)!);
    ({ entries } = await readChangeLog(join(dataDir, CHANGES_FOLDER), {
      fromSeq: 1,
      logger,
      readOnly: true,
    }));
  } finally {
    await store.close();
  }
  const seq = store.seq;
  entries = entries.filter((entry) => entry.seq <= seq);
  const ended = await readEndedSessions(dataDir);
  // A users.json older than the ledger must not bring ended sessions back: the highest epoch.
  const users = data.users.map((user) => {
    const epoch = Math.max(user.sessionEpoch ?? 0, ended.epochs.get(user.username) ?? 0);
    return epoch > 0 ? { ...user, sessionEpoch: epoch } : user;
  });
  const keys = await listApiKeys(dataDir);
  const feedResults = (await exists(join(dataDir, FEED_RESULTS_FILE)))
    ? await readFeedResults(dataDir)
    : [];
  const legs = (await FileScheduleStore.open(dataDir)).legs();
  const gates = await new DurableJsonFile(join(dataDir, GATES_FILE), gatesBodySchema).read();
  const displays = (await exists(join(dataDir, DISPLAYS_FILE)))
    ? await displaysFileEditor(dataDir).read()
    : null;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const revoked = [...ended.revoked].filter(([, exp]) => exp > nowSeconds);
  // Sessions stay valid under this folder's key; a ledger kept for another key counts from now.
  const keyId = signingKeyId(data.secret);
  const validFrom = ended.keyId === keyId ? ended.validFrom : Date.now();
  const lastWrite = new Map<string, number>();
  for (const entry of entries) lastWrite.set(entry.flightId, entry.seq);
  const manifests = Object.fromEntries(
    data.passengers.flightIds().map((flightId) => [flightId, data.passengers.list(flightId)]),
  );
  const choices = await readSelfService(dataDir);
  const outbox = await readOutbox(dataDir);
  const notifications = outbox.flatMap((change) =>
    change.t === 'notification' ? [change.record] : [],
  );
  const archive = await FileArchiveRegister.open(dataDir);
  const archived = archive.ids().map((id) => ({ id, at: archive.archivedAt(id)! }));

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await migrate(pool, logger);
    await inTransaction(pool, async (client) => {
      await client.query(
        `LOCK TABLE flight_seq, schedules, session_key, ${STATE_TABLES.join(', ')} IN EXCLUSIVE MODE`,
      );
      await refuseUnlessEmpty(client);
      for (let start = 0; start < entries.length; start += CHANGES_PER_STATEMENT) {
        await client.query(
          `INSERT INTO flight_changes (${CHANGE_COLUMNS})
           SELECT ${CHANGE_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS x(
             seq bigint, flight_id text, op_id text, changed_by text, workstation text,
             at timestamptz, version integer, kind text, fields jsonb, flight jsonb, undo_of text)`,
          [rowsFromEntries(entries.slice(start, start + CHANGES_PER_STATEMENT))],
        );
      }
      await client.query(
        `INSERT INTO flights (id, flight, field_versions, field_sources, version, seq)
         SELECT id, flight, field_versions, field_sources, version, seq
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, flight jsonb, field_versions jsonb,
           field_sources jsonb, version integer, seq bigint)`,
        [
          rowsFromRecords(
            records.map((record) => ({ record, seq: lastWrite.get(record.flight.id) ?? 0 })),
          ),
        ],
      );
      await client.query('UPDATE flight_seq SET seq = $1', [seq]);
      await client.query(
        `INSERT INTO users (username, record)
         SELECT x->>'username', x FROM jsonb_array_elements($1::jsonb) x`,
        [JSON.stringify(users)],
      );
      await client.query(
        `INSERT INTO ended_sessions (jti, expires_at)
         SELECT x->>0, to_timestamp((x->>1)::float8) FROM jsonb_array_elements($1::jsonb) x`,
        [JSON.stringify(revoked)],
      );
      await client.query(`INSERT INTO session_key (key_id, valid_from_ms) VALUES ($1, $2)`, [
        keyId,
        validFrom,
      ]);
      await client.query(
        `INSERT INTO api_keys (name, hash, record)
         SELECT x->>'name', x->>'hash', x FROM jsonb_array_elements($1::jsonb) x`,
        [JSON.stringify(keys)],
      );
      await client.query(
        `INSERT INTO feed_results (key_name, message_id, result)
         SELECT x->>'key', x->'result'->>'messageId', x->'result'
         FROM jsonb_array_elements($1::jsonb) x`,
        [JSON.stringify(feedResults)],
      );
      await client.query('UPDATE schedules SET legs = $1::jsonb, version = version + 1', [
        JSON.stringify(legs),
      ]);
      const documents = [
        ...(gates ? [{ name: GATES_DOCUMENT, body: gates }] : []),
        ...(displays ? [{ name: DISPLAYS_DOCUMENT, body: displays }] : []),
      ];
      await client.query(
        `INSERT INTO hub_documents (name, body)
         SELECT x->>'name', x->'body' FROM jsonb_array_elements($1::jsonb) x`,
        [JSON.stringify(documents)],
      );
      await client.query(
        `INSERT INTO passenger_manifests (flight_id, passengers)
         SELECT key, value FROM jsonb_each($1::jsonb)`,
        [JSON.stringify(manifests)],
      );
      for (const entry of choices) await writeEntry(client, entry);
      await moveOutbox(client, outbox, notifications);
      await client.query(
        `INSERT INTO archived_flights (flight_id, archived_at)
         SELECT x->>'id', (x->>'at')::timestamptz FROM jsonb_array_elements($1::jsonb) x`,
        [JSON.stringify(archived)],
      );
    });
  } finally {
    await pool.end();
  }
  return {
    flights: records.length,
    seq,
    changes: entries.length,
    users: users.length,
    endedSessions: revoked.length,
    keys: keys.length,
    feedResults: feedResults.length,
    scheduleLegs: legs.length,
    gates: gates?.gates.length ?? null,
    displays: displays?.displays.length ?? 0,
    manifests: Object.keys(manifests).length,
    passengerChoices: choices.filter((entry) => entry.t !== 'archived').length,
    notifications: notifications.length,
    archived: archived.length,
  };
}

/**
 * The folder's outbox into the shared one: records (change seq 0: no window twins to meet),
 * windows, told states, opt-outs and the watermark. A record the hub left `sending` gets an
 * expired claim: the first hub to claim takes it over as unconfirmed (asked of the provider
 * before any resend, where it can be).
 */
async function moveOutbox(
  client: pg.PoolClient,
  changes: readonly OutboxChange[],
  records: readonly NotificationRecord[],
): Promise<void> {
  await insertRecords(client, records, 0);
  await client.query(
    `UPDATE notification_outbox SET claimed_by = 'migrate-to-postgres',
       claimed_until = clock_timestamp() WHERE status = 'sending'`,
  );
  let absorbed = 0;
  for (const change of changes) {
    if (change.t === 'absorbed') absorbed = Math.max(absorbed, change.seq);
  }
  for (const change of changes) {
    switch (change.t) {
      case 'told':
        await upsertTold(client, change.flightId, change.told);
        break;
      case 'window':
        await client.query(
          'INSERT INTO notification_windows (flight_id, pending, seq) VALUES ($1, $2, $3)',
          [change.pending.flightId, JSON.stringify(change.pending), absorbed],
        );
        break;
      case 'opt-out':
        await client.query(
          'INSERT INTO notification_opt_outs (phone, reason, at) VALUES ($1, $2, $3)',
          [change.phone, change.reason, change.at],
        );
        break;
      default:
        break;
    }
  }
  await raiseWatermark(client, absorbed);
}

/** The folder's passengers' choices, if it has any (the journal is not created). */
async function readSelfService(dataDir: string): Promise<SelfServiceEntry[]> {
  if (!(await exists(join(dataDir, SELF_SERVICE_FILE)))) return [];
  const store = await FileSelfServiceStore.open(dataDir);
  try {
    return store.entries();
  } finally {
    await store.close();
  }
}

/** The folder's outbox as the changes that rebuild it, if it has one. */
async function readOutbox(dataDir: string): Promise<OutboxChange[]> {
  const path = join(dataDir, NOTIFICATIONS_FILE);
  if (!(await exists(path))) return [];
  const outbox = await FileNotificationOutbox.open(path);
  try {
    return outbox.liveChanges();
  } finally {
    await outbox.close();
  }
}

/** Refuses, naming what is there, a database that holds any state. */
async function refuseUnlessEmpty(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ name: string; count: number }>(
    [
      ...STATE_TABLES.map((table) => `SELECT '${table}' AS name, count(*)::integer FROM ${table}`),
      `SELECT 'flight_seq' AS name, max(seq)::integer FROM flight_seq`,
      `SELECT 'schedules' AS name, max(jsonb_array_length(legs))::integer FROM schedules`,
    ].join(' UNION ALL '),
  );
  const used = rows.filter((row) => row.count > 0);
  if (used.length > 0) {
    throw new MigrationRefusedError(
      `the database is not empty (${used.map((row) => `${row.name}: ${row.count}`).join(', ')}); nothing was changed. Move into a new, empty database`,
    );
  }
}

async function readFeedResults(dataDir: string) {
  const log = await FileFeedResultLog.open(dataDir);
  try {
    return log.entries();
  } finally {
    await log.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
