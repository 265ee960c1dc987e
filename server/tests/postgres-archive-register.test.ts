import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../store/postgres/migrations';
import { PostgresArchiveRegister } from '../window/postgres-archive-register';
import { sharedPostgres, stopSharedPostgres } from '../../test-support/postgres';
import { waitFor } from '../../test-support/wait-for';

const logger = pino({ level: process.env.JETBRIDGE_TEST_LOG ?? 'silent' });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close().catch(() => undefined)));
});
afterAll(stopSharedPostgres);

async function twoHubs(): Promise<[PostgresArchiveRegister, PostgresArchiveRegister]> {
  const url = await (await sharedPostgres()).createDatabase();
  const pool = new pg.Pool({ connectionString: url });
  await migrate(pool, logger);
  await pool.end();
  const a = await PostgresArchiveRegister.open({ url, logger });
  const b = await PostgresArchiveRegister.open({ url, logger });
  closers.push(
    () => a.close(),
    () => b.close(),
  );
  return [a, b];
}

const morning = new Date('2026-11-20T06:00:00.000Z');
const evening = new Date('2026-11-20T18:00:00.000Z');

describe('the archive register of several hubs in PostgreSQL', () => {
  it('shows a flight archived on one hub to every hub, with the first hub’s time', async () => {
    const [a, b] = await twoHubs();
    await a.record(['f-1', 'f-2'], morning);
    expect(a.has('f-1')).toBe(true); // its own write, at once
    await waitFor(() => b.has('f-1') && b.has('f-2'), 'the other hub to hear of it');

    // The same flights archived again by the other hub (both rolled): the first time stays.
    await b.record(['f-2', 'f-3'], evening);
    await waitFor(() => a.has('f-3'), 'the first hub to hear of f-3');
    const justAfterMorning = new Date(morning.getTime() + 1);
    expect(a.archivedBefore(justAfterMorning).sort()).toEqual(['f-1', 'f-2']);
    expect(b.archivedBefore(justAfterMorning).sort()).toEqual(['f-1', 'f-2']);
    expect(b.ids().sort()).toEqual(['f-1', 'f-2', 'f-3']);
  });

  it('forgets on every hub what one hub pruned', async () => {
    const [a, b] = await twoHubs();
    await a.record(['f-1', 'f-2'], morning);
    await waitFor(() => b.has('f-2'), 'the other hub to hear of it');
    await b.forget(['f-1']);
    expect(b.has('f-1')).toBe(false);
    await waitFor(() => !a.has('f-1'), 'the first hub to forget it too');
    expect(a.ids()).toEqual(['f-2']);
  });
});
