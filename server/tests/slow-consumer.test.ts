import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { nextChanges, request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { waitFor } from '../../test-support/wait-for';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

/**
 * A console that stops taking what the hub sends (here: an Engine.IO long-polling session that
 * never polls again) must not grow the hub's memory without bound: past the backlog limit it is
 * cut, while everyone else keeps getting every change.
 */
describe('a console that falls behind', () => {
  it('is cut once its backlog passes the limit; the others get every change', async () => {
    hub = await startTestHub({
      backlogLimits: { maxBytes: 1 << 20, maxPackets: 50 },
      updateRate: { perSecond: 1_000, burst: 1_000 },
    });
    const token = await hub.login('board');
    const base = `${hub.url}/socket.io/?EIO=4&transport=polling`;
    const open = await (await fetch(base)).text();
    const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
    const joined = await fetch(`${base}&sid=${sid}`, {
      method: 'POST',
      body: `40${JSON.stringify({ token })}`,
    });
    expect(joined.status).toBe(200);
    // The namespace's CONNECT answer is the one poll this client ever makes.
    expect(await (await fetch(`${base}&sid=${sid}`)).text()).toMatch(/^40/);

    const agent = await hub.connect(await hub.login('agent1'));
    const watcher = await hub.connect(await hub.login('agent2'));
    const seen = nextChanges(watcher, 80);
    let version = 0;
    for (let n = 0; n < 80; n += 1) {
      const ack = await request(agent, 'flight:update', {
        flightId: 'f-ai865',
        baseVersion: version,
        opId: randomUUID(),
        changes: { remark: `change ${n}` },
      });
      expect(ack.ok).toBe(true);
      if (ack.ok) version = ack.flight.version;
    }
    expect((await seen).map((change) => change.change.fields.remark?.to)).toEqual(
      Array.from({ length: 80 }, (_, n) => `change ${n}`),
    );
    // The stalled session is gone: Engine.IO no longer knows its id.
    await waitFor(
      async () => (await fetch(`${base}&sid=${sid}`)).status === 400,
      'the stalled session to be closed',
    );
  });
});
