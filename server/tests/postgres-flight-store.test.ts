import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Change, FlightChanges } from '../../core';
import type { Principal } from '../auth/sessions';
import { flightUpdateRequest } from '../flight-updates';
import type { ChangeRequest } from '../store/flight-store';
import { PostgresFlightStore } from '../store/postgres/postgres-flight-store';
import { readMigrations } from '../store/postgres/migrations';
import { fixtureSeed } from '../../test-support/hub-fixture';
import { sharedPostgres, stopSharedPostgres } from '../../test-support/postgres';
import { waitFor } from '../../test-support/wait-for';

const logger = pino({ level: process.env.JETBRIDGE_TEST_LOG ?? 'silent' });
const seed = fixtureSeed(new Date('2026-11-21T12:00:00Z')).flights.map((flight) => ({
  flight,
  fieldVersions: {},
}));
const agent: Principal = {
  username: 'agent1',
  role: 'agent',
  ticket: { username: 'agent1', epoch: 0, jti: 'j', issuedAt: 0, expiresAt: 0 },
};

const stores: PostgresFlightStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close().catch(() => undefined)));
});
afterAll(stopSharedPostgres);

async function openStores(count: number, url?: string) {
  const database = url ?? (await (await sharedPostgres()).createDatabase());
  const opened = await Promise.all(
    Array.from({ length: count }, () =>
      PostgresFlightStore.open({ url: database, logger, seed, pollMs: 200 }),
    ),
  );
  stores.push(...opened);
  return { url: database, stores: opened };
}

function update(
  flightId: string,
  baseVersion: number,
  changes: FlightChanges,
  opId = randomUUID(),
): ChangeRequest {
  return flightUpdateRequest(
    agent,
    'desk 1',
    { flightId, baseVersion, opId, changes },
    new Date().toISOString(),
  );
}

function heard(store: PostgresFlightStore): Change[] {
  const changes: Change[] = [];
  store.subscribe((batch) => changes.push(...batch));
  return changes;
}

