import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flight } from '../../core';
import { FakeTwilioServer, type FakeTwilioMessage } from '../../test-support/fake-twilio-server';
import { connectAt, loginAt } from '../../test-support/hub-client';
import { clusterPerTest } from '../../test-support/hub-failover';
import { request } from '../../test-support/hub-harness';
import { passengerCall, passengerToken } from '../../test-support/passenger-client';
import { waitFor } from '../../test-support/wait-for';

let twilio: FakeTwilioServer | undefined;
afterEach(async () => {
  await twilio?.stop();
  twilio = undefined;
});
// After the hook above: after-each hooks run last-registered first, so the hubs stop first.
const clusters = clusterPerTest();

const PHONE = '+919800000001';
/** Each hub sends from its own number: the fake tells which hub sent a message. */
const FROM = ['+15550000001', '+15550000002', '+15550000003'];

async function outboxRows(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; claimed_by: string | null }>(
      `SELECT status, claimed_by FROM notification_outbox WHERE recipient = $1
       ORDER BY record->>'createdAt'`,
      [PHONE],
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('passenger notifications of several hubs (real processes)', () => {
  it('tells a passenger exactly once when the hub that took the change dies before sending, and sends by a choice made on another hub', async () => {
    twilio = new FakeTwilioServer();
    await twilio.start();
    const twilioEnv = (index: number) => ({
      TWILIO_ACCOUNT_SID: twilio!.accountSid,
      TWILIO_AUTH_TOKEN: twilio!.authToken,
      TWILIO_FROM: FROM[index]!,
      TWILIO_API_BASE: twilio!.apiBase,
    });
    const cluster = await clusters.start(1, {
      env: {
        JETBRIDGE_NOTIFY_COALESCE_MS: '200',
        JETBRIDGE_NOTIFY_LEASE_MS: '1000',
        JETBRIDGE_NOTIFY_POLL_MS: '100',
      },
      envOf: twilioEnv,
    });
    const { databaseUrl } = cluster;
    const a = cluster.hubs[0]!;

    // The manifest goes to hub A; the change is made there, and its send is held on the way.
    const superToken = await loginAt(a.url, 'super');
    const agentA = await connectAt(a.url, await loginAt(a.url, 'agent1'));
    let flight: Flight | undefined;
    await waitFor(async () => {
      const snapshot = await request(agentA, 'flights:snapshot', {});
      flight = snapshot.ok ? snapshot.flights.find((f) => f.status === 'SCHEDULED') : undefined;
      return flight !== undefined;
    }, 'the imported schedule’s flights');
    const put = await fetch(`${a.url}/api/flights/${flight!.id}/passengers`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${superToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        passengers: [{ pnr: 'ASH123', name: 'Asha Verma', phone: PHONE, locale: 'en' }],
      }),
    });
    expect(put.status).toBe(200);
    twilio.holdRequests = 1;
    const held = once(twilio.events, 'held');
    const moved = await request(agentA, 'flight:update', {
      flightId: flight!.id,
      baseVersion: flight!.version,
      opId: randomUUID(),
      changes: { gate: '31' },
    });
    expect(moved).toMatchObject({ ok: true });
    await held;
    agentA.close();

    // A dies holding the claim; two more hubs start: one sends once the lease has expired.
    a.kill('SIGKILL');
    await a.exited;
    const sent = once(twilio.events, 'message');
    const [b, c] = await Promise.all([cluster.add(twilioEnv(1)), cluster.add(twilioEnv(2))]);
    const [first] = (await sent) as [FakeTwilioMessage];
    expect([FROM[1], FROM[2]]).toContain(first!.from);
    expect(first!.body).toContain('31');
    await waitFor(
      async () => (await outboxRows(databaseUrl))[0]?.status === 'sent',
      'the message recorded sent',
    );
    expect(twilio.messages.filter((m) => m.to === PHONE)).toHaveLength(1);
    expect(twilio.cutBeforeAnswer).toBe(1); // A's request, never taken

    // The passenger chooses Hindi on hub B; hub C, the only one left, sends by it.
    const booking = await passengerToken(b.url, 'ASH123', 'Verma');
    const saved = await passengerCall(b.url, booking.token, 'PUT', '/api/passenger/preferences', {
      channels: { sms: true, email: false, push: false },
      locale: 'hi',
    });
    expect(saved.status).toBe(200);
    await waitFor(async () => {
      const seen = await passengerCall(c.url, booking.token, 'GET', '/api/passenger/preferences');
      return (seen.body as { locale?: string }).locale === 'hi';
    }, 'the choice on hub C');
    b.kill('SIGTERM');
    await b.exited;
    const agentC = await connectAt(c.url, await loginAt(c.url, 'agent1'));
    const current = await request(agentC, 'flights:snapshot', {});
    if (!current.ok) throw new Error(current.error.message);
    const now = current.flights.find((f) => f.id === flight!.id)!;
    const next = once(twilio.events, 'message');
    expect(
      await request(agentC, 'flight:update', {
        flightId: now.id,
        baseVersion: now.version,
        opId: randomUUID(),
        changes: { gate: '32' },
      }),
    ).toMatchObject({ ok: true });
    const [second] = (await next) as [FakeTwilioMessage];
    agentC.close();
    expect(second.from).toBe(FROM[2]);
    expect(second.body).toContain('32');
    expect(second.body).toMatch(/[\u0900-\u097F]/); // Devanagari: the passenger's Hindi
    await waitFor(
      async () => (await outboxRows(databaseUrl)).every((row) => row.status === 'sent'),
      'both messages recorded sent',
    );
    expect(await outboxRows(databaseUrl)).toHaveLength(2);
    expect(twilio.messages.filter((m) => m.to === PHONE)).toHaveLength(2);
  }, 120_000);
});
