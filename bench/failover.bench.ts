/**
 * Failover: three hubs as real processes on one PostgreSQL (durable) and one Redis, 100
 * consoles on the hub that will die, editors on every hub (8 changes/s each). The victim is
 * killed with SIGKILL; its consoles come back on the next hub and catch up with `sync:since`.
 * Measured: from the kill to every console back and caught up to the survivor's seq, and that
 * nothing acknowledged by the victim is missing. Target: within 5 s.
 */
import type { Flight } from '../core';
import { loginAt } from '../test-support/hub-client';
import {
  FollowingConsole,
  editContinuously,
  startHubProcesses,
} from '../test-support/hub-failover';
import { request } from '../test-support/hub-harness';
import { startPostgres } from '../test-support/postgres';
import { startRedis } from '../test-support/redis';
import { waitFor } from '../test-support/wait-for';

const CONSOLES = 100;
const EDITORS_PER_HUB = 2;

export default async function failover() {
  const postgres = await startPostgres({ durable: true });
  const redis = await startRedis();
  const cluster = await startHubProcesses(3, {
    databaseUrl: await postgres.createDatabase(),
    redisUrl: redis.url,
  }).catch(async (error: unknown) => {
    await redis.stop();
    await postgres.stop();
    throw error;
  });
  const consoles: FollowingConsole[] = [];
  try {
    const [victim, survivor, third] = cluster.hubs;
    const board = await loginAt(victim!.url, 'board');
    const agent = await loginAt(victim!.url, 'agent1');
    for (let n = 0; n < CONSOLES; n += 1)
      consoles.push(await FollowingConsole.open(victim!.url, board));
    const snapshot = await request(consoles[0]!.socket, 'flights:snapshot', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const flights = snapshot.flights.filter((flight: Flight) => flight.status === 'SCHEDULED');
    const hubs = [victim!, survivor!, third!];
    const editors = await Promise.all(
      hubs.flatMap((hub, h) =>
        Array.from({ length: EDITORS_PER_HUB }, async (_, e) => {
          const socket = (await FollowingConsole.open(hub.url, agent)).socket;
          return editContinuously(socket, flights[h * EDITORS_PER_HUB + e]!);
        }),
      ),
    );
    const onVictim = editors.slice(0, EDITORS_PER_HUB);
    await waitFor(
      () => onVictim.every((editor) => editor.acked.size >= 20),
      'edits acknowledged by the victim',
      30_000,
    );
    victim!.kill('SIGKILL');
    const killedAt = performance.now();
    const heads = await Promise.all(consoles.map((console) => console.failOver(survivor!.url)));
    const head = Math.max(...heads);
    await waitFor(() => consoles.every((console) => console.seq >= head), 'caught up', 30_000);
    const caughtUpMs = performance.now() - killedAt;
    await Promise.all(editors.map((editor) => editor.stop()));
    const received = new Set(
      [...consoles[0]!.changes.values()].map((change) => change.change.opId),
    );
    const lost = onVictim.reduce(
      (sum, editor) => sum + [...editor.acked].filter((opId) => !received.has(opId)).length,
      0,
    );
    return {
      hubs: 3,
      consolesOnVictim: CONSOLES,
      editors: editors.length,
      ackedByVictim: onVictim.reduce((sum, editor) => sum + editor.acked.size, 0),
      acknowledgedButMissing: lost,
      // A live change can come before the catch-up's answer: held until what precedes it came.
      consolesHoldingAChangeAhead: consoles.filter((console) => console.sawGap).length,
      caughtUpToSeq: head,
      killToCaughtUpMs: caughtUpMs,
      target: '≤ 5000 ms, nothing acknowledged missing',
    };
  } finally {
    for (const console of consoles) console.close();
    await cluster.close();
    await redis.stop();
    await postgres.stop();
  }
}
