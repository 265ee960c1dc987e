import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { DayKpis, Flight } from '../../core';
import { fixtureSeed, request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { ManualClock } from '../../test-support/manual-clock';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

const ZONE = 'Asia/Kolkata';
/** "28 14:00" → that local time at DEL in November 2026, as an ISO instant. */
const at = (dayTime: string) =>
  DateTime.fromFormat(`2026-11-${dayTime}`, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toUTC().toISO()!;
/** 14:00 at DEL on 28 November 2026. */
const NOW = Date.parse(at('28 14:00'));

function departure(id: string, fields: Partial<Flight> & { std: string }): Flight {
  return {
    id,
    flightNumber: `XX ${id.length}`,
    airline: 'XX',
    origin: 'DEL',
    destination: 'BOM',
    etd: fields.std,
    gate: null,
    status: 'SCHEDULED',
    delayCode: null,
    remark: null,
    version: 1,
    updatedAt: fields.atd ?? fields.std,
    updatedBy: null,
    direction: 'departure',
    ...fields,
  };
}

function arrival(id: string, fields: Partial<Flight> & { sta: string }): Flight {
  const std = new Date(Date.parse(fields.sta) - 2 * 3_600_000).toISOString();
  return departure(id, {
    origin: 'BOM',
    destination: 'DEL',
    direction: 'arrival',
    std,
    etd: std,
    eta: fields.sta,
    updatedAt: fields.ata ?? fields.sta,
    ...fields,
  });
}

/**
 * Yesterday (the 27th): three departures and an arrival finished long ago, archived when the hub
 * starts (12 hours after they finished), and a departure that left at 03:00 today, still live.
 * Today (the 28th): departures and arrivals in every state.
 */
const FLIGHTS: Flight[] = [
  departure('D-XX0001-2026-11-27', {
    std: at('27 10:00'),
    atd: at('27 10:10'),
    status: 'DEPARTED',
  }),
  departure('D-XX0002-2026-11-27', {
    std: at('27 11:00'),
    etd: at('27 11:40'),
    atd: at('27 11:45'),
    status: 'DEPARTED',
    delayCode: '93',
  }),
  departure('D-XX0003-2026-11-27', {
    std: at('27 12:00'),
    status: 'CANCELLED',
    updatedAt: at('27 08:00'),
  }),
  arrival('A-XX0004-2026-11-27', { sta: at('27 09:00'), ata: at('27 09:20'), status: 'ON_BLOCK' }),
  // Not made from a schedule (no date in its id), and still live: left 11 hours ago.
  departure('late-one', {
    std: at('27 23:30'),
    etd: at('28 00:10'),
    atd: at('28 03:00'),
    status: 'DEPARTED',
    delayCode: '41',
  }),
  departure('D-XX0011-2026-11-28', { std: at('28 15:00') }),
  departure('D-XX0012-2026-11-28', { std: at('28 16:00'), etd: at('28 16:30'), delayCode: '93' }),
  departure('D-XX0013-2026-11-28', {
    std: at('28 13:00'),
    atd: at('28 13:05'),
    status: 'DEPARTED',
  }),
  departure('D-XX0014-2026-11-28', {
    std: at('28 17:00'),
    status: 'CANCELLED',
    updatedAt: at('28 13:00'),
  }),
  arrival('A-XX0015-2026-11-28', { sta: at('28 15:00'), eta: at('28 15:10'), status: 'AIRBORNE' }),
  arrival('A-XX0016-2026-11-28', { sta: at('28 12:00'), status: 'DIVERTED' }),
  arrival('A-XX0017-2026-11-28', { sta: at('28 18:00'), status: 'CANCELLED' }),
  // Tomorrow's: counted on no other day.
  departure('D-XX0021-2026-11-29', { std: at('29 00:30'), etd: at('29 01:30'), delayCode: '93' }),
];

async function startAt(dataDir?: string): Promise<TestHub> {
  const clock = new ManualClock(NOW);
  return startTestHub({
    now: () => new Date(clock.now()),
    windowClock: clock,
    keepHours: 12,
    seed: () => ({ ...fixtureSeed(new Date(NOW)), flights: FLIGHTS }),
    ...(dataDir ? { dataDir, keepDataDir: true } : {}),
  });
}

async function kpis(token: string | null, query = '') {
  const response = await fetch(`${hub!.url}/api/kpis${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    body: (await response.json()) as DayKpis & { error?: { code: string; message: string } },
  };
}

/** Worked out by hand from FLIGHTS (delays in minutes). */
const YESTERDAY: DayKpis = {
  // 10 (on time), 45 (93), cancelled, 210 (41, live): mean (10 + 45 + 210) / 3.
  departures: {
    total: 4,
    departed: 3,
    onTime: 1,
    delayed15: 2,
    cancelled: 1,
    averageDelayMinutes: 88.3,
  },
  // On block 20 minutes late: arrived, not A15.
  arrivals: { total: 1, arrived: 1, onTime: 0, delayed15: 1, cancelled: 0, diverted: 0 },
  delayMinutesByCode: { '93': 45, '41': 210 },
};
/** 0, 30 (93), 5 (left), cancelled: mean 35 / 3. Arrivals: 10 late, diverted, cancelled. */
const TODAY: DayKpis = {
  departures: {
    total: 4,
    departed: 1,
    onTime: 1,
    delayed15: 1,
    cancelled: 1,
    averageDelayMinutes: 11.7,
  },
  arrivals: { total: 3, arrived: 0, onTime: 0, delayed15: 0, cancelled: 1, diverted: 1 },
  delayMinutesByCode: { '93': 30 },
};

describe('GET /api/kpis', () => {
  it('answers hand-computed KPIs for today, live, and for yesterday from the archive', async () => {
    hub = await startAt();
    const board = await hub.login('board');
    const agent = await hub.connect(await hub.login('agent1'));

    // Yesterday's finished flights left the live table when the hub started.
    const snapshot = await request(agent, 'flights:snapshot', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const live = snapshot.flights.map((flight) => flight.id);
    expect(live).not.toContain('D-XX0002-2026-11-27');
    expect(live).toContain('late-one');

    expect(await kpis(board, '?date=2026-11-27')).toEqual({ status: 200, body: YESTERDAY });
    expect(await kpis(board, '?date=2026-11-28')).toEqual({ status: 200, body: TODAY });
    // Today is the default.
    expect(await kpis(board)).toEqual({ status: 200, body: TODAY });

    // A departure delayed 20 minutes moves today's figures at once.
    const delayed = await request(agent, 'flight:update', {
      flightId: 'D-XX0011-2026-11-28',
      baseVersion: 1,
      opId: randomUUID(),
      changes: { etd: at('28 15:20'), delayCode: '93' },
    });
    expect(delayed.ok).toBe(true);
    expect((await kpis(board)).body).toEqual({
      ...TODAY,
      departures: { ...TODAY.departures, delayed15: 2, averageDelayMinutes: 18.3 },
      delayMinutesByCode: { '93': 50 },
    });

    // The archived ones are listed for consoles (which add them to their live flights).
    const archived = await fetch(`${hub.url}/api/flights/archived?date=2026-11-27`, {
      headers: { authorization: `Bearer ${board}` },
    });
    const listed = (await archived.json()) as { date: string; flights: Flight[] };
    expect(listed.date).toBe('2026-11-27');
    expect(listed.flights.map((flight) => flight.id).sort()).toEqual([
      'A-XX0004-2026-11-27',
      'D-XX0001-2026-11-27',
      'D-XX0002-2026-11-27',
      'D-XX0003-2026-11-27',
    ]);

    // Read back from the data folder after a restart, the archive gives the same answer.
    await hub.restart();
    expect(await kpis(await hub.login('super'), '?date=2026-11-27')).toEqual({
      status: 200,
      body: YESTERDAY,
    });
  });

  it('refuses a bad date, an anonymous caller and a day older than the archive', async () => {
    hub = await startAt();
    const token = await hub.login('board');
    for (const query of ['?date=2026-13-01', '?date=28-11-2026', '?date=2026-02-30']) {
      expect(await kpis(token, query)).toEqual({
        status: 400,
        body: { error: { code: 'INVALID', message: 'date: must be a date as YYYY-MM-DD' } },
      });
    }
    expect((await kpis(token, '?date=2026-11-27&date=2026-11-28')).body.error).toMatchObject({
      code: 'INVALID',
      message: expect.stringMatching(/^date: /),
    });
    expect((await kpis(null)).status).toBe(401);
    // Six days back is kept; the seventh is not.
    expect((await kpis(token, '?date=2026-11-22')).status).toBe(200);
    expect(await kpis(token, '?date=2026-11-21')).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: expect.stringContaining('2026-11-21') } },
    });
    // Days ahead are planned flights: tomorrow has one, an hour late.
    expect((await kpis(token, '?date=2026-11-29')).body.departures).toMatchObject({
      total: 1,
      delayed15: 1,
      averageDelayMinutes: 60,
    });
  });
});
