import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, FlightHistoryResult, FlightUndoResult } from '../../core';
import {
  nextChanges,
  request,
  requestRaw,
  startTestHub,
  type HubClient,
  type TestHub,
} from '../../test-support/hub-harness';
import { describeEachStore } from '../../test-support/hub-stores';

let hub: TestHub;
afterEach(async () => {
  await hub?.close();
});

async function as(username: string, workstation?: string): Promise<HubClient> {
  return hub.connect(await hub.login(username), { workstation });
}

async function update(socket: HubClient, flightId: string, baseVersion: number, changes: object) {
  const ack = await request(socket, 'flight:update', {
    flightId,
    baseVersion,
    opId: randomUUID(),
    changes,
  });
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.flight;
}

const history = (socket: HubClient, payload: object) =>
  requestRaw(socket, 'flight:history', payload) as Promise<Ack<FlightHistoryResult>>;
const undo = (socket: HubClient, payload: object) =>
  requestRaw(socket, 'flight:undo', payload) as Promise<Ack<FlightUndoResult>>;

describeEachStore('flight history', (store) => {
  describe('flight:history', () => {
    it('lists every accepted change to a flight, newest first, with who, where and from → to', async () => {
      hub = await startTestHub({ store });
      const agent = await as('agent1', 'Gate 42 desk');
      const other = await as('agent2');
      await update(agent, 'f-ai865', 0, { gate: '14' });
      await update(other, 'f-uk955', 0, { remark: 'elsewhere' });
      const opId = randomUUID();
      await request(other, 'flight:update', {
        flightId: 'f-ai865',
        baseVersion: 1,
        opId,
        changes: { remark: 'Crew change' },
      });
      const board = await as('board');
      const ack = await history(board, { flightId: 'f-ai865' });
      expect(ack).toMatchObject({ ok: true, flightId: 'f-ai865', total: 2 });
      if (!ack.ok) return;
      expect(ack.entries).toEqual([
        {
          seq: 3,
          opId,
          by: 'agent2',
          workstation: null,
          at: expect.any(String),
          version: 2,
          fields: { remark: { from: null, to: 'Crew change' } },
        },
        expect.objectContaining({
          seq: 1,
          by: 'agent1',
          workstation: 'Gate 42 desk',
          version: 1,
          fields: { gate: { from: '12', to: '14' } },
        }),
      ]);
      const page = await history(board, { flightId: 'f-ai865', before: 3, limit: 5 });
      expect(page.ok && page.entries.map((entry) => entry.seq)).toEqual([1]);
    });

    it('is served from the store after a restart (across log segments in the data folder)', async () => {
      hub = await startTestHub({ store, segmentMaxEntries: 3, compactEvery: 2 });
      const agent = await as('agent1');
      for (let n = 0; n < 7; n += 1) {
        await update(agent, n % 2 ? 'f-ai865' : 'f-uk955', Math.floor(n / 2), { remark: `r${n}` });
      }
      await hub.restart();
      const socket = await as('agent1');
      await update(socket, 'f-ai865', 3, { remark: 'after restart' });
      const ack = await history(socket, { flightId: 'f-ai865' });
      expect(ack.ok && ack.entries.map((entry) => [entry.seq, entry.fields.remark?.to])).toEqual([
        [8, 'after restart'],
        [6, 'r5'],
        [4, 'r3'],
        [2, 'r1'],
      ]);
    });

    it('refuses an unknown flight and a malformed request', async () => {
      hub = await startTestHub({ store });
      const socket = await as('agent1');
      expect(await history(socket, { flightId: 'nope' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await history(socket, { flightId: 'f-ai865', limit: 0 })).toMatchObject({
        ok: false,
        error: { code: 'INVALID', message: expect.stringContaining('limit') },
      });
    });
  });

  describe('flight:undo', () => {
    it('reverts the agent’s own last change as a new, audited, broadcast change', async () => {
      hub = await startTestHub({ store });
      const agent = await as('agent1');
      const watcher = await as('board');
      // The change's own broadcast first (it may trail its ack), then the undo's.
      const first = nextChanges(watcher, 1);
      await update(agent, 'f-ai865', 0, { gate: '14', remark: 'Moved' });
      await first;
      const mine = await history(agent, { flightId: 'f-ai865' });
      const target = mine.ok ? mine.entries[0]!.opId : '';
      const broadcast = nextChanges(watcher, 1);
      const opId = randomUUID();
      const ack = await undo(agent, { flightId: 'f-ai865', opId, target });
      expect(ack).toMatchObject({
        ok: true,
        undone: target,
        flight: { gate: '12', remark: null, version: 2, updatedBy: 'agent1' },
      });
      const [change] = await broadcast;
      expect(change).toMatchObject({
        seq: 2,
        change: { opId, undoOf: target, fields: { gate: { from: '14', to: '12' } } },
      });
      // A retry of the same undo returns the first result; nothing more to undo then.
      expect(await undo(agent, { flightId: 'f-ai865', opId, target })).toEqual(ack);
      expect(await undo(agent, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      const trail = await history(agent, { flightId: 'f-ai865' });
      expect(trail.ok && trail.entries[0]).toMatchObject({ undoOf: target, version: 2 });
    });

    it('undoes only the caller’s own change, and walks back one change per undo', async () => {
      hub = await startTestHub({ store });
      const agent = await as('agent1');
      const other = await as('agent2');
      await update(agent, 'f-ai865', 0, { gate: '14' });
      await update(agent, 'f-ai865', 1, { remark: 'First' });
      await update(other, 'f-ai865', 2, {
        etd: undefined,
        remark: undefined,
        gate: undefined,
        status: 'BOARDING',
      });
      expect(await undo(agent, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: true,
        flight: { remark: null, gate: '14', status: 'BOARDING' },
      });
      expect(await undo(agent, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: true,
        flight: { remark: null, gate: '12', status: 'BOARDING', version: 5 },
      });
      const board = await as('board');
      expect(await undo(board, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    });

    it('walks back two changes of the same field, one undo at a time', async () => {
      hub = await startTestHub({ store });
      const agent = await as('agent1');
      await update(agent, 'f-ai865', 0, { gate: '14' });
      await update(agent, 'f-ai865', 1, { gate: '15' });
      expect(await undo(agent, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: true,
        flight: { gate: '14', version: 3 },
      });
      expect(await undo(agent, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: true,
        flight: { gate: '12', version: 4 },
      });
      // A change by someone else that they undid again does not stand in the way either.
      const other = await as('agent2');
      await update(agent, 'f-ai865', 4, { gate: '16' });
      await update(other, 'f-ai865', 5, { gate: '17' });
      expect(await undo(other, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: true,
        flight: { gate: '16' },
      });
      expect(await undo(agent, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: true,
        flight: { gate: '12' },
      });
    });

    it('is a CONFLICT, naming who and when, when someone changed those fields since', async () => {
      hub = await startTestHub({ store });
      const agent = await as('agent1');
      const other = await as('agent2');
      await update(agent, 'f-ai865', 0, { gate: '14' });
      await update(other, 'f-ai865', 1, { gate: '15' });
      const ack = await undo(agent, { flightId: 'f-ai865', opId: randomUUID() });
      expect(ack).toMatchObject({
        ok: false,
        error: {
          code: 'CONFLICT',
          message: expect.stringMatching(/gate changed by agent2 at .*undo refused/),
          current: { gate: '15', version: 2 },
        },
      });
    });

    it('follows the status rules: a status cannot be undone backwards', async () => {
      hub = await startTestHub({ store });
      const agent = await as('agent1');
      await update(agent, 'f-ai865', 0, { status: 'BOARDING' });
      expect(await undo(agent, { flightId: 'f-ai865', opId: randomUUID() })).toMatchObject({
        ok: false,
        error: { code: 'INVALID', message: expect.stringContaining('cannot undo: status') },
      });
    });
  });
});
