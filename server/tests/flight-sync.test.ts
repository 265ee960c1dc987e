import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import {
  nextChanges,
  request,
  startTestHub,
  type HubClient,
  type TestHub,
} from '../../test-support/hub-harness';
import { describeEachStore, storedChanges } from '../../test-support/hub-stores';

let hub: TestHub;
afterEach(async () => {
  await hub?.close();
});

async function agents(count: number): Promise<HubClient[]> {
  const names = ['agent1', 'agent2', 'super', 'board'];
  return Promise.all(names.slice(0, count).map(async (name) => hub.connect(await hub.login(name))));
}

describeEachStore('flight:update', (store) => {
  it('acks the sender, then broadcasts flight:changed to every client, sender included', async () => {
    hub = await startTestHub({ store });
    const [sender, other, viewer] = await agents(4);
    const received = [sender!, other!, viewer!].map((socket) => nextChanges(socket));
    const opId = randomUUID();
    const ack = await request(sender!, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId,
      changes: { gate: '14' },
    });
    expect(ack).toMatchObject({ ok: true, flight: { id: 'f-ai865', gate: '14', version: 1 } });
    for (const [change] of await Promise.all(received)) {
      expect(change).toMatchObject({
        seq: 1,
        flight: { id: 'f-ai865', gate: '14', version: 1, updatedBy: 'agent1' },
        change: { opId, by: 'agent1', fields: { gate: { from: '12', to: '14' } } },
      });
    }
  });

  it('acks only once the change is durably stored (the change log on disk, or the database)', async () => {
    hub = await startTestHub({ store });
    const [socket] = await agents(1);
    const opId = randomUUID();
    const ack = request(socket!, 'flight:update', {
      flightId: 'f-uk955',
      baseVersion: 0,
      opId,
      changes: { remark: 'Crew change' },
    });
    // Read the store in the very callback that receives the ack, before anything else runs.
    const lines = await ack.then(() => storedChanges(hub));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      seq: 1,
      flightId: 'f-uk955',
      opId,
      by: 'agent1',
      version: 1,
      fields: { remark: { from: null, to: 'Crew change' } },
    });
  });

  it('keeps seq gap-free and in order across clients sending at once', async () => {
    hub = await startTestHub({ store });
    const sockets = await agents(3);
    const watcher = await hub.connect(await hub.login('board'));
    const perClient = 10;
    const total = perClient * sockets.length;
    const seen = nextChanges(watcher, total);
    const acks = sockets.flatMap((socket, index) =>
      Array.from({ length: perClient }, (_, n) =>
        request(socket, 'flight:update', {
          flightId: ['f-6e2134', 'f-ai865', 'f-uk955'][index]!,
          baseVersion: n,
          opId: randomUUID(),
          changes: { remark: `note ${index}-${n}` },
        }),
      ),
    );
    for (const ack of await Promise.all(acks)) expect(ack.ok).toBe(true);
    const changes = await seen;
    expect(changes.map((change) => change.seq)).toEqual(
      Array.from({ length: total }, (_, index) => index + 1),
    );
    const snapshot = await request(watcher, 'flights:snapshot', {});
    expect(snapshot).toMatchObject({ ok: true, seq: total });
    const log = await storedChanges(hub);
    expect(log.map((line) => line.seq)).toEqual(changes.map((change) => change.seq));
  });
});
