import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';

let hub: TestHub;
afterEach(async () => {
  await hub?.close();
});

describe('demo seeding', () => {
  it('seeds the demo airport, its flights and the demo users into an empty folder', async () => {
    hub = await startTestHub({ demo: true });
    for (const [username, role] of [
      ['agent1', 'agent'],
      ['agent2', 'agent'],
      ['super', 'supervisor'],
      ['board', 'viewer'],
    ]) {
      const response = await fetch(`${hub.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'demo' }),
      });
      expect(await response.json()).toMatchObject({ user: { username, role } });
    }
    const socket = await hub.connect(await hub.login('board'));
    const snapshot = await request(socket, 'flights:snapshot', {});
    expect(snapshot.ok && snapshot.flights.length).toBeGreaterThan(50);
    const airport = await fetch(`${hub.url}/api/airport`, {
      headers: { authorization: `Bearer ${await hub.login('board')}` },
    });
    expect(await airport.json()).toMatchObject({ iata: 'DEL', timeZone: 'Asia/Kolkata' });
  });

  it('does not seed again into a folder that already holds data', async () => {
    const first = await startTestHub({ keepDataDir: true });
    await first.close();
    // The harness never deletes a dataDir it was given; the test does.
    hub = await startTestHub({ dataDir: first.dataDir, demo: true, seed: undefined });
    onTestFinished(() => rm(first.dataDir, { recursive: true, force: true }));
    const socket = await hub.connect(await hub.login('agent6e'));
    const snapshot = await request(socket, 'flights:snapshot', {});
    expect(snapshot.ok && snapshot.flights.map((flight) => flight.id)).toEqual([
      'f-6e2134',
      'f-ai865',
      'f-uk955',
      'f-sg8169',
    ]);
  });
});
