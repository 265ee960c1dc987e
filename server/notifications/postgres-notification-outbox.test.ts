import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../store/postgres/migrations';
import { queuedRecord } from '../../test-support/notification-records';
import { sharedPostgres, stopSharedPostgres } from '../../test-support/postgres';
import { waitFor } from '../../test-support/wait-for';
import type { NotificationRecord } from './notification-record';
import type { PendingFlightNotice } from './notification-rules';
import {
  PostgresNotificationOutbox,
  StaleClaimError,
  type PostgresNotificationOutboxOptions,
} from './postgres-notification-outbox';

const logger = pino({ level: process.env.JETBRIDGE_TEST_LOG ?? 'silent' });
const opened: PostgresNotificationOutbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((outbox) => outbox.close().catch(() => undefined)));
});
afterAll(stopSharedPostgres);

async function newDatabase(): Promise<string> {
  const url = await (await sharedPostgres()).createDatabase();
  const pool = new pg.Pool({ connectionString: url });
  await migrate(pool, logger);
  await pool.end();
  return url;
}

async function open(
  url: string,
  options: Partial<PostgresNotificationOutboxOptions> = {},
): Promise<PostgresNotificationOutbox> {
  const outbox = await PostgresNotificationOutbox.open({ url, logger, ...options });
  opened.push(outbox);
  return outbox;
}

function window(flightId: string, at = new Date()): PendingFlightNotice {
  return {
    flightId,
    before: { gate: '12', etd: at.toISOString(), status: null },
    firstChangeAt: at.toISOString(),
    lastChangeAt: at.toISOString(),
    dueAt: at.toISOString(),
  };
}

