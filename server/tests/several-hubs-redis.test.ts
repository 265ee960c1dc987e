import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Change, NotificationSummary } from '../../core';
import { createClient } from 'redis';
import { disconnected } from '../../test-support/hub-client';
import { connectPassenger, passengerToken } from '../../test-support/passenger-client';
import { startHubCluster, type TestHubCluster } from '../../test-support/hub-cluster';
import { request, type HubClient, type TestHub } from '../../test-support/hub-harness';
import { stopSharedPostgres } from '../../test-support/postgres';
import { waitFor } from '../../test-support/wait-for';

const FLIGHTS = ['f-6e2134', 'f-ai865', 'f-uk955'];

let cluster: TestHubCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});
afterAll(stopSharedPostgres);

async function as(hub: TestHub, username: string): Promise<HubClient> {
  return hub.connect(await hub.login(username));
}

function record<T>(socket: HubClient, event: 'flight:changed' | 'notifications:summary'): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: unknown) => seen.push(payload as T));
  return seen;
}

/** The next `notifications:summary` for `flightId` with `passengers` on the manifest. */
function summaryOf(socket: HubClient, flightId: string, passengers: number, timeoutMs = 20_000) {
  return new Promise<NotificationSummary>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no summary of ${flightId} with ${passengers} passengers`)),
      timeoutMs,
    );
    const listener = (summary: NotificationSummary) => {
      if (summary.flightId !== flightId || summary.passengers !== passengers) return;
      clearTimeout(timer);
      socket.off('notifications:summary', listener);
      resolve(summary);
    };
    socket.on('notifications:summary', listener);
  });
}

/** A manifest of `count` passengers for `flightId`, set by a supervisor on `hub`. */
async function putManifest(hub: TestHub, flightId: string, count: number): Promise<void> {
  const passengers = Array.from({ length: count }, (_, n) => ({
    pnr: `RDS${String(n).padStart(3, '0')}`,
    name: `Passenger ${n}`,
    email: `p${n}@example.com`,
  }));
  const response = await fetch(`${hub.url}/api/flights/${flightId}/passengers`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${await hub.login('super')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ passengers }),
  });
  expect(response.status).toBe(200);
}

/** A one-passenger manifest (ASH001, Asha Verma) for `flightId` on `hub`. */
async function putPassenger(hub: TestHub, flightId: string): Promise<void> {
  const response = await fetch(`${hub.url}/api/flights/${flightId}/passengers`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${await hub.login('super')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      passengers: [{ pnr: 'ASH001', name: 'Asha Verma', email: 'asha@example.com' }],
    }),
  });
  expect(response.status).toBe(200);
}

async function signOut(hub: TestHub, token: string): Promise<void> {
  const response = await fetch(`${hub.url}/api/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBeLessThan(300);
}

async function readiness(hubs: TestHub[]): Promise<number[]> {
  return Promise.all(hubs.map(async (hub) => (await fetch(`${hub.url}/readyz`)).status));
}

async function redisGauge(hub: TestHub): Promise<string | undefined> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  return /^jetbridge_redis_connected (\d)$/m.exec(text)?.[1];
}

const seqs = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

