import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Passenger } from '../../core';
import { PostgresSelfServiceStore } from '../passengers/postgres-self-service-store';
import { migrate } from '../store/postgres/migrations';
import { PostgresPassengerStore } from '../store/postgres/postgres-passenger-store';
import { BrowserPushKeys } from '../../test-support/browser-push-keys';
import { sharedPostgres, stopSharedPostgres } from '../../test-support/postgres';
import { waitFor } from '../../test-support/wait-for';

const logger = pino({ level: process.env.JETBRIDGE_TEST_LOG ?? 'silent' });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close().catch(() => undefined)));
});
afterAll(stopSharedPostgres);

async function newDatabase(): Promise<string> {
  const url = await (await sharedPostgres()).createDatabase();
  const pool = new pg.Pool({ connectionString: url });
  await migrate(pool, logger);
  await pool.end();
  return url;
}

const asha: Passenger = { pnr: 'ASH123', name: 'Asha Verma', phone: '+919800000001' };
const ravi: Passenger = { pnr: 'RAV456', name: 'Ravi Iyer', email: 'ravi@example.com' };

describe('passengers of several hubs in PostgreSQL', () => {
  it('shows a manifest put on one hub to every hub, and its removal', async () => {
    const url = await newDatabase();
    const [a, b] = await Promise.all([
      PostgresPassengerStore.open({ url, logger }),
      PostgresPassengerStore.open({ url, logger }),
    ]);
    closers.push(
      () => a.close(),
      () => b.close(),
    );
    const replaced: string[] = [];
    b.onReplaced = (flightId) => replaced.push(flightId);
    expect(b.isEmpty).toBe(true);
    await a.replaceMany({ F1: [asha, ravi], F2: [asha] });
    await waitFor(() => b.list('F1').length === 2 && b.list('F2').length === 1, 'the manifests');
    expect(
      b
        .bookings('ASH123')
        .map((booking) => booking.flightId)
        .sort(),
    ).toEqual(['F1', 'F2']);
    expect(replaced.sort()).toEqual(['F1', 'F2']);

    await a.removeFlights(['F1']);
    await waitFor(() => b.list('F1').length === 0, 'the removal');
    expect(b.flightIds()).toEqual(['F2']);
    expect(b.bookings('RAV456')).toEqual([]);

    // A hub starting later reads what is there.
    const c = await PostgresPassengerStore.open({ url, logger });
    closers.push(() => c.close());
    expect(c.list('F2')).toEqual([asha]);
  });

  it('shows a passenger’s choices and subscriptions made on one hub to every hub', async () => {
    const url = await newDatabase();
    const [a, b] = await Promise.all([
      PostgresSelfServiceStore.open({ url, logger }),
      PostgresSelfServiceStore.open({ url, logger }),
    ]);
    closers.push(
      () => a.close(),
      () => b.close(),
    );
    const at = new Date('2026-11-29T06:00:00Z');
    await a.setPreferences(
      'key-asha',
      { channels: { sms: false, email: false, push: true }, locale: 'hi' },
      at,
    );
    const subscription = {
      endpoint: 'https://fcm.googleapis.com/fcm/send/device-1',
      keys: BrowserPushKeys.create().subscriptionKeys,
    };
    await a.addSubscription('key-asha', subscription, at);
    await a.markArchived('F9', at);
    await waitFor(
      () =>
        b.preferences('key-asha')?.locale === 'hi' &&
        b.subscriptionsOf('key-asha').length === 1 &&
        b.archivedFlights().has('F9'),
      'the choices on the other hub',
    );

    // The browser is handed to another booking on hub B: hub A sees it moved.
    await b.addSubscription('key-ravi', subscription, at);
    await waitFor(() => a.subscriptionsOf('key-ravi').length === 1, 'the move on hub A');
    expect(a.subscriptionsOf('key-asha')).toEqual([]);
    expect(a.subscription(subscription.endpoint)).toEqual(subscription);

    await b.forget(['key-asha', 'key-ravi'], ['F9']);
    await waitFor(() => a.keys().length === 0 && a.archivedFlights().size === 0, 'forgotten');
  });
});
