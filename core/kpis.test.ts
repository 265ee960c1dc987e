import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DELAY_CODE_GROUPS } from './delay-codes';
import type { Flight } from './flight';
import { computeKpis, dayKpisSchema, delayMinutesByGroup, type KpiFlight } from './kpis';

const timeZone = 'Asia/Kolkata';
const date = '2026-11-21';
const at = (local: string, day = date) =>
  DateTime.fromISO(`${day}T${local}`, { zone: timeZone }).toUTC().toISO()!;

function departure(std: string, extra: Partial<Flight> = {}, day = date): KpiFlight {
  return {
    status: 'SCHEDULED',
    std: at(std, day),
    etd: at(std, day),
    sta: null,
    eta: null,
    atd: null,
    ata: null,
    delayCode: null,
    ...extra,
  };
}

function arrival(sta: string, extra: Partial<Flight> = {}, day = date): KpiFlight {
  return departure('00:00', {
    direction: 'arrival',
    sta: at(sta, day),
    eta: at(sta, day),
    ...extra,
  });
}

// A hand-computed day at DEL. Delay = atd − std once left (ata − sta on block), else etd − std.
const departures: KpiFlight[] = [
  departure('08:00', { status: 'DEPARTED', atd: at('08:10') }), // D1: +10, on time
  departure('09:00', { status: 'DEPARTED', atd: at('09:15'), delayCode: '93' }), // D2: +15, D15 missed
  departure('10:00', { status: 'BOARDING', etd: at('10:40'), delayCode: '93' }), // D3: +40
  departure('11:00', { etd: at('10:55') }), // D4: −5, counts 0 in the mean
  departure('12:00', { status: 'CANCELLED', etd: at('13:00'), delayCode: '41' }), // D5: cancelled
  departure('13:00', { status: 'DEPARTED', atd: at('12:58') }), // D6: −2, on time
  departure('14:00', { etd: at('14:14'), delayCode: '11' }), // D7: +14
  departure('23:50', { status: 'DEPARTED', atd: at('00:20', '2026-11-22'), delayCode: '89' }), // D8: +30
  departure('08:20', { status: 'DEPARTED', atd: at('08:30') }), // D10: +10 without a code, on time
  departure('00:10', { status: 'DEPARTED', atd: at('01:00', '2026-11-22') }, '2026-11-22'), // next day
  departure('23:50', { etd: at('23:59', '2026-11-20') }, '2026-11-20'), // the day before
];
const arrivals: KpiFlight[] = [
  arrival('07:00', { status: 'ON_BLOCK', ata: at('07:10') }), // A1: +10, on time
  arrival('08:00', { status: 'ON_BLOCK', ata: at('08:20') }), // A2: +20
  arrival('09:00', { status: 'AIRBORNE', eta: at('09:30') }), // A3: +30
  arrival('10:00', { status: 'LANDED', eta: at('10:05') }), // A4: landed, not on block
  arrival('11:00', { status: 'CANCELLED' }), // A5
  arrival('12:00', { status: 'DIVERTED', eta: at('13:00') }), // A6: no delay figure
  arrival('13:00', { eta: at('12:50') }), // A7: early
  arrival('14:00', { status: 'ON_BLOCK', ata: at('14:45'), delayCode: '93' }), // A9: +45, code not summed
  arrival('00:30', { status: 'ON_BLOCK', ata: at('01:30', '2026-11-22') }, '2026-11-22'), // next day
];

describe('computeKpis', () => {
  it('matches the hand-computed day', () => {
    expect(computeKpis([...departures, ...arrivals], { date, timeZone })).toEqual({
      departures: {
        total: 9, // D1–D8, D10
        departed: 5, // D1, D2, D6, D8, D10
        onTime: 3, // D1 (+10), D6 (−2), D10 (+10)
        delayed15: 3, // D2 (+15), D3 (+40), D8 (+30)
        cancelled: 1, // D5
        averageDelayMinutes: 14.9, // (10 + 15 + 40 + 0 + 0 + 14 + 30 + 10) / 8 = 14.875
      },
      arrivals: {
        total: 8, // A1–A7, A9
        arrived: 3, // A1, A2, A9
        onTime: 1, // A1
        delayed15: 3, // A2 (+20), A3 (+30), A9 (+45)
        cancelled: 1,
        diverted: 1,
      },
      delayMinutesByCode: { '93': 55, '11': 14, '89': 30 }, // D2 + D3, D7, D8
    });
  });

  it('counts a flight on the local date of its schedule, whatever its delay', () => {
    const before = computeKpis(departures, { date: '2026-11-20', timeZone });
    expect(before.departures).toMatchObject({ total: 1, delayed15: 0 });
    const after = computeKpis([...departures, ...arrivals], { date: '2026-11-22', timeZone });
    expect(after.departures).toMatchObject({ total: 1, departed: 1, delayed15: 1 });
    expect(after.arrivals).toMatchObject({ total: 1, arrived: 1, delayed15: 1, onTime: 0 });
  });

  it('gives zeros for a day without flights', () => {
    const empty = computeKpis([], { date, timeZone });
    expect(empty.departures.averageDelayMinutes).toBe(0);
    expect(empty.delayMinutesByCode).toEqual({});
    expect(dayKpisSchema.parse(empty)).toEqual(empty);
  });

  it('rounds the mean to one decimal, and counts a 15-minute delay as late', () => {
    const day = [
      departure('08:00', { etd: at('08:01'), delayCode: '93' }),
      departure('09:00'),
      departure('10:00'),
      departure('11:00', { status: 'DEPARTED', atd: at('11:14') }),
    ];
    const kpis = computeKpis(day, { date, timeZone });
    expect(kpis.departures).toMatchObject({ averageDelayMinutes: 3.8, onTime: 1, delayed15: 0 });
    const late = computeKpis([departure('11:00', { status: 'DEPARTED', atd: at('11:15') })], {
      date,
      timeZone,
    });
    expect(late.departures).toMatchObject({ onTime: 0, delayed15: 1, averageDelayMinutes: 15 });
  });
});

describe('delayMinutesByGroup', () => {
  it('sums the codes by AHM 730 group, every group present', () => {
    const byGroup = delayMinutesByGroup({ '93': 55, '11': 14, '89': 30, '96': 5, '06': 7 });
    expect(Object.keys(byGroup)).toEqual([...DELAY_CODE_GROUPS]);
    expect(byGroup).toMatchObject({
      Reactionary: 60,
      'Passenger and baggage': 14,
      'Airport and authorities': 30,
      Others: 7,
      Weather: 0,
    });
  });

  it('files an unknown code under Others', () => {
    expect(delayMinutesByGroup({ '01': 12 }).Others).toBe(12);
  });
});
