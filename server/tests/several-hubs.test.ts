import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../core';
import { startHubCluster, type TestHubCluster } from '../../test-support/hub-cluster';
import { request, type HubClient, type TestHub } from '../../test-support/hub-harness';
import { stopSharedPostgres } from '../../test-support/postgres';
import { waitFor } from '../../test-support/wait-for';

const FLIGHTS = ['f-6e2134', 'f-ai865', 'f-uk955', 'f-sg8169'];

let cluster: TestHubCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});
afterAll(stopSharedPostgres);

async function as(hub: TestHub, username: string): Promise<HubClient> {
  return hub.connect(await hub.login(username));
}

/** Every `flight:changed` the socket receives, in order. */
function record(socket: HubClient): Change[] {
  const seen: Change[] = [];
  socket.on('flight:changed', (change) => seen.push(change));
  return seen;
}

/** `count` updates of `flightId`'s remark sent at once, each on top of the one before. */
function burst(socket: HubClient, flightId: string, count: number, from = 0) {
  return Array.from({ length: count }, (_, n) =>
    request(socket, 'flight:update', {
      flightId,
      baseVersion: from + n,
      opId: randomUUID(),
      changes: { remark: `${flightId} #${from + n}` },
    }),
  );
}

const seqs = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

describe('three hubs on one PostgreSQL and one Redis', () => {
  it('show clients of every hub one gap-free seq, identically, during a burst from editors on every hub', async () => {
    // What the hubs warn of: a follower that took its own hub's changes, applied meanwhile, for
    // a hole in the seq would hold every later change back to read again.
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    cluster = await startHubCluster(3, { logger });
    const { hubs } = cluster;
    const watchers = await Promise.all(hubs.map((hub) => as(hub, 'board')));
    const seen = watchers.map(record);
    const editors = await Promise.all(hubs.map((hub) => as(hub, 'agent1')));
    const perEditor = 25;
    const acks = await Promise.all(
      editors.flatMap((editor, index) => burst(editor, FLIGHTS[index]!, perEditor)),
    );
    for (const ack of acks) expect(ack).toMatchObject({ ok: true });
    const total = editors.length * perEditor;
    for (const changes of seen) {
      await waitFor(() => changes.length >= total, 'every change on every hub', 15_000);
      expect(changes.map((change) => change.seq)).toEqual(seqs(total));
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    for (const hub of hubs) {
      const snapshot = await request(watchers[hubs.indexOf(hub)]!, 'flights:snapshot', {});
      expect(snapshot).toMatchObject({ ok: true, seq: total });
    }
    expect(warnings.filter((line) => line.includes('seq is missing'))).toEqual([]);
  });

  it('answer an opId retried on another hub with the first result, changing nothing', async () => {
    cluster = await startHubCluster(3);
    const [a, b] = cluster.hubs;
    const onA = await as(a!, 'agent1');
    const onB = await as(b!, 'agent1');
    const seenOnB = record(onB);
    const opId = randomUUID();
    const first = await request(onA, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId,
      changes: { remark: 'first' },
    });
    expect(first).toMatchObject({ ok: true, flight: { remark: 'first', version: 1 } });
    // The retry after a lost ack goes to another hub, maybe before that hub has read the change.
    const retry = await request(onB, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId,
      changes: { remark: 'second' },
    });
    expect(retry).toEqual(first);
    // One change, once: the retry took no seq.
    await waitFor(() => seenOnB.length === 1, 'the change on b');
    const since = await request(onB, 'sync:since', { seq: 0 });
    expect(since).toMatchObject({ ok: true, seq: 1, changes: [{ seq: 1, change: { opId } }] });
    expect(seenOnB).toMatchObject([{ seq: 1, change: { opId } }]);
  });

  it('refuse the later of two stale edits made on two hubs as a CONFLICT with the winner', async () => {
    cluster = await startHubCluster(3);
    const [a, b] = cluster.hubs;
    const onA = await as(a!, 'agent1');
    const onB = await as(b!, 'agent2');
    const [fromA, fromB] = await Promise.all(
      [onA, onB].map((socket, index) =>
        request(socket, 'flight:update', {
          flightId: 'f-uk955',
          baseVersion: 0,
          opId: randomUUID(),
          changes: { remark: `from ${index ? 'b' : 'a'}` },
        }),
      ),
    );
    const outcomes = [fromA!, fromB!];
    const won = outcomes.filter((ack) => ack.ok);
    const lost = outcomes.filter((ack) => !ack.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0] as { flight: { remark: string } };
    expect(lost[0]).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', current: { remark: winner.flight.remark, version: 1 } },
    });
  });

  it('end a session signed out on one hub on the sockets of every hub', async () => {
    cluster = await startHubCluster(3);
    const [a, b, c] = cluster.hubs;
    const token = await a!.login('agent1');
    const onB = await b!.connect(token);
    const onC = await c!.connect(token);
    const other = await as(b!, 'agent2');
    const ended = [onB, onC].map(
      (socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)),
    );
    const response = await fetch(`${a!.url}/api/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBeLessThan(300);
    expect(await Promise.all(ended)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(other.connected).toBe(true);
  });
});
