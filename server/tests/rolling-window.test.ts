import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../core';
import { rm } from 'node:fs/promises';
import { request, requestRaw, startTestHub, type TestHub } from '../../test-support/hub-harness';
import type { HubClient } from '../../test-support/hub-client';
import { ManualClock } from '../../test-support/manual-clock';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

const ZONE = 'Asia/Kolkata';
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
/** 20:00 at DEL on 28 November 2026. */
const START = local('2026-11-28T20:00').toMillis();
const SCHEDULE = [
  'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type',
  'XX,101,DEL,BOM,09:10,11:20,2026-11-01,2026-12-31,1234567,320',
  'XX,102,BOM,DEL,06:00,08:05,2026-11-01,2026-12-31,1234567,320',
].join('\n');

async function startHubAt(clock: ManualClock, dataDir?: string): Promise<TestHub> {
  return startTestHub({
    now: () => new Date(clock.now()),
    windowClock: clock,
    sessionHours: 7 * 24,
    keepHours: 12,
    daysAhead: 2,
    ...(dataDir ? { dataDir, keepDataDir: true } : { keepDataDir: true }),
  });
}

function follow(socket: HubClient): Change[] {
  const seen: Change[] = [];
  socket.on('flight:changed', (change) => seen.push(change));
  return seen;
}

/** Moves the clock in steps, letting the hub's work at each step finish before the next. */
async function advance(clock: ManualClock, ms: number, step = 60_000): Promise<void> {
  for (let moved = 0; moved < ms; moved += step) {
    clock.advance(Math.min(step, ms - moved));
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function ids(socket: HubClient): Promise<string[]> {
  const answer = await request(socket, 'flights:snapshot', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.flights
    .map((flight) => flight.id)
    .filter((id) => id.includes('XX'))
    .sort();
}

describe('the rolling window', () => {
  it('makes each new day at local midnight and archives finished flights, seq gap-free', async () => {
    const clock = new ManualClock(START);
    hub = await startHubAt(clock);
    const token = await hub.login('super');
    const imported = await fetch(`${hub.url}/api/schedules?format=csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: SCHEDULE,
    });
    expect(imported.status).toBe(200);
    const agent = await hub.connect(await hub.login('agent1'));
    const seen = follow(agent);
    expect(await ids(agent)).toEqual([
      'A-XX0102-2026-11-28',
      'A-XX0102-2026-11-29',
      'A-XX0102-2026-11-30',
      'D-XX0101-2026-11-28',
      'D-XX0101-2026-11-29',
      'D-XX0101-2026-11-30',
    ]);

    // Today's departure leaves late, at 20:00; acknowledged, it must survive everything below.
    const departed = await request(agent, 'flight:update', {
      flightId: 'D-XX0101-2026-11-28',
      baseVersion: 1,
      opId: randomUUID(),
      changes: { status: 'DEPARTED' },
    });
    expect(departed).toMatchObject({ ok: true, flight: { status: 'DEPARTED' } });

    // Past local midnight: the 1 December flights appear.
    await advance(clock, 4 * 3_600_000 + 60_000);
    await expect.poll(() => ids(agent)).toContain('D-XX0101-2026-12-01');
    expect(
      seen.filter((change) => change.change.kind === 'created').map((c) => c.flight.id),
    ).toEqual(expect.arrayContaining(['A-XX0102-2026-12-01', 'D-XX0101-2026-12-01']));

    // 12 hours after it left (08:00 on the 29th) the departure is archived and leaves the table.
    await advance(clock, 8 * 3_600_000 + 10 * 60_000, 5 * 60_000);
    await expect.poll(() => ids(agent)).not.toContain('D-XX0101-2026-11-28');
    const archived = seen.find(
      (change) => change.change.kind === 'archived' && change.flight.id === 'D-XX0101-2026-11-28',
    );
    expect(archived?.flight.status).toBe('DEPARTED');
    // Its trail stays readable.
    const history = await requestRaw(agent, 'flight:history', { flightId: 'D-XX0101-2026-11-28' });
    expect(history).toMatchObject({ ok: true, total: 3 });

    const seqs = seen.map((change) => change.seq);
    expect(seqs).toEqual(seqs.map((_, index) => seqs[0]! + index));

    // Stopped for two days: the days missed are made at start, finished ones archived.
    const dataDir = hub.dataDir;
    await hub.close();
    await advance(clock, 2 * 86_400_000, 3_600_000);
    hub = await startHubAt(clock, dataDir);
    const later = await hub.connect(await hub.login('agent1'));
    const now = await ids(later);
    expect(now).toEqual(
      expect.arrayContaining(['D-XX0101-2026-12-01', 'D-XX0101-2026-12-02', 'D-XX0101-2026-12-03']),
    );
    expect(now).not.toContain('D-XX0101-2026-11-28');
    // Made once only: no day twice, the archived departure not made again.
    expect(new Set(now).size).toBe(now.length);
    // The acknowledged departure is in the trail after the restart.
    const trail = (await requestRaw(later, 'flight:history', {
      flightId: 'D-XX0101-2026-11-28',
    })) as { entries: { fields: Record<string, unknown> }[] };
    expect(trail.entries.map((entry) => entry.fields.status)).toContainEqual({
      from: 'SCHEDULED',
      to: 'DEPARTED',
    });
    await hub.close();
    hub = null;
    await rm(dataDir, { recursive: true, force: true });
  });
});
