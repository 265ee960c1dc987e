import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';

let hub: TestHub;
afterEach(async () => {
  await hub?.close();
});

async function metrics(): Promise<string> {
  const response = await fetch(`${hub.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

describe('GET /metrics and /readyz', () => {
  it('count clients, committed changes and ack latency, and name notification and feed metrics', async () => {
    hub = await startTestHub();
    const socket = await hub.connect(await hub.login('agent1'));
    const ack = await request(socket, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { remark: 'measured' },
    });
    expect(ack.ok).toBe(true);
    const text = await metrics();
    expect(text).toMatch(/^jetbridge_connected_clients 1$/m);
    expect(text).toMatch(/^jetbridge_changes_committed_total\{kind="update"\} 1$/m);
    expect(text).toMatch(/^jetbridge_change_ack_seconds_count 1$/m);
    expect(text).toContain('# TYPE jetbridge_notifications gauge');
    expect(text).toContain('# TYPE jetbridge_feed_messages_total counter');
    socket.close();
  });

  it('is ready while the store takes changes', async () => {
    hub = await startTestHub();
    const response = await fetch(`${hub.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
