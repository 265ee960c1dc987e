import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Flight } from './flight';
import {
  linkTurnarounds,
  turnaroundsByFlight,
  type OnwardFlightRef,
  type TurnaroundFlight,
} from './turnarounds';

const zone = 'Asia/Kolkata';
const at = (local: string, day = '2026-11-21') =>
  DateTime.fromISO(`${day}T${local}`, { zone }).toUTC().toISO()!;

function departure(id: string, std: string, extra: Partial<Flight> = {}): TurnaroundFlight {
  const [airline, number] = id.split(' ');
  return {
    id,
    airline: airline!,
    flightNumber: `${airline} ${number}`,
    status: 'SCHEDULED',
    std: at(std),
    etd: at(std),
    sta: null,
    eta: null,
    atd: null,
    ata: null,
    registration: 'VT-ANB',
    aircraftType: '320',
    ...extra,
  };
}

function arrival(id: string, sta: string, extra: Partial<Flight> = {}): TurnaroundFlight {
  return departure(id, sta, { direction: 'arrival', sta: at(sta), eta: at(sta), ...extra });
}

const pairs = (flights: TurnaroundFlight[], onward?: Record<string, OnwardFlightRef>) =>
  linkTurnarounds(flights, { onward }).map(
    (link) => `${link.arrivalId} > ${link.departureId} (${link.via})`,
  );

describe('linking by registration', () => {
  it('links an arrival to the next departure of the same aircraft', () => {
    expect(linkTurnarounds([arrival('AI 101', '09:00'), departure('AI 102', '10:30')])).toEqual([
      {
        arrivalId: 'AI 101',
        departureId: 'AI 102',
        via: 'registration',
        minimumTurnaroundMinutes: 35,
      },
    ]);
  });

  it('follows the aircraft through its day, whatever order the flights come in', () => {
    const day = [
      departure('6E 10', '06:00'),
      arrival('6E 11', '08:00'),
      departure('6E 12', '09:00'),
      arrival('6E 13', '11:00'),
      arrival('6E 15', '14:00'), // the outbound of 6E 13 is missing: 6E 13 links to nothing
      departure('6E 16', '15:00'),
      arrival('6E 17', '22:00'),
      departure('6E 18', '06:00', {
        std: at('06:00', '2026-11-22'),
        etd: at('06:00', '2026-11-22'),
      }),
      departure('6E 20', '09:30', { registration: 'VT-XYZ' }),
    ];
    expect(pairs([...day].reverse())).toEqual([
      '6E 11 > 6E 12 (registration)',
      '6E 15 > 6E 16 (registration)',
      '6E 17 > 6E 18 (registration)',
    ]);
  });

  it('reads registrations with or without the hyphen, in any case', () => {
    const flights = [
      arrival('AI 101', '09:00', { registration: 'vt-anb' }),
      departure('AI 102', '10:30', { registration: 'VTANB' }),
    ];
    expect(pairs(flights)).toEqual(['AI 101 > AI 102 (registration)']);
  });

  it('leaves out cancelled flights and diverted arrivals', () => {
    const inbound = arrival('AI 101', '09:00');
    const cancelled = departure('AI 102', '10:30', { status: 'CANCELLED' });
    const later = departure('AI 104', '13:00');
    expect(pairs([inbound, cancelled, later])).toEqual(['AI 101 > AI 104 (registration)']);
    const diverted = arrival('AI 101', '09:00', { status: 'DIVERTED' });
    expect(pairs([diverted, later])).toEqual([]);
  });
});

describe('linking by onward flight', () => {
  const onward = { 'AI 101': { airline: 'AI', number: '0102' } };

  it('links to the first departure of the onward flight after the arrival', () => {
    const flights = [
      arrival('AI 101', '09:00', { registration: null }),
      departure('AI 102', '08:00', { registration: null }), // the day's earlier rotation
      departure('AI 102', '10:30', { id: 'AI 102 b', registration: null }),
      departure('AI 102', '23:00', { id: 'AI 102 c', registration: null }),
    ];
    expect(pairs(flights, onward)).toEqual(['AI 101 > AI 102 b (onward)']);
    expect(pairs(flights, {})).toEqual([]);
    const map = new Map(Object.entries(onward));
    expect(linkTurnarounds(flights, { onward: map })).toHaveLength(1);
  });

  it('matches the suffix, and lets registration links win', () => {
    const inbound = arrival('AI 101', '09:00', { registration: null });
    const suffixed = departure('AI 102', '10:30', { registration: null, suffix: 'A' });
    expect(pairs([inbound, suffixed], onward)).toEqual([]);
    expect(
      pairs([inbound, suffixed], { 'AI 101': { airline: 'ai', number: 102, suffix: 'a' } }),
    ).toEqual(['AI 101 > AI 102 (onward)']);
    // AI 102 is the next departure of another arriving aircraft: that link stands.
    const other = arrival('AI 99', '08:00', { registration: 'VT-ZZZ' });
    const claimed = departure('AI 102', '10:30', { registration: 'VT-ZZZ' });
    expect(pairs([inbound, other, claimed], onward)).toEqual(['AI 99 > AI 102 (registration)']);
  });

  it('does not link flights that name different aircraft', () => {
    const inbound = arrival('AI 101', '09:00', { registration: 'VT-AAA' });
    const outbound = departure('AI 102', '10:30', { registration: 'VT-BBB' });
    expect(pairs([inbound, outbound], onward)).toEqual([]);
    expect(pairs([inbound, { ...outbound, registration: null }], onward)).toEqual([
      'AI 101 > AI 102 (onward)',
    ]);
  });
});

