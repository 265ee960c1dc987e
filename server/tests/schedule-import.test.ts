import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../core';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import type { HubClient } from '../../test-support/hub-client';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

const ZONE = 'Asia/Kolkata';
const today = DateTime.now().setZone(ZONE).startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const HEADER = 'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type';

/** Two XX legs out of DEL and one into it, daily over a month around today. */
function schedule(rows = defaultRows()): string {
  return [HEADER, ...rows].join('\n') + '\n';
}
function defaultRows(): string[] {
  const period = `${day(-10)},${day(20)},1234567`;
  return [
    `XX,101,DEL,BOM,09:10,11:20,${period},320`,
    `XX,103,DEL,BLR,13:40,16:25,${period},321`,
    `XX,102,BOM,DEL,06:00,08:05,${period},320`,
  ];
}

async function importFile(
  token: string,
  body: string,
  query = 'format=csv',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${hub!.url}/api/schedules?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function snapshot(socket: HubClient) {
  const answer = await request(socket, 'flights:snapshot', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return answer;
}

function collectChanges(socket: HubClient): Change[] {
  const seen: Change[] = [];
  socket.on('flight:changed', (change) => seen.push(change));
  return seen;
}

describe('schedule import (POST /api/schedules)', () => {
  it('reports a dry run, imports live, and changes nothing the second time', async () => {
    hub = await startTestHub();
    const token = await hub.login('super');
    const agent = await hub.connect(await hub.login('agent1'));
    const seen = collectChanges(agent);
    const before = await snapshot(agent);

    const dry = await importFile(token, schedule(), 'format=csv&dryRun=1');
    expect(dry).toMatchObject({
      status: 200,
      body: {
        legs: 3,
        skipped: 0,
        flights: { created: 9, updated: 0, unchanged: 0, cancelled: 0 },
        from: day(-10),
        to: day(20),
        dryRun: true,
      },
    });
    expect((await snapshot(agent)).seq).toBe(before.seq);

    const first = await importFile(token, schedule());
    expect(first.body).toMatchObject({
      flights: { created: 9, updated: 0, cancelled: 0 },
      dryRun: false,
    });
    const after = await snapshot(agent);
    expect(after.seq).toBe(before.seq + 9);
    const arrival = after.flights.find((flight) => flight.id === `A-XX0102-${day(0)}`);
    expect(arrival).toMatchObject({
      direction: 'arrival',
      origin: 'BOM',
      destination: 'DEL',
      flightNumber: 'XX 102',
      status: 'SCHEDULED',
      sta: DateTime.fromISO(`${day(0)}T08:05`, { zone: ZONE })
        .toUTC()
        .toISO(),
    });
    // Every console followed, without a reload: nine created changes, in seq order.
    await expect.poll(() => seen.length).toBe(9);
    expect(seen.every((change) => change.change.kind === 'created')).toBe(true);
    expect(seen.map((change) => change.seq)).toEqual(
      Array.from({ length: 9 }, (_, index) => before.seq + 1 + index),
    );

    const again = await importFile(token, schedule());
    expect(again.body).toMatchObject({
      flights: { created: 0, updated: 0, unchanged: 9, cancelled: 0 },
    });
    expect((await snapshot(agent)).seq).toBe(after.seq);
  });

  it('a new version moves one flight and drops another: updated and cancelled, live', async () => {
    hub = await startTestHub();
    const token = await hub.login('super');
    await importFile(token, schedule());
    const agent = await hub.connect(await hub.login('agent1'));
    const seen = collectChanges(agent);
    const start = (await snapshot(agent)).seq;

    const period = `${day(-10)},${day(20)},1234567`;
    const next = schedule([
      `XX,101,DEL,BOM,09:40,11:50,${period},320`,
      `XX,102,BOM,DEL,06:00,08:05,${period},320`,
    ]);
    const result = await importFile(token, next);
    expect(result.body).toMatchObject({
      flights: { created: 0, updated: 3, cancelled: 3, unchanged: 3 },
    });
    await expect.poll(() => seen.length).toBe(6);
    const moved = seen.find((change) => change.flight.id === `D-XX0101-${day(1)}`)!;
    expect(moved.change.fields.std).toEqual({
      from: DateTime.fromISO(`${day(1)}T09:10`, { zone: ZONE })
        .toUTC()
        .toISO(),
      to: DateTime.fromISO(`${day(1)}T09:40`, { zone: ZONE })
        .toUTC()
        .toISO(),
    });
    // On time before, on time after: the estimate moved with the schedule.
    expect(moved.flight.etd).toBe(moved.flight.std);
    const dropped = seen.filter((change) => change.flight.flightNumber === 'XX 103');
    expect(dropped.map((change) => change.flight.status)).toEqual([
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
    ]);
    expect((await snapshot(agent)).seq).toBe(start + 6);
  });

  it('keeps what agents set (gate, estimate) when a new version moves the flight', async () => {
    hub = await startTestHub();
    const token = await hub.login('super');
    await importFile(token, schedule());
    const agent = await hub.connect(await hub.login('agent1'));
    const id = `D-XX0101-${day(1)}`;
    const flight = (await snapshot(agent)).flights.find((f) => f.id === id)!;
    const late = DateTime.fromISO(flight.std).plus({ minutes: 45 }).toUTC().toISO()!;
    const edit = await request(agent, 'flight:update', {
      flightId: id,
      baseVersion: flight.version,
      opId: crypto.randomUUID(),
      changes: { gate: '21', etd: late, delayCode: '93' },
    });
    expect(edit.ok).toBe(true);

    const period = `${day(-10)},${day(20)},1234567`;
    await importFile(
      token,
      schedule([`XX,101,DEL,BOM,09:20,11:30,${period},321`, ...defaultRows().slice(1)]),
    );
    const moved = (await snapshot(agent)).flights.find((f) => f.id === id)!;
    expect(moved).toMatchObject({ gate: '21', etd: late, delayCode: '93', aircraftType: '321' });
    expect(moved.std).toBe(
      DateTime.fromISO(`${day(1)}T09:20`, { zone: ZONE })
        .toUTC()
        .toISO(),
    );
  });

  it('refuses a broken file with its line numbers, and changes nothing', async () => {
    hub = await startTestHub();
    const token = await hub.login('super');
    const agent = await hub.connect(await hub.login('agent1'));
    const before = (await snapshot(agent)).seq;
    const period = `${day(-10)},${day(20)},1234567`;
    const refused = await importFile(
      token,
      schedule([
        ...defaultRows(),
        `XX,105,DEL,QQQ,10:00,12:00,${period},320`,
        `XX,107,DEL,BOM,25:00,12:00,${period},320`,
      ]),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: { code: 'INVALID', message: expect.stringMatching(/2 invalid legs.*line 5/) },
      errors: [
        { line: 5, message: expect.stringMatching(/QQQ/) },
        { line: 6, message: expect.stringMatching(/25:00|std/) },
      ],
    });
    expect((await snapshot(agent)).seq).toBe(before);
  });

  it('refuses the wrong roles, an unknown format, a file over 50 MB and a second import at once', async () => {
    hub = await startTestHub();
    expect((await importFile(await hub.login('agent1'), schedule())).status).toBe(403);
    const token = await hub.login('super');
    expect(await importFile(token, schedule(), 'format=xls')).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^format: /) } },
    });
    const huge = `${HEADER}\n${'x'.repeat(51 * 1024 * 1024)}`;
    expect((await importFile(token, huge)).status).toBe(413);

    const big = schedule(
      Array.from(
        { length: 4000 },
        (_, n) => `XX,${1000 + n},DEL,BOM,09:10,11:20,${day(-10)},${day(20)},1234567,320`,
      ),
    );
    const [one, two] = await Promise.all([importFile(token, big), importFile(token, schedule())]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
  });
});