// Three hubs and PostgreSQL start in a test: on a loaded machine that alone can take 20 s.
describe('three hubs through a Redis restart', () => {
  it('keep every acknowledged change, in seq order on every hub, through Redis killed mid-burst, and fan out again once it is back', async () => {
    cluster = await startHubCluster(3, { updateRate: { perSecond: 200, burst: 200 } });
    const { hubs, redis } = cluster;
    const [a, b, c] = hubs as [TestHub, TestHub, TestHub];
    const seen = (await Promise.all(hubs.map((hub) => as(hub, 'board')))).map((socket) =>
      record<Change>(socket, 'flight:changed'),
    );
    const supervisors = await Promise.all(hubs.map((hub) => as(hub, 'super')));
    const editors = await Promise.all(hubs.map((hub) => as(hub, 'agent1')));
    // A session open on b and c, signed out on a while Redis is away.
    const awayToken = await a.login('agent2');
    const awaySockets = await Promise.all([b.connect(awayToken), c.connect(awayToken)]);
    const awayEnded = awaySockets.map((socket) => disconnected(socket, 30_000));

    const perRound = 10;
    const versions = FLIGHTS.map(() => 0);
    let acknowledged = 0;
    /** Every editor sends `perRound` updates of its own flight at once. */
    const burst = () =>
      editors.flatMap((editor, index) =>
        Array.from({ length: perRound }, () => {
          const baseVersion = versions[index]!;
          versions[index] = baseVersion + 1;
          return request(editor, 'flight:update', {
            flightId: FLIGHTS[index]!,
            baseVersion,
            opId: randomUUID(),
            changes: { remark: `${FLIGHTS[index]} #${baseVersion}` },
          }).then((ack) => {
            expect(ack).toMatchObject({ ok: true });
            acknowledged += 1;
          });
        }),
      );

    await Promise.all(burst());
    // Killed mid-burst: once the first of the round is acknowledged, the rest under way.
    const midBurst = burst();
    await Promise.race(midBurst);
    await redis.kill();
    await Promise.all(midBurst);

    // While Redis is away: not ready, said in the metrics; changes go on through the database.
    await waitFor(
      async () => (await readiness(hubs)).every((status) => status === 503),
      'every hub not ready without Redis',
    );
    expect(await (await fetch(`${a.url}/readyz`)).json()).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/Redis/) as unknown },
    });
    expect(await Promise.all(hubs.map(redisGauge))).toEqual(['0', '0', '0']);
    await Promise.all(burst());
    // A summary reaches a's own consoles at once; a sign-out ends the session's sockets on a.
    const summaryOnA = summaryOf(supervisors[0]!, 'f-ai865', 2);
    const summariesElsewhere = [
      summaryOf(supervisors[1]!, 'f-ai865', 2),
      summaryOf(supervisors[2]!, 'f-ai865', 2),
    ];
    await putManifest(a, 'f-ai865', 2);
    await summaryOnA;
    await signOut(a, awayToken);
    expect(await readiness(hubs)).toEqual([503, 503, 503]);

    await redis.start();
    await waitFor(
      async () => (await readiness(hubs)).every((status) => status === 200),
      'every hub ready again',
      15_000,
    );
    expect(await Promise.all(hubs.map(redisGauge))).toEqual(['1', '1', '1']);
    // What was published while Redis was away reaches the other hubs now.
    await Promise.all(summariesElsewhere);
    expect(await Promise.all(awayEnded)).toEqual(['io server disconnect', 'io server disconnect']);
    await Promise.all(burst());

    expect(acknowledged).toBe(4 * 3 * perRound);
    for (const changes of seen) {
      await waitFor(() => changes.length >= acknowledged, 'every change on every hub', 15_000);
      // In seq order, without a gap or a duplicate, the same on every hub.
      expect(changes.map((change) => change.seq)).toEqual(seqs(acknowledged));
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);

    // Fan-out after the restart: one sign-out on a ends the session's socket on b; a summary
    // from c reaches a.
    const token = await a.login('agent2');
    const onB = await b.connect(token);
    const ended = disconnected(onB);
    await signOut(a, token);
    expect(await ended).toBe('io server disconnect');
    const fromC = summaryOf(supervisors[0]!, 'f-uk955', 3);
    await putManifest(c, 'f-uk955', 3);
    await fromC;
    for (const socket of [...editors, ...supervisors]) expect(socket.connected).toBe(true);
  }, 90_000);

  it('hold at most redisOfflineQueue messages for the other hubs while Redis is away, sent in order once it is back', async () => {
    cluster = await startHubCluster(2, { redisOfflineQueue: 5 });
    const [a, b] = cluster.hubs as [TestHub, TestHub];
    // Twelve sessions signed in on a, each with a console on b. Ending a session's sockets on
    // another hub goes through Redis (notification summaries do not: every hub follows the
    // shared outbox itself).
    const tokens: string[] = [];
    for (let n = 0; n < 12; n += 1) tokens.push(await a.login('agent2'));
    const onB = await Promise.all(tokens.map((token) => b.connect(token)));
    const ended = onB.map(() => false);
    onB.forEach((socket, n) => socket.on('disconnect', () => (ended[n] = true)));
    await cluster.redis.kill();
    await waitFor(async () => (await fetch(`${a.url}/readyz`)).status === 503, 'a not ready');
    // Twelve sign-outs on a, one after the other, while Redis is away.
    for (const token of tokens) await signOut(a, token);
    await cluster.redis.start();
    await waitFor(
      async () => (await readiness(cluster!.hubs)).every((status) => status === 200),
      'both hubs ready again',
      15_000,
    );
    // Published after the return, so read by b after whatever a's queue held.
    const barrierToken = await a.login('agent2');
    const barrier = disconnected(await b.connect(barrierToken));
    await signOut(a, barrierToken);
    expect(await barrier).toBe('io server disconnect');
    const endedCount = ended.filter(Boolean).length;
    // The first ones, in order; the rest were refused rather than kept in memory.
    expect(endedCount).toBeGreaterThan(0);
    expect(endedCount).toBeLessThanOrEqual(5);
    expect(ended).toEqual(tokens.map((_, n) => n < endedCount));
  }, 60_000);

  it('tell each passenger of a change once: passengers’ statuses never go through Redis', async () => {
    cluster = await startHubCluster(2);
    const [a, b] = cluster.hubs as [TestHub, TestHub];
    const passengers = await Promise.all(
      [a, b].map(async (hub) => {
        await putPassenger(hub, 'f-uk955');
        const { token } = await passengerToken(hub.url, 'ASH001', 'Verma');
        return connectPassenger(hub.url, token);
      }),
    );
    const agent = await as(a, 'agent1');
    const moved = passengers.map(
      (passenger) =>
        new Promise<void>((resolve) =>
          passenger.on('flight:status', (flight) => flight.gate === '14' && resolve()),
        ),
    );
    const ack = await request(agent, 'flight:update', {
      flightId: 'f-uk955',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { gate: '14' },
    });
    expect(ack).toMatchObject({ ok: true });
    await Promise.all(moved);
    // A broadcast a published after the change, through Redis: once b has it, anything a put in
    // the stream before it is there too.
    const onB = await as(b, 'super');
    const barrier = summaryOf(onB, 'f-6e2134', 1);
    await putPassenger(a, 'f-6e2134');
    await barrier;
    const redis = createClient({ url: cluster.redis.url });
    await redis.connect();
    try {
      const entries = await redis.xRange('jetbridge:socket.io', '-', '+');
      expect(entries.filter((entry) => entry.message.nsp === '/passenger')).toEqual([]);
    } finally {
      await redis.close();
    }
    for (const passenger of passengers) {
      expect(passenger.statuses.filter((flight) => flight.gate === '14')).toHaveLength(1);
      passenger.close();
    }
  });

  it('stop promptly while Redis is away, with messages for the other hubs still held', async () => {
    cluster = await startHubCluster(2);
    const [a] = cluster.hubs as [TestHub, TestHub];
    await cluster.redis.kill();
    await waitFor(async () => (await fetch(`${a.url}/readyz`)).status === 503, 'a not ready');
    // Held for the other hub: the summary (a's consoles get it at once).
    const supervisor = await as(a, 'super');
    const summary = summaryOf(supervisor, 'f-ai865', 1);
    await putManifest(a, 'f-ai865', 1);
    await summary;
    const started = Date.now();
    await a.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
