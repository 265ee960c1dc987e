import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Flight, GateEntry } from '../../core';
import { runDisplaysCommand } from '../cli/displays-command';
import { runMigrateToPostgres } from '../cli/migrate-to-postgres';
import { addApiKey } from '../feed/api-keys';
import { FileArchiveRegister } from '../window/archive-register';
import { PostgresArchiveRegister } from '../window/postgres-archive-register';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { sharedPostgres, stopSharedPostgres } from '../../test-support/postgres';
import { storedChanges } from '../../test-support/hub-stores';
import { waitFor } from '../../test-support/wait-for';

const hubs: TestHub[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
afterAll(stopSharedPostgres);

async function migrateCommand(dataDir: string, databaseUrl: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMigrateToPostgres(['--data-dir', dataDir], {
    env: { JETBRIDGE_DATABASE_URL: databaseUrl },
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function status(url: string, token: string): Promise<number> {
  const response = await fetch(`${url}/api/flights`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return response.status;
}

/** What both stores record of a change (the files add a checksum and the whole flight). */
const summary = (lines: Awaited<ReturnType<typeof storedChanges>>) =>
  lines.map(({ seq, flightId, opId, by, version, fields }) => ({
    seq,
    flightId,
    opId,
    by,
    version,
    fields,
  }));

const GATES: GateEntry[] = [
  { gate: '12', terminal: 'T1', contact: true, maxCodeLetter: 'C' },
  { gate: '30', terminal: 'T1', contact: false, maxCodeLetter: 'E' },
];

/** `npm run hub -- displays …` on a data folder, or on the database when `dataDir` is null. */
async function displaysCommand(
  dataDir: string | null,
  databaseUrl: string | null,
  ...args: string[]
): Promise<string[]> {
  const out: string[] = [];
  const code = await runDisplaysCommand([...args, ...(dataDir ? ['--data-dir', dataDir] : [])], {
    env: databaseUrl ? { JETBRIDGE_DATABASE_URL: databaseUrl } : {},
    out: (text) => out.push(text),
    err: () => undefined,
  });
  expect(code).toBe(0);
  return out;
}

const versions = (flights: readonly Flight[]) =>
  Object.fromEntries(flights.map((flight) => [flight.id, flight.version]));

describe(
  'npm run hub -- migrate-to-postgres',
  // The first test starts PostgreSQL; each starts hubs and hashes passwords (argon2id).
  { timeout: 90_000 },
  () => {
    it('moves a used data folder: the same flights, seq, versions, trail, users, sessions, gates, displays and passengers', async () => {
      const embedded = await startTestHub({ keepDataDir: true, gates: GATES, notifyCoalesceMs: 0 });
      hubs.push(embedded);
      folders.push(embedded.dataDir);
      const kept = await embedded.login('agent1');
      const ended = await embedded.login('agent1');
      const agent = await embedded.connect(kept);
      const before = await request(agent, 'flights:snapshot', {});
      if (!before.ok) throw new Error(before.error.message);
      const flight = before.flights[0]!;
      for (let n = 0; n < 3; n += 1) {
        const ack = await request(agent, 'flight:update', {
          flightId: flight.id,
          baseVersion: flight.version + n,
          opId: randomUUID(),
          changes: { remark: `before the move #${n}` },
        });
        expect(ack).toMatchObject({ ok: true });
      }
      const logout = await fetch(`${embedded.url}/api/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ended}` },
      });
      expect(logout.status).toBe(200);
      const key = await addApiKey(embedded.dataDir, { name: 'aodb' });
      await displaysCommand(
        embedded.dataDir,
        null,
        'add',
        'lobby',
        '--url',
        'http://board.example',
      );
      // A manifest, and a gate change told to its passenger (skipped: no provider configured).
      const supervisor = await embedded.login('super');
      const manifest = await fetch(`${embedded.url}/api/flights/${flight.id}/passengers`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          passengers: [{ pnr: 'MOV123', name: 'Ravi Iyer', phone: '+919800000002' }],
        }),
      });
      expect(manifest.status).toBe(200);
      const moved3 = await request(agent, 'flight:update', {
        flightId: flight.id,
        baseVersion: flight.version + 3,
        opId: randomUUID(),
        changes: { gate: '44' },
      });
      expect(moved3).toMatchObject({ ok: true });
      const told = async (url: string, token: string) => {
        const answer = await fetch(`${url}/api/flights/${flight.id}/notifications`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await answer.json()) as { notifications: unknown[] }).notifications;
      };
      await waitFor(
        async () =>
          JSON.stringify(await told(embedded.url, supervisor)).includes('"status":"skipped"'),
        'the notification settled',
      );
      const notificationsBefore = await told(embedded.url, supervisor);
      const last = await request(agent, 'flights:snapshot', {});
      if (!last.ok) throw new Error(last.error.message);
      const trail = summary(
        await storedChanges({ dataDir: embedded.dataDir, databaseUrl: undefined }),
      );
      await embedded.close();
      hubs.length = 0;
      // A flight the window archived an hour ago: never made again from the schedule, on any
      // hub (and pruned after the retention period: a hub starting on the database would).
      const archivedAt = new Date(Date.now() - 3_600_000);
      const register = await FileArchiveRegister.open(embedded.dataDir);
      await register.record(['f-archived-x'], archivedAt);

      const databaseUrl = await (await sharedPostgres()).createDatabase();
      const moved = await migrateCommand(embedded.dataDir, databaseUrl);
      expect(moved.err).toBe('');
      expect(moved.code).toBe(0);
      expect(moved.out).toContain(`at seq ${last.seq}`);
      expect(moved.out).toContain('2 gates, 1 displays');
      expect(moved.out).toContain('1 passenger manifests');
      expect(moved.out).toContain('1 notifications');
      expect(moved.out).toContain('1 archived flights');

      const onDatabase = await startTestHub({ dataDir: embedded.dataDir, databaseUrl });
      hubs.push(onDatabase);
      const shared = await PostgresArchiveRegister.open({
        url: databaseUrl,
        logger: pino({ level: 'silent' }),
      });
      expect(shared.ids()).toEqual(['f-archived-x']);
      expect(shared.archivedBefore(new Date(archivedAt.getTime() + 1))).toEqual(['f-archived-x']);
      await shared.close();
      expect(summary(await storedChanges({ dataDir: onDatabase.dataDir, databaseUrl }))).toEqual(
        trail,
      );
      const fresh = await onDatabase.login('agent1');
      const socket = await onDatabase.connect(fresh);
      const after = await request(socket, 'flights:snapshot', {});
      if (!after.ok) throw new Error(after.error.message);
      expect(after.seq).toBe(last.seq);
      expect(versions(after.flights)).toEqual(versions(last.flights));
      expect(after.flights.find((f) => f.id === flight.id)?.remark).toBe('before the move #2');
      // The notification, with the passenger's name from the moved manifest.
      const notificationsAfter = await told(onDatabase.url, await onDatabase.login('super'));
      expect(notificationsAfter).toEqual(notificationsBefore);
      expect(notificationsAfter[0]).toMatchObject({ pnr: 'MOV123', passengerName: 'Ravi Iyer' });
      // The session signed in before the move still works; the one signed out stays ended.
      expect(await status(onDatabase.url, kept)).toBe(200);
      expect(await status(onDatabase.url, ended)).toBe(401);
      const feed = await fetch(`${onDatabase.url}/api/feed/flights`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(feed.status).toBe(200);
      // The gate list and the displays are the database's now, every hub's.
      const gates = await fetch(`${onDatabase.url}/api/gates`, {
        headers: { authorization: `Bearer ${fresh}` },
      });
      expect(await gates.json()).toEqual({ gates: GATES });
      const listed = await displaysCommand(null, databaseUrl, 'list');
      expect(listed).toEqual([expect.stringMatching(/^lobby\tdepartures\t/)]);
      // The next change continues the same seq.
      const next = await request(socket, 'flight:update', {
        flightId: flight.id,
        baseVersion: flight.version + 4,
        opId: randomUUID(),
        changes: { remark: 'after the move' },
      });
      expect(next).toMatchObject({ ok: true, flight: { version: flight.version + 5 } });
      const head = await request(socket, 'flights:snapshot', {});
      expect(head).toMatchObject({ ok: true, seq: last.seq + 1 });
    });

    it('refuses a database that is not empty, naming what is there, and changes nothing', async () => {
      const used = await startTestHub({ store: 'postgres' });
      hubs.push(used);
      const folder = await startTestHub({ keepDataDir: true });
      folders.push(folder.dataDir);
      await folder.close();
      const before = await storedChanges({ dataDir: used.dataDir, databaseUrl: used.databaseUrl });
      const refused = await migrateCommand(folder.dataDir, used.databaseUrl!);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/not empty \(flights: \d+.*users: \d+.*nothing was changed/);
      expect(await storedChanges({ dataDir: used.dataDir, databaseUrl: used.databaseUrl })).toEqual(
        before,
      );
    });
  },
);