describe('late inbound suggestions', () => {
  const outbound = departure('AI 102', '10:00');

  it('moves the outbound to the inbound’s eta plus the minimum turnaround, code 93', () => {
    const late = arrival('AI 101', '09:00', { eta: at('09:40') }); // ready 10:15
    expect(linkTurnarounds([late, outbound])[0]).toEqual({
      arrivalId: 'AI 101',
      departureId: 'AI 102',
      via: 'registration',
      minimumTurnaroundMinutes: 35,
      suggestion: { etd: at('10:15'), delayCode: '93', lateByMinutes: 15 },
    });
  });

  it('rounds the new etd up to 5 minutes, and counts from the current etd', () => {
    const late = arrival('AI 101', '09:00', { eta: at('09:42') }); // ready 10:17
    const delayed = { ...outbound, etd: at('10:05') };
    expect(linkTurnarounds([late, delayed])[0]!.suggestion).toEqual({
      etd: at('10:20'),
      delayCode: '93',
      lateByMinutes: 15,
    });
  });

  it('suggests nothing when the turnaround fits exactly, or once applied', () => {
    const justInTime = arrival('AI 101', '09:00', { eta: at('09:25') }); // ready 10:00
    expect(linkTurnarounds([justInTime, outbound])[0]!.suggestion).toBeUndefined();
    const late = arrival('AI 101', '09:00', { eta: at('09:42') });
    const applied = { ...outbound, etd: at('10:20'), delayCode: '93' };
    expect(linkTurnarounds([late, applied])[0]!.suggestion).toBeUndefined();
  });

  it('uses the minimum turnaround of the aircraft type', () => {
    const wide = arrival('AI 101', '09:00', { aircraftType: '788' }); // ready 10:00
    expect(linkTurnarounds([wide, outbound])[0]).toMatchObject({
      minimumTurnaroundMinutes: 60,
    });
    expect(linkTurnarounds([wide, outbound])[0]!.suggestion).toBeUndefined();
    const wideLate = arrival('AI 101', '09:00', { aircraftType: '788', eta: at('09:01') });
    expect(linkTurnarounds([wideLate, outbound])[0]!.suggestion).toMatchObject({
      etd: at('10:05'),
      lateByMinutes: 5,
    });
    const regional = arrival('AI 101', '09:00', { aircraftType: 'AT7', eta: at('09:40') });
    expect(linkTurnarounds([regional, outbound])[0]).toMatchObject({
      minimumTurnaroundMinutes: 25,
      suggestion: { etd: at('10:05') },
    });
    const unknown = arrival('AI 101', '09:00', { aircraftType: null, eta: at('09:40') });
    expect(linkTurnarounds([unknown, { ...outbound, aircraftType: '77W' }])[0]).toMatchObject({
      minimumTurnaroundMinutes: 60,
    });
  });

  it('counts from ata once the inbound is on block', () => {
    const onBlock = arrival('AI 101', '09:00', {
      status: 'ON_BLOCK',
      eta: at('09:20'),
      ata: at('09:33'),
    });
    expect(linkTurnarounds([onBlock, outbound])[0]!.suggestion).toMatchObject({
      etd: at('10:10'),
    });
  });

  it('suggests nothing to a departure that has left', () => {
    const late = arrival('AI 101', '09:00', { eta: at('09:40') });
    const gone = { ...outbound, status: 'DEPARTED' as const, atd: at('10:30') };
    expect(linkTurnarounds([late, gone])).toEqual([
      {
        arrivalId: 'AI 101',
        departureId: 'AI 102',
        via: 'registration',
        minimumTurnaroundMinutes: 35,
      },
    ]);
  });
});

describe('turnaroundsByFlight', () => {
  it('files each link under both flights', () => {
    const links = linkTurnarounds([arrival('AI 101', '09:00'), departure('AI 102', '10:30')]);
    const byFlight = turnaroundsByFlight(links);
    expect(byFlight.get('AI 101')).toBe(links[0]);
    expect(byFlight.get('AI 102')).toBe(links[0]);
    expect(byFlight.size).toBe(2);
  });
});
