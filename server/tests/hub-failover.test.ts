import { describe, expect, it } from 'vitest';
import type { Flight } from '../../core';
import { loginAt } from '../../test-support/hub-client';
import {
  FollowingConsole,
  clusterPerTest,
  editContinuously,
} from '../../test-support/hub-failover';
import { waitFor } from '../../test-support/wait-for';

const clusters = clusterPerTest();

describe('a hub killed mid-burst (several hubs, real processes)', () => {
  it('loses nothing it acknowledged, and its clients catch up on another hub', async () => {
    const cluster = await clusters.start(2);
    const [victim, survivor] = cluster.hubs;
    const token = await loginAt(victim!.url, 'agent1');
    const board = await loginAt(victim!.url, 'board');
    const consoles = await Promise.all(
      [victim!, victim!, survivor!].map((hub) => FollowingConsole.open(hub.url, board)),
    );
    const flights = consoles[0]!.startFlights
      .filter((flight: Flight) => flight.status === 'SCHEDULED')
      .slice(0, 3);
    expect(flights).toHaveLength(3);
    const editors = await Promise.all(
      flights.map(async (flight) => {
        const socket = (await FollowingConsole.open(victim!.url, token)).socket;
        return editContinuously(socket, flight);
      }),
    );
    const acked = () => editors.reduce((sum, editor) => sum + editor.acked.size, 0);
    await waitFor(() => acked() >= 30, 'changes acknowledged before the kill', 20_000);

    victim!.kill('SIGKILL');
    await Promise.all(editors.map((editor) => editor.stop()));
    const killedAt = Date.now();
    // The victim's consoles come back on the survivor and catch up from their last seq.
    const heads = await Promise.all(
      consoles.slice(0, 2).map((console) => console.failOver(survivor!.url)),
    );
    const head = Math.max(...heads);
    await waitFor(
      () => consoles.every((console) => console.seq >= head),
      'every console caught up',
      10_000,
    );
    const caughtUpMs = Date.now() - killedAt;

    for (const console of consoles) {
      expect(console.sawGap).toBe(false);
      expect([...console.changes.keys()]).toEqual(
        Array.from(
          { length: console.seq - console.startSeq },
          (_, index) => console.startSeq + index + 1,
        ),
      );
      const opIds = new Set([...console.changes.values()].map((change) => change.change.opId));
      for (const editor of editors) {
        for (const opId of editor.acked) expect(opIds.has(opId)).toBe(true);
      }
    }
    expect(caughtUpMs).toBeLessThan(5_000);
    for (const console of consoles) console.close();
  }, 120_000);
});