async function rowsOf(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgresNotificationOutbox', () => {
  it('keeps records, windows, told states, opt-outs and the watermark across a reopen', async () => {
    const url = await newDatabase();
    const first = await open(url);
    const record = queuedRecord({ flightId: 'F1' });
    await first.savePendingWindow(window('F1'), 7);
    await first.closeWindow(
      'F1',
      [record],
      [{ pnr: record.pnr, told: { gate: '14', etd: record.createdAt, status: null } }],
    );
    await first.savePendingWindow(window('F2'), 9);
    await first.optOuts.optOut({ phone: '+15550001111', reason: 'STOP', at: record.createdAt });
    await first.update({ ...record, status: 'failed', error: 'no', updatedAt: record.updatedAt });
    await first.close();

    const again = await open(url);
    expect(again.get(record.id)).toMatchObject({ status: 'failed', error: 'no' });
    expect(again.listByFlight('F1').map((r) => r.id)).toEqual([record.id]);
    expect(again.countsFor('F1').failed).toBe(1);
    expect(again.getToldState('F1', record.pnr)?.gate).toBe('14');
    expect(again.getPendingWindow('F1')).toBeUndefined();
    expect(again.getPendingWindow('F2')?.flightId).toBe('F2');
    expect(again.optOuts.isOptedOut('+15550001111')).toBe(true);
    expect(again.absorbedSeq).toBe(9);
  });

  it('shows every hub what another hub wrote', async () => {
    const url = await newDatabase();
    const [a, b] = [await open(url), await open(url)];
    const record = queuedRecord({ flightId: 'F1' });
    await a.add([record]);
    await waitFor(() => b.get(record.id) !== undefined, 'the record on the other hub');
    await a.update({ ...record, status: 'sent', updatedAt: new Date().toISOString() });
    await waitFor(() => b.get(record.id)?.status === 'sent', 'the sent record on the other hub');
    expect(b.countsFor('F1')).toMatchObject({ sent: 1, queued: 0 });
  });

  it('gives each due record to exactly one of two outboxes claiming at once', async () => {
    const url = await newDatabase();
    const [a, b] = [await open(url), await open(url)];
    const records = Array.from({ length: 200 }, (_, i) =>
      queuedRecord({ flightId: `F${i % 7}`, to: `+1555000${String(i).padStart(4, '0')}` }),
    );
    await a.add(records);
    const claimed: NotificationRecord[] = [];
    const claimAll = async (outbox: PostgresNotificationOutbox) => {
      for (;;) {
        const batch = await outbox.claimDue('sms', new Date(), 7);
        if (batch.length === 0) return;
        claimed.push(...batch);
      }
    };
    await Promise.all([claimAll(a), claimAll(b), claimAll(a), claimAll(b)]);
    const ids = claimed.map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(records.map((record) => record.id)));
    expect(claimed.every((r) => r.status === 'sending' && r.attempts === 1)).toBe(true);
    const owners = await rowsOf(
      url,
      `SELECT claimed_by, count(*)::int AS n FROM notification_outbox GROUP BY claimed_by`,
    );
    expect(owners.map((row) => row.claimed_by).sort()).toEqual([a.hubId, b.hubId].sort());
  });

  it('lets another hub take over a claim whose lease expired, and refuses the old owner’s result', async () => {
    const url = await newDatabase();
    const a = await open(url, { leaseMs: 300 });
    const b = await open(url, { leaseMs: 60_000 });
    const record = queuedRecord();
    await a.add([record]);
    const [mine] = await a.claimDue('sms', new Date(), 10);
    expect(mine?.id).toBe(record.id);
    // Held: nobody else gets it while the lease runs.
    expect(await b.claimDue('sms', new Date(), 10)).toEqual([]);

    let taken: NotificationRecord[] = [];
    await waitFor(
      async () => (taken = await b.claimDue('sms', new Date(), 10)).length > 0,
      'the expired claim taken over',
    );
    expect(taken[0]).toMatchObject({ id: record.id, status: 'sending', attempts: 2 });
    // It may have gone out: the new owner asks the provider first where it can.
    expect(taken[0]!.unconfirmedSince).toBe(mine!.attemptStartedAt);

    const at = new Date().toISOString();
    await expect(
      a.update({ ...mine!, status: 'sent', sentAt: at, updatedAt: at }, { claimed: true }),
    ).rejects.toThrow(StaleClaimError);
    expect(a.get(record.id)).toMatchObject({ status: 'sending', attempts: 2 });
    await b.update({ ...taken[0]!, status: 'sent', sentAt: at, updatedAt: at }, { claimed: true });
    const [row] = await rowsOf(url, 'SELECT status, claimed_by FROM notification_outbox');
    expect(row).toEqual({ status: 'sent', claimed_by: null });
    // A result after the new owner finished is refused too.
    await expect(
      a.update({ ...mine!, status: 'failed', error: 'late', updatedAt: at }, { claimed: true }),
    ).rejects.toThrow(StaleClaimError);
  });

  it('creates a window’s messages once when two hubs close it', async () => {
    const url = await newDatabase();
    const [a, b] = [await open(url), await open(url)];
    await Promise.all([a.savePendingWindow(window('F1'), 3), b.savePendingWindow(window('F1'), 3)]);
    const told = [
      { pnr: 'ABC123', told: { gate: '14', etd: new Date().toISOString(), status: null } },
    ];
    // Each hub decides alone: the same message, under its own id.
    await Promise.all([
      a.closeWindow('F1', [queuedRecord({ flightId: 'F1' })], told),
      b.closeWindow('F1', [queuedRecord({ flightId: 'F1' })], told),
    ]);
    const rows = await rowsOf(url, 'SELECT id, change_seq FROM notification_outbox');
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].change_seq)).toBe(3);
    await waitFor(
      () => a.listByFlight('F1').length === 1 && b.listByFlight('F1').length === 1,
      'both copies holding the one message',
    );
    expect(a.listByFlight('F1')[0]!.id).toBe(rows[0].id);
    expect(b.listByFlight('F1')[0]!.id).toBe(rows[0].id);
    // A change absorbed late on a hub cannot reopen the closed window.
    await a.savePendingWindow(window('F1'), 3);
    expect(a.getPendingWindow('F1')).toBeUndefined();
  });

  it('keeps the same message from two windows that met in the unique key once', async () => {
    const url = await newDatabase();
    const a = await open(url);
    const twin = { flightId: 'F1', pnr: 'ABC123', to: '+15550009999' };
    await a.savePendingWindow(window('F1'), 5);
    await a.closeWindow('F1', [queuedRecord(twin)], []);
    const rows = await rowsOf(url, 'SELECT count(*)::int AS n FROM notification_outbox');
    expect(rows[0].n).toBe(1);
    // The same window change seen again (a restart's replay) with a new id: nothing added.
    await rowsOf(url, 'UPDATE notification_windows SET pending = $1', [
      JSON.stringify(window('F1')),
    ]);
    const b = await open(url);
    await b.savePendingWindow(window('F1'), 5);
    await b.closeWindow('F1', [queuedRecord(twin)], []);
    expect((await rowsOf(url, 'SELECT count(*)::int AS n FROM notification_outbox'))[0].n).toBe(1);
    expect(b.listByFlight('F1')).toHaveLength(1);
  });
});
