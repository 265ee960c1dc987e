import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { GateConflictsBody, GateEntry } from '../../core';
import { startHubCluster, type TestHubCluster } from '../../test-support/hub-cluster';
import type { HubClient, TestHub } from '../../test-support/hub-harness';
import { stopSharedPostgres } from '../../test-support/postgres';

/** Gates of the fixture's flights (42B, 12, 30, 7) and a spare, all in T1. */
const GATES: GateEntry[] = ['42B', '12', '30', '7', '8'].map((gate) => ({
  gate,
  terminal: 'T1',
  contact: true,
  maxCodeLetter: 'C',
}));

let cluster: TestHubCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});
afterAll(stopSharedPostgres);

async function putGates(hub: TestHub, username: string, body: unknown) {
  const response = await fetch(`${hub.url}/api/gates`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await hub.login(username)}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function gatesOf(hub: TestHub): Promise<unknown> {
  const response = await fetch(`${hub.url}/api/gates`, {
    headers: { authorization: `Bearer ${await hub.login('board')}` },
  });
  return ((await response.json()) as { gates: unknown }).gates;
}

/** The next `gates:conflicts` the socket receives that passes `test`. */
function nextConflicts(
  socket: HubClient,
  test: (body: GateConflictsBody) => boolean,
): Promise<GateConflictsBody> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('gates:conflicts', listener);
      reject(new Error('no matching gates:conflicts'));
    }, 10_000);
    const listener = (body: GateConflictsBody) => {
      if (!test(body)) return;
      clearTimeout(timer);
      socket.off('gates:conflicts', listener);
      resolve(body);
    };
    socket.on('gates:conflicts', listener);
  });
}

async function storedGates(databaseUrl: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ body: { gates: unknown } }>(
      "SELECT body FROM hub_documents WHERE name = 'gates'",
    );
    return rows[0]?.body.gates;
  } finally {
    await client.end();
  }
}

describe('the gate list of hubs sharing a database', () => {
  it('is one list: a supervisor’s edit on one hub is the list, and the conflicts, of every hub', async () => {
    cluster = await startHubCluster(2, { gates: GATES });
    const [a, b] = cluster.hubs as [TestHub, TestHub];
    const viewerOnB = await b.connect(await b.login('board'));
    const unknownOnB = nextConflicts(viewerOnB, (body) =>
      body.conflicts.some((conflict) => conflict.rule === 'UNKNOWN_GATE'),
    );
    const without30 = GATES.filter((gate) => gate.gate !== '30');
    expect(await putGates(a, 'super', { gates: without30 })).toMatchObject({ status: 200 });
    expect((await unknownOnB).conflicts).toEqual([
      expect.objectContaining({ rule: 'UNKNOWN_GATE', gate: '30', flightIds: ['f-uk955'] }),
    ]);
    expect(await gatesOf(b)).toEqual(without30);
    expect(await storedGates(cluster.databaseUrl)).toEqual(without30);

    // And back, from the other hub: the conflict goes on the first hub's consoles.
    const viewerOnA = await a.connect(await a.login('board'));
    const clearOnA = nextConflicts(viewerOnA, (body) => body.conflicts.length === 0);
    expect(await putGates(b, 'super', { gates: GATES })).toMatchObject({ status: 200 });
    await clearOnA;
    expect(await gatesOf(a)).toEqual(GATES);
  });

  it('refuses a bad list or a role that may not edit it, changing nothing on any hub', async () => {
    cluster = await startHubCluster(2, { gates: GATES });
    const [a, b] = cluster.hubs as [TestHub, TestHub];
    const twice = await putGates(a, 'super', { gates: [GATES[0], { ...GATES[0] }] });
    expect(twice).toMatchObject({
      status: 400,
      body: {
        error: { code: 'INVALID', message: expect.stringMatching(/listed twice/) as unknown },
      },
    });
    expect(await putGates(a, 'agent1', { gates: [] })).toMatchObject({ status: 403 });
    expect(await putGates(b, 'super', { list: [] })).toMatchObject({ status: 400 });
    expect(await storedGates(cluster.databaseUrl)).toEqual(GATES);
    expect(await gatesOf(a)).toEqual(GATES);
    expect(await gatesOf(b)).toEqual(GATES);
  });
});