describe('PostgresFlightStore', () => {
  it('migrates once and seeds once when several hubs start together on a new database', async () => {
    const {
      url,
      stores: [a, b, c],
    } = await openStores(3);
    for (const store of [a!, b!, c!]) {
      expect([...store.flights()].map((flight) => flight.id).sort()).toEqual(
        seed.map((record) => record.flight.id).sort(),
      );
      expect(store.seq).toBe(0);
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM schema_migrations');
    await client.end();
    const known = await readMigrations();
    expect(rows).toEqual(known.map(({ version }) => ({ version })));
  });

  it('keeps one gap-free seq across hubs, and every hub hears every change in order', async () => {
    const {
      stores: [a, b, c],
    } = await openStores(3);
    const hubs = [a!, b!, c!];
    const logs = hubs.map(heard);
    const flights = seed.map((record) => record.flight.id);
    const perHub = 20;
    const outcomes = await Promise.all(
      hubs.flatMap((store, hub) =>
        Array.from({ length: perHub }, (_, n) =>
          store.apply([update(flights[n % flights.length]!, 0, { remark: `hub ${hub} #${n}` })]),
        ),
      ),
    );
    const committed = outcomes.flat().filter((outcome) => outcome.kind === 'committed');
    const conflicts = outcomes.flat().filter((outcome) => outcome.kind === 'conflict');
    // Same field from base version 0: the first per flight wins, the rest conflict.
    expect(committed.length + conflicts.length).toBe(3 * perHub);
    const total = committed.length;
    for (const log of logs) {
      await waitFor(() => log.length === total, 'every change heard');
      expect(log.map((change) => change.seq)).toEqual(
        Array.from({ length: total }, (_, index) => index + 1),
      );
    }
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
    for (const store of hubs) expect(store.seq).toBe(total);
  });

  it('finds conflicts whichever hub took the other change, and answers with the flight as committed', async () => {
    const {
      stores: [a, b],
    } = await openStores(2);
    const [first] = await a!.apply([update('f-ai865', 0, { gate: '7' })]);
    expect(first).toMatchObject({ kind: 'committed', change: { seq: 1 } });
    const [second] = await b!.apply([update('f-ai865', 0, { gate: '9' })]);
    expect(second).toMatchObject({
      kind: 'conflict',
      fields: ['gate'],
      current: { id: 'f-ai865', gate: '7', version: 1 },
    });
    const [other] = await b!.apply([update('f-ai865', 0, { remark: 'other field' })]);
    expect(other).toMatchObject({ kind: 'committed', change: { seq: 2, flight: { gate: '7' } } });
  });

  it('answers an opId retried on another hub with the first result, changing nothing', async () => {
    const {
      stores: [a, b],
    } = await openStores(2);
    const opId = randomUUID();
    const [first] = await a!.apply([update('f-uk955', 0, { remark: 'once' }, opId)]);
    const [again] = await b!.apply([update('f-uk955', 0, { remark: 'twice?' }, opId)]);
    expect(first).toMatchObject({ kind: 'committed' });
    expect(again).toEqual({ kind: 'repeat', change: (first as { change: Change }).change });
    expect(await b!.findOp(opId)).toEqual((first as { change: Change }).change);
    await waitFor(() => b!.seq === 1, 'b follows');
    expect(b!.flight('f-uk955')).toMatchObject({ remark: 'once', version: 1 });
  });

  it('creates a flight once when two hubs create it at the same instant', async () => {
    const {
      stores: [a, b],
    } = await openStores(2);
    const base = seed[0]!.flight;
    const create = (by: string): ChangeRequest => ({
      opId: randomUUID(),
      flightId: 'f-new',
      by,
      workstation: null,
      at: new Date().toISOString(),
      decide(record) {
        if (record) return { kind: 'unchanged', flight: record.flight };
        const flight = { ...base, id: 'f-new', flightNumber: '6E 9', version: 1 };
        return { kind: 'commit', flight, fields: {}, changeKind: 'created' };
      },
    });
    const outcomes = await Promise.all([a!.apply([create('a')]), b!.apply([create('b')])]);
    expect(
      outcomes
        .flat()
        .map((outcome) => outcome.kind)
        .sort(),
    ).toEqual(['committed', 'unchanged']);
    await waitFor(() => a!.seq === 1 && b!.seq === 1, 'both follow');
    expect(b!.flight('f-new')).toMatchObject({ id: 'f-new', version: 1 });
  });

  it('keeps archived flights in the history, out of the live table', async () => {
    const {
      url,
      stores: [a, b],
    } = await openStores(2);
    await a!.apply([update('f-6e2134', 0, { remark: 'last call' })]);
    const [archived] = await a!.apply([
      {
        opId: randomUUID(),
        flightId: 'f-6e2134',
        by: 'system',
        workstation: null,
        at: new Date().toISOString(),
        decide(record) {
          const flight = { ...record!.flight, version: record!.flight.version + 1 };
          return { kind: 'commit', flight, fields: {}, changeKind: 'archived' };
        },
      },
    ]);
    expect(archived).toMatchObject({ kind: 'committed', change: { change: { kind: 'archived' } } });
    await waitFor(() => b!.seq === 2, 'b follows');
    expect(b!.flight('f-6e2134')).toBeUndefined();
    const history = await b!.history('f-6e2134', { limit: 10 });
    expect(history.total).toBe(2);
    expect(history.entries.map((entry) => [entry.seq, entry.kind ?? 'update'])).toEqual([
      [2, 'archived'],
      [1, 'update'],
    ]);
    // A hub started later loads the live table without it.
    const {
      stores: [late],
    } = await openStores(1, url);
    expect(late!.flight('f-6e2134')).toBeUndefined();
    expect(late!.seq).toBe(2);
    expect(await late!.changesSince(0)).toMatchObject({
      seq: 2,
      changes: [{ seq: 1 }, { seq: 2 }],
    });
  });

  it('serves sync:since to a client that saw a newer change on another hub', async () => {
    const {
      stores: [a, b],
    } = await openStores(2);
    const [outcome] = await a!.apply([update('f-ai865', 0, { remark: 'seen on a' })]);
    expect(outcome?.kind).toBe('committed');
    // The client saw seq 1 on a and asks b at once, before b's follower may have read it: b
    // reads it first rather than sending the client a reset.
    expect(b!.seq === 0 || b!.seq === 1).toBe(true);
    expect(await b!.changesSince(1)).toEqual({ seq: 1, changes: [] });
    expect(await b!.changesSince(0)).toMatchObject({ seq: 1, changes: [{ seq: 1 }] });
  });

  it('refuses with INTERNAL, never a conflict, while the database is lost, and says so', async () => {
    const {
      url,
      stores: [a],
    } = await openStores(1);
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [new URL(url).pathname.slice(1)],
    );
    await admin.end();
    const [outcome] = await a!.apply([update('f-ai865', 0, { remark: 'while lost' })]);
    // The first use of a terminated connection fails; the pool opens a new one for the next.
    if (outcome?.kind === 'refused') {
      expect(outcome.error.code).toBe('INTERNAL');
      expect(a!.health().ok).toBe(false);
    } else {
      expect(outcome?.kind).toBe('committed');
    }
    await waitFor(async () => {
      const [retry] = await a!.apply([update('f-ai865', a!.seq, { gate: `G${a!.seq}` })]);
      return retry?.kind === 'committed';
    }, 'commits again');
    await waitFor(() => a!.health().ok, 'healthy again');
  });
});
