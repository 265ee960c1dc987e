import { DateTime } from 'luxon';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runKeysCommand } from '../cli/keys-command';
import { startHubCluster, type TestHubCluster } from '../../test-support/hub-cluster';
import type { TestHub } from '../../test-support/hub-harness';
import { stopSharedPostgres } from '../../test-support/postgres';

let cluster: TestHubCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});
afterAll(stopSharedPostgres);

const ZONE = 'Asia/Kolkata';
const today = DateTime.now().setZone(ZONE).toISODate()!;
const CSV = [
  'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type',
  `XX,101,DEL,BOM,23:10,23:59,${today},${today},1234567,320`,
  `YY,202,BOM,DEL,21:00,23:05,${today},${today},1234567,321`,
].join('\n');
const departure = { airline: 'XX', flightNumber: '101', direction: 'departure', date: today };

/** `npm run hub -- keys …` against the database; resolves with what it printed. */
async function keysCommand(databaseUrl: string, ...argv: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKeysCommand(argv, {
    env: { JETBRIDGE_DATABASE_URL: databaseUrl },
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  expect(code, err.join('\n')).toBe(0);
  return out.join('\n');
}

async function feed(hub: TestHub, key: string, messages: unknown[]) {
  const response = await fetch(`${hub.url}/api/feed/flights`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages }),
  });
  const text = await response.text();
  return {
    status: response.status,
    results: response.ok ? (JSON.parse(text) as { results: unknown[] }).results : [],
  };
}

async function importSchedule(hub: TestHub): Promise<void> {
  const response = await fetch(`${hub.url}/api/schedules?format=csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await hub.login('super')}` },
    body: CSV,
  });
  expect(response.status).toBe(200);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe(
  'feed keys, feed messages and schedules on two hubs sharing PostgreSQL',
  // The first test starts PostgreSQL; each starts hubs and hashes passwords (argon2id).
  { timeout: 90_000 },
  () => {
    it('takes a key added on the database on every hub, and refuses it everywhere once revoked', async () => {
      cluster = await startHubCluster(2);
      const [a, b] = cluster.hubs;
      const key = await keysCommand(cluster.databaseUrl, 'add', 'aodb');
      expect(await keysCommand(cluster.databaseUrl, 'list')).toMatch(/^aodb\t\*/);
      for (const hub of [a!, b!]) {
        const response = await fetch(`${hub.url}/api/feed/flights`, {
          headers: { authorization: `Bearer ${key}` },
        });
        expect(response.status).toBe(200);
      }
      await keysCommand(cluster.databaseUrl, 'revoke', 'aodb');
      for (const hub of [a!, b!]) expect((await feed(hub, key, [])).status).toBe(401);
    });

    it('answers a message retried on another hub with its first result, applied once', async () => {
      cluster = await startHubCluster(2);
      const [a, b] = cluster.hubs;
      await importSchedule(a!);
      const key = await keysCommand(cluster.databaseUrl, 'add', 'aodb');
      const gate = { messageId: 'gate-1', ...departure, set: { gate: '21' } };
      const missing = {
        messageId: 'gone-1',
        ...departure,
        flightNumber: '999',
        set: { gate: '3' },
      };
      const first = await feed(a!, key, [gate, missing]);
      expect(first.results).toMatchObject([
        { messageId: 'gate-1', ok: true },
        { messageId: 'gone-1', ok: false, error: { code: 'NOT_FOUND' } },
      ]);
      // The same messages on hub B (the answer was lost): the same results, nothing applied again.
      const retried = await feed(b!, key, [gate, missing]);
      expect(retried.results).toEqual(first.results);
      // Sent to both hubs at once, a new message is applied once and both get the same answer.
      const race = { messageId: 'gate-2', ...departure, set: { gate: '22' } };
      const [onA, onB] = await Promise.all([feed(a!, key, [race]), feed(b!, key, [race])]);
      expect(onA.results).toEqual(onB.results);
      const applied = await query<{ op_id: string }>(
        cluster.databaseUrl,
        "SELECT op_id FROM flight_changes WHERE op_id LIKE 'feed:aodb:%' ORDER BY seq",
      );
      expect(applied.map((row) => row.op_id)).toEqual(['feed:aodb:gate-1', 'feed:aodb:gate-2']);
    });

    it('knows a schedule imported on one hub on every hub, and makes each flight once', async () => {
      cluster = await startHubCluster(2);
      const [a, b] = cluster.hubs;
      await importSchedule(a!);
      const legs = await query<{ count: number }>(
        cluster.databaseUrl,
        'SELECT jsonb_array_length(legs) AS count FROM schedules',
      );
      expect(legs[0]?.count).toBe(2);
      // Both hubs roll the window from the database's schedule (at start, as at midnight): the
      // create of each flight has one opId, so the second hub's is a repeat, not a second flight.
      await Promise.all([a!.restart(), b!.restart()]);
      const created = await query<{ flight_id: string; count: number }>(
        cluster.databaseUrl,
        `SELECT flight_id, count(*)::integer AS count FROM flight_changes
       WHERE kind = 'created' AND flight->>'airline' IN ('XX', 'YY') GROUP BY flight_id`,
      );
      expect(created).toHaveLength(2);
      for (const row of created) expect(row.count).toBe(1);
      // Hub B serves the flights it did not import.
      const token = await b!.login('board');
      const flights = await fetch(`${b!.url}/api/flights`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await flights.json()) as { flights: { airline: string }[] };
      expect(body.flights.filter((flight) => ['XX', 'YY'].includes(flight.airline))).toHaveLength(
        2,
      );
    });
  },
);
