import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flight } from '../../core';
import {
  request,
  requestRaw,
  startTestHub,
  type HubClient,
  type TestHub,
} from '../../test-support/hub-harness';
import { describeEachStore } from '../../test-support/hub-stores';

let hub: TestHub;
let agent1: HubClient;
let agent2: HubClient;

function update(socket: HubClient, flightId: string, baseVersion: number, changes: object) {
  return request(socket, 'flight:update', {
    flightId,
    baseVersion,
    opId: randomUUID(),
    changes: changes as never,
  });
}

async function flight(id: string): Promise<Flight> {
  const snapshot = await request(agent1, 'flights:snapshot', {});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  return snapshot.flights.find((candidate) => candidate.id === id)!;
}

function expectError(ack: { ok: boolean }, code: string, messagePart?: string) {
  expect(ack).toMatchObject({ ok: false, error: { code } });
  if (messagePart) {
    expect((ack as unknown as { error: { message: string } }).error.message).toContain(messagePart);
  }
}

describeEachStore('flight rules', (store) => {
  beforeEach(async () => {
    hub = await startTestHub({ store });
    agent1 = await hub.connect(await hub.login('agent1'));
    agent2 = await hub.connect(await hub.login('agent2'));
  });
  afterEach(async () => {
    await hub.close();
  });

  describe('conflicts on the same field', () => {
    it('refuses a change to a field someone else changed after baseVersion, with current', async () => {
      expect((await update(agent1, 'f-ai865', 0, { gate: '14' })).ok).toBe(true);
      const ack = await update(agent2, 'f-ai865', 0, { gate: '15' });
      expectError(ack, 'CONFLICT', 'gate');
      expect(ack).toMatchObject({ error: { current: { id: 'f-ai865', gate: '14', version: 1 } } });
      expect(await flight('f-ai865')).toMatchObject({ gate: '14', version: 1 });
    });

    it('applies a change on top of others that touched only other fields', async () => {
      expect((await update(agent1, 'f-ai865', 0, { gate: '14' })).ok).toBe(true);
      const ack = await update(agent2, 'f-ai865', 0, { remark: 'Wheelchair at gate' });
      expect(ack).toMatchObject({
        ok: true,
        flight: { gate: '14', remark: 'Wheelchair at gate', version: 2, updatedBy: 'agent2' },
      });
    });

    it('refuses a baseVersion newer than the flight as INVALID', async () => {
      expectError(await update(agent1, 'f-ai865', 5, { gate: '14' }), 'INVALID', 'baseVersion');
    });
  });

  describe('invalid payloads', () => {
    const cases: Array<[string, unknown, string]> = [
      [
        'a gate that is not a gate',
        { flightId: 'f-ai865', baseVersion: 0, opId: randomUUID(), changes: { gate: '!!' } },
        'changes.gate',
      ],
      [
        'an unknown field',
        { flightId: 'f-ai865', baseVersion: 0, opId: randomUUID(), changes: { colour: 'red' } },
        'changes',
      ],
      ['no opId', { flightId: 'f-ai865', baseVersion: 0, changes: { gate: '14' } }, 'opId'],
      [
        'an opId that is not a UUID',
        { flightId: 'f-ai865', baseVersion: 0, opId: 'x', changes: { gate: '14' } },
        'opId',
      ],
      [
        'a negative baseVersion',
        { flightId: 'f-ai865', baseVersion: -1, opId: randomUUID(), changes: { gate: '14' } },
        'baseVersion',
      ],
      [
        'a remark of 121 characters',
        {
          flightId: 'f-ai865',
          baseVersion: 0,
          opId: randomUUID(),
          changes: { remark: 'x'.repeat(121) },
        },
        'changes.remark',
      ],
      [
        'an etd that is not a time',
        { flightId: 'f-ai865', baseVersion: 0, opId: randomUUID(), changes: { etd: 'soon' } },
        'changes.etd',
      ],
      ['a string instead of an object', 'gate 14 please', 'payload'],
    ];
    it.each(cases)(
      'refuses %s, naming the field; nothing changes, connection stays',
      async (_name, payload, field) => {
        const ack = await requestRaw(agent1, 'flight:update', payload);
        expectError(ack as { ok: boolean }, 'INVALID', field);
        expect(agent1.connected).toBe(true);
        expect(await request(agent1, 'flights:snapshot', {})).toMatchObject({ ok: true, seq: 0 });
      },
    );

    it('survives events without an ack callback or without a payload', async () => {
      agent1.emit('flight:update', { nonsense: true } as never, undefined as never);
      (agent1 as unknown as { emit(event: string): void }).emit('flight:update');
      const ack = await requestRaw(agent1, 'flights:snapshot');
      expect(ack).toMatchObject({ ok: true, seq: 0 });
      expect(agent1.connected).toBe(true);
    });

    it('answers NOT_FOUND for an unknown flight', async () => {
      expectError(await update(agent1, 'f-nope', 0, { gate: '14' }), 'NOT_FOUND');
    });

    it('answers a no-op change with the current flight and uses no seq', async () => {
      const ack = await update(agent1, 'f-ai865', 0, { gate: '12' });
      expect(ack).toMatchObject({ ok: true, flight: { gate: '12', version: 0 } });
      expect(await request(agent1, 'flights:snapshot', {})).toMatchObject({ seq: 0 });
    });
  });

  describe('delay codes', () => {
    it('refuses a delay without a delay code', async () => {
      const f = await flight('f-ai865');
      const etd = new Date(Date.parse(f.std) + 30 * 60_000).toISOString();
      expectError(await update(agent1, 'f-ai865', 0, { etd }), 'INVALID', 'delayCode');
      expect(await flight('f-ai865')).toMatchObject({ etd: f.std, version: 0 });
    });

    it('accepts a delay with a delay code in the same change, and later delays keep it', async () => {
      const f = await flight('f-ai865');
      const later = (minutes: number) =>
        new Date(Date.parse(f.std) + minutes * 60_000).toISOString();
      const ack = await update(agent1, 'f-ai865', 0, { etd: later(30), delayCode: '93' });
      expect(ack).toMatchObject({
        ok: true,
        flight: { etd: later(30), delayCode: '93', version: 1 },
      });
      expect((await update(agent1, 'f-ai865', 1, { etd: later(45) })).ok).toBe(true);
    });

    it('refuses a code outside the IATA list', async () => {
      expectError(
        await update(agent1, 'f-ai865', 0, { delayCode: '02' }),
        'INVALID',
        'changes.delayCode',
      );
    });
  });

  describe('status machine', () => {
    it('moves forward and refuses to move back', async () => {
      expect((await update(agent1, 'f-sg8169', 0, { status: 'FINAL_CALL' })).ok).toBe(true);
      expectError(await update(agent1, 'f-sg8169', 1, { status: 'BOARDING' }), 'INVALID', 'status');
      expect(await flight('f-sg8169')).toMatchObject({ status: 'FINAL_CALL', version: 1 });
    });

    it('cancels before departure, then takes no gate or time changes', async () => {
      expect((await update(agent1, 'f-uk955', 0, { status: 'CANCELLED' })).ok).toBe(true);
      expectError(await update(agent1, 'f-uk955', 1, { gate: '31' }), 'INVALID', 'gate');
      expectError(await update(agent1, 'f-uk955', 1, { status: 'BOARDING' }), 'INVALID', 'status');
    });

    it('refuses to cancel a departed flight', async () => {
      expect((await update(agent1, 'f-sg8169', 0, { status: 'DEPARTED' })).ok).toBe(true);
      expectError(
        await update(agent1, 'f-sg8169', 1, { status: 'CANCELLED' }),
        'INVALID',
        'status',
      );
    });
  });
});
