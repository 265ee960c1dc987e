import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import {
  localDateOf,
  type GateConflictChanges,
  type GateConflictsBody,
  type GateEntry,
} from '../../core';
import demoGatesFile from '../../resources/demo/del-gates.json';
import { GATES_FILE } from '../gates/gate-list-store';
import {
  request,
  startTestHub,
  type HubClient,
  type TestHub,
} from '../../test-support/hub-harness';

/** Gates of the fixture's flights (42B, 12, 30, 7) and a spare, all in T1. */
const GATES: GateEntry[] = ['42B', '12', '30', '7', '8'].map((gate) => ({
  gate,
  terminal: 'T1',
  contact: true,
  maxCodeLetter: 'C',
}));

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

async function api(path: string, token: string | null, init: RequestInit = {}) {
  const response = await fetch(`${hub!.url}/api${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  return {
    status: response.status, // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several shapes, read by path
    body: (await response.json()) as Record<string, any>,
  };
}

/** The next `gates:conflicts` the socket receives that passes `test`. */
function nextConflicts(
  socket: HubClient,
  test: (body: GateConflictsBody) => boolean = () => true,
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

/** Every `gates:conflicts:changed` the socket receives from now on, and the next one's arrival. */
function recordChanges(socket: HubClient) {
  const seen: GateConflictChanges[] = [];
  let waiting: ((changes: GateConflictChanges) => void) | null = null;
  socket.on('gates:conflicts:changed', (changes) => {
    seen.push(changes);
    waiting?.(changes);
    waiting = null;
  });
  return {
    seen,
    next: () =>
      new Promise<GateConflictChanges>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no gates:conflicts:changed')), 10_000);
        waiting = (changes) => {
          clearTimeout(timer);
          resolve(changes);
        };
      }),
  };
}

async function changeFlight(
  socket: HubClient,
  flightId: string,
  changes: { gate?: string | null; remark?: string },
) {
  const flight = (await api('/flights', await hub!.login('agent1'))).body.flights.find(
    (f: { id: string }) => f.id === flightId,
  );
  const ack = await request(socket, 'flight:update', {
    flightId,
    baseVersion: flight.version,
    opId: randomUUID(),
    changes,
  });
  expect(ack.ok).toBe(true);
}

const moveGate = (socket: HubClient, flightId: string, gate: string | null) =>
  changeFlight(socket, flightId, { gate });

describe('the gate list (GET and PUT /api/gates)', () => {
  it('every role reads it; only a supervisor replaces it; it is kept (0600) across a restart', async () => {
    hub = await startTestHub({ gates: GATES });
    const viewer = await hub.login('board');
    expect(await api('/gates', viewer)).toEqual({ status: 200, body: { gates: GATES } });
    expect((await api('/gates', null)).status).toBe(401);

    const replacement = [
      ...GATES,
      { gate: '9', terminal: 'T2', contact: false, maxCodeLetter: 'B' },
    ];
    const put = (token: string | null, body: unknown) =>
      api('/gates', token, { method: 'PUT', body: JSON.stringify(body) });
    const agentPut = await put(await hub.login('agent1'), { gates: replacement });
    expect(agentPut.status).toBe(403);
    expect(agentPut.body.error.code).toBe('FORBIDDEN');
    expect((await put(viewer, { gates: replacement })).status).toBe(403);
    expect((await put(null, { gates: replacement })).status).toBe(401);

    const supervisor = await hub.login('super');
    expect(await put(supervisor, { gates: replacement })).toEqual({
      status: 200,
      body: { gates: replacement },
    });
    expect((await stat(join(hub.dataDir, GATES_FILE))).mode & 0o777).toBe(0o600);
    await hub.restart();
    expect((await api('/gates', await hub.login('board'))).body.gates).toEqual(replacement);
  });

  it('refuses an invalid list with a message naming what is wrong, and keeps the old one', async () => {
    hub = await startTestHub({ gates: GATES });
    const supervisor = await hub.login('super');
    const cases: Array<[unknown, RegExp]> = [
      [{ gates: [{ ...GATES[0], maxCodeLetter: 'G' }] }, /^gates\.0\.maxCodeLetter: /],
      [{ gates: [{ ...GATES[0], contact: 'yes' }] }, /^gates\.0\.contact: /],
      [{ gates: [{ gate: '1', terminal: 'T1', contact: true }] }, /^gates\.0\.maxCodeLetter/],
      [{ gates: [GATES[0], { ...GATES[0] }] }, /^gates\.1\.gate: .*listed twice/],
      [{ gates: [{ ...GATES[0], extra: 1 }] }, /^gates\.0: /],
      [{ list: [] }, /^gates: /],
      [[GATES[0]], /^body: /],
    ];
    for (const [body, message] of cases) {
      const answer = await api('/gates', supervisor, { method: 'PUT', body: JSON.stringify(body) });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('INVALID');
      expect(answer.body.error.message).toMatch(message);
    }
    const broken = await fetch(`${hub.url}/api/gates`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
      body: '{"gates": [',
    });
    expect(broken.status).toBe(400);
    expect((await api('/gates', supervisor)).body.gates).toEqual(GATES);
  });

  it('a demo hub at DEL starts with the demo airport’s gates', async () => {
    hub = await startTestHub({ demo: true, seed: undefined });
    const gates = (await api('/gates', await hub.login('board'))).body.gates as GateEntry[];
    expect(gates).toEqual(demoGatesFile.gates);
    expect(gates.length).toBeGreaterThan(100);
  });
});

describe('gate conflicts (GET /api/gates/conflicts and gates:conflicts)', () => {
  it('follow every change: an overlap appears for every console, and goes when it is fixed', async () => {
    hub = await startTestHub({ gates: GATES });
    const agent = await hub.connect(await hub.login('agent1'));
    const viewer = await hub.connect(await hub.login('board'));
    const token = await hub.login('board');
    const today = (await api('/gates/conflicts', token)).body as GateConflictsBody;
    expect(today).toEqual({ conflicts: [] });

    // AI 865 (gate 12, ETD +60) onto gate 7, which SG 8169 holds (boarding, ETD +60).
    const seen = nextConflicts(viewer, (body) => body.conflicts.length > 0);
    await moveGate(agent, 'f-ai865', '7');
    const { conflicts } = await seen;
    expect(conflicts).toHaveLength(1);
    const [overlap] = conflicts;
    expect(overlap).toMatchObject({ rule: 'GATE_OVERLAP', gate: '7' });
    expect([...overlap!.flightIds].sort()).toEqual(['f-ai865', 'f-sg8169']);
    expect(overlap!.message).toMatch(/AI 865 .* SG 8169 .*both hold gate 7 \(T1\)/);

    const date = localDateOf(overlap!.from, 'Asia/Kolkata');
    expect((await api(`/gates/conflicts?date=${date}`, token)).body).toEqual({ conflicts });
    expect((await api('/gates/conflicts?date=2001-01-01', token)).body).toEqual({ conflicts: [] });
    const bad = await api('/gates/conflicts?date=tomorrow', token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^date: /);

    const cleared = nextConflicts(viewer, (body) => body.conflicts.length === 0);
    await moveGate(agent, 'f-ai865', '8');
    expect(await cleared).toEqual({ conflicts: [] });
  });

  it('a gate taken out of the list makes its flights UNKNOWN_GATE; a gate not listed too', async () => {
    hub = await startTestHub({ gates: GATES });
    const viewer = await hub.connect(await hub.login('board'));
    const agent = await hub.connect(await hub.login('agent1'));
    const supervisor = await hub.login('super');

    const unknown = nextConflicts(viewer, (body) => body.conflicts.length > 0);
    const put = await api('/gates', supervisor, {
      method: 'PUT',
      body: JSON.stringify({ gates: GATES.filter((gate) => gate.gate !== '30') }),
    });
    expect(put.status).toBe(200);
    expect((await unknown).conflicts).toEqual([
      expect.objectContaining({ rule: 'UNKNOWN_GATE', gate: '30', flightIds: ['f-uk955'] }),
    ]);

    const two = nextConflicts(viewer, (body) => body.conflicts.length === 2);
    await moveGate(agent, 'f-6e2134', 'Z99');
    expect((await two).conflicts.map((c) => `${c.rule} ${c.gate}`).sort()).toEqual([
      'UNKNOWN_GATE 30',
      'UNKNOWN_GATE Z99',
    ]);
  });

  it('a console that asks for changes gets the list on connect, then only what changed', async () => {
    hub = await startTestHub({ gates: GATES });
    const agent = await hub.connect(await hub.login('agent1'));
    const token = await hub.login('board');
    // Listening before the handshake: the list comes right after it.
    const viewer: HubClient = io(hub.url, {
      auth: { token, gateConflicts: 'changes' },
      transports: ['websocket'],
      forceNew: true,
    });
    try {
      const lists: GateConflictsBody[] = [];
      let listed: ((body: GateConflictsBody) => void) | null = null;
      viewer.on('gates:conflicts', (body) => {
        lists.push(body);
        listed?.(body);
      });
      const firstList = new Promise<GateConflictsBody>((resolve) => (listed = resolve));
      const changes = recordChanges(viewer);
      const listFollower = await hub.connect(token);
      expect(await firstList).toEqual({ conflicts: [] });

      // A change that touches no conflict tells nothing: the next message is the overlap's.
      await changeFlight(agent, 'f-sg8169', { remark: 'catering late' });
      const made = changes.next();
      const wholeList = nextConflicts(listFollower, (body) => body.conflicts.length > 0);
      await moveGate(agent, 'f-ai865', '7');
      const { added, removed } = await made;
      expect(changes.seen).toHaveLength(1);
      expect(removed).toEqual([]);
      expect(added).toHaveLength(1);
      const overlap = added[0]!;
      expect(overlap).toMatchObject({
        id: 'GATE_OVERLAP|T1/7|f-ai865|f-sg8169',
        rule: 'GATE_OVERLAP',
        gate: '7',
      });
      // A console that did not ask still gets whole lists (the contract), with the same conflict.
      expect((await wholeList).conflicts).toEqual([overlap]);

      const fixed = changes.next();
      await moveGate(agent, 'f-ai865', '8');
      expect(await fixed).toEqual({ added: [], removed: [overlap.id] });
      expect(lists).toHaveLength(1);

      // Coming back (a new handshake) starts from the whole list again.
      await moveGate(agent, 'f-ai865', '7');
      viewer.disconnect();
      const again = new Promise<GateConflictsBody>((resolve) => (listed = resolve));
      viewer.connect();
      expect((await again).conflicts).toEqual([overlap]);
    } finally {
      viewer.close();
    }
  });

  it('an empty gate list (gates not managed) raises no UNKNOWN_GATE', async () => {
    hub = await startTestHub();
    const token = await hub.login('agent1');
    expect((await api('/gates', token)).body).toEqual({ gates: [] });
    expect((await api('/gates/conflicts', token)).body).toEqual({ conflicts: [] });
  });
});
