import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlightChanges, Passenger } from '../../core';
import {
  fixtureSeed,
  request,
  startTestHub,
  type HubClient,
  type TestHub,
} from '../../test-support/hub-harness';
import { ManualClock } from '../../test-support/manual-clock';
import { waitFor } from '../../test-support/wait-for';

const FLIGHT = 'f-ai865';
const PHONE = '+919810000777';
const MANIFEST: Passenger[] = [{ pnr: 'RET001', name: 'Kiran Rao', phone: PHONE }];
const HOUR = 3_600_000;

let hub: TestHub | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = null;
});

function startHubAt(clock: ManualClock, folder?: string): Promise<TestHub> {
  return startTestHub({
    now: () => new Date(clock.now()),
    windowClock: clock,
    sessionHours: 30 * 24,
    keepHours: 12,
    notifyCoalesceMs: 50,
    passengers: { settings: { retentionDays: 7 } },
    seed: () => ({
      ...fixtureSeed(new Date(clock.now())),
      passengers: { [FLIGHT]: MANIFEST },
    }),
    keepDataDir: true,
    ...(folder ? { dataDir: folder } : {}),
  });
}

/** Moves the clock in steps, letting the hub's work at each step finish before the next. */
async function advance(clock: ManualClock, ms: number, step: number): Promise<void> {
  for (let moved = 0; moved < ms; moved += step) {
    clock.advance(Math.min(step, ms - moved));
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function change(socket: HubClient, changes: FlightChanges) {
  const snapshot = await request(socket, 'flights:snapshot', {});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const flight = snapshot.flights.find((f) => f.id === FLIGHT)!;
  const ack = await request(socket, 'flight:update', {
    flightId: FLIGHT,
    baseVersion: flight.version,
    opId: randomUUID(),
    changes,
  });
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
}

const journal = (folder: string) =>
  readFile(join(folder, 'notifications.ndjson'), 'utf8').catch(() => '');

/**
 * Growth is bounded: a flight's notifications (phone numbers, names in the bodies) are kept
 * while the flight is live and for the retention period after it was archived, then deleted from
 * the journal on disk — not kept for ever. The clock is the hub's own, moved by hand.
 */
describe('notification retention', () => {
  it('deletes the notifications of a flight archived longer than the retention period', async () => {
    const clock = new ManualClock(Date.now());
    hub = await startHubAt(clock);
    dataDir = hub.dataDir;
    const agent = await hub.connect(await hub.login('agent1'));

    await change(agent, { gate: '44' });
    await waitFor(
      async () => (await journal(dataDir!)).includes(PHONE),
      'a notification record',
      15_000,
    );
    await change(agent, { status: 'DEPARTED' });

    // Archived 12 hours after it left; its notifications stay for the retention period.
    await advance(clock, 13 * HOUR, 5 * 60_000);
    await expect
      .poll(
        async () => {
          const snapshot = await request(agent, 'flights:snapshot', {});
          return snapshot.ok && snapshot.flights.some((flight) => flight.id === FLIGHT);
        },
        { timeout: 15_000 },
      )
      .toBe(false);
    await advance(clock, 6 * 24 * HOUR, HOUR);
    expect(await journal(dataDir)).toContain(PHONE);

    // Past seven days after archiving: gone from the journal, and the journal is small again.
    await advance(clock, 2 * 24 * HOUR, HOUR);
    await waitFor(
      async () => !(await journal(dataDir!)).includes(PHONE),
      'the records pruned',
      15_000,
    );
    expect(await journal(dataDir)).not.toContain('RET001');

    // Nothing of it comes back after a restart; flights.json is written compact (one line).
    await hub.close();
    hub = await startHubAt(clock, dataDir);
    expect(await journal(dataDir)).not.toContain(PHONE);
    await hub.close();
    hub = null;
    const snapshot = await readFile(join(dataDir, 'flights.json'), 'utf8');
    expect(snapshot.trimEnd().split('\n')).toHaveLength(1);
  });
});
