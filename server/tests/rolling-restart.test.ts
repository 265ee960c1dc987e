import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Flight } from '../../core';
import { loginAt } from '../../test-support/hub-client';
import {
  FollowingConsole,
  clusterPerTest,
  editContinuously,
} from '../../test-support/hub-failover';
import type { HubProcess } from '../../test-support/hub-process';
import { waitFor } from '../../test-support/wait-for';

const clusters = clusterPerTest();

/** A flight as `hub` has it now (its version moves with every edit). */
async function current(hub: HubProcess, token: string, flightId: string): Promise<Flight> {
  const console = await FollowingConsole.open(hub.url, token);
  console.close();
  return console.startFlights.find((flight) => flight.id === flightId)!;
}

describe('a rolling restart of every hub (several hubs, real processes)', () => {
  it('loses nothing acknowledged while each hub in turn drains on SIGTERM and is replaced', async () => {
    const cluster = await clusters.start(3);
    const { databaseUrl } = cluster;
    const live = [...cluster.hubs];
    const agent = await loginAt(live[0]!.url, 'agent1');
    const board = await loginAt(live[0]!.url, 'board');
    const consoles = await Promise.all(live.map((hub) => FollowingConsole.open(hub.url, board)));
    const consoleHub = new Map(consoles.map((console, index) => [console, live[index]!]));
    const flights = consoles[0]!.startFlights
      .filter((flight: Flight) => flight.status === 'SCHEDULED')
      .slice(0, 3);
    expect(flights).toHaveLength(3);

    // One editor per hub, each on its own flight, editing all along.
    const acked = new Set<string>();
    type Editor = { flightId: string; hub: HubProcess; run: ReturnType<typeof editContinuously> };
    const startEditor = async (hub: HubProcess, flightId: string): Promise<Editor> => {
      const socket = (await FollowingConsole.open(hub.url, agent)).socket;
      const run = editContinuously(socket, await current(hub, agent, flightId));
      return { flightId, hub, run };
    };
    const editors = await Promise.all(flights.map((flight, n) => startEditor(live[n]!, flight.id)));
    const ackedNow = () => acked.size + editors.reduce((sum, e) => sum + e.run.acked.size, 0);

    for (let round = 0; round < 3; round += 1) {
      const before = ackedNow();
      await waitFor(() => ackedNow() >= before + 15, 'edits acknowledged meanwhile', 20_000);
      const leaving = live.shift()!;
      leaving.kill('SIGTERM');
      await leaving.exited;
      live.push(await cluster.add());
      const next = live[0]!;
      // What was on the hub that left comes back on another one, as behind a load balancer.
      for (const [index, editor] of editors.entries()) {
        if (editor.hub !== leaving) continue;
        await editor.run.stop();
        for (const opId of editor.run.acked) acked.add(opId);
        editors[index] = await startEditor(next, editor.flightId);
      }
      for (const console of consoles) {
        if (consoleHub.get(console) !== leaving) continue;
        await console.failOver(next.url);
        consoleHub.set(console, next);
      }
    }
    for (const editor of editors) {
      await editor.run.stop();
      for (const opId of editor.run.acked) acked.add(opId);
    }
    expect(acked.size).toBeGreaterThanOrEqual(45);

    // Every acknowledged change is stored once, in one gap-free seq.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client
      .query<{ seq: string; op_id: string }>('SELECT seq, op_id FROM flight_changes ORDER BY seq')
      .finally(() => client.end());
    expect(rows.map((row) => Number(row.seq))).toEqual(rows.map((_, index) => index + 1));
    const stored = rows.map((row) => row.op_id);
    expect(new Set(stored).size).toBe(stored.length);
    for (const opId of acked) expect(stored).toContain(opId);

    // And every console, moved from hub to hub, holds every change since it opened, in order.
    const head = Number(rows.at(-1)!.seq);
    await waitFor(() => consoles.every((console) => console.seq >= head), 'consoles caught up');
    for (const console of consoles) {
      expect([...console.changes.keys()]).toEqual(
        Array.from({ length: head - console.startSeq }, (_, i) => console.startSeq + i + 1),
      );
      console.close();
    }
  }, 180_000);
});
