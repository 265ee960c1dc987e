import { describe, expect, it } from 'vitest';
import {
  carrierRecord,
  headerRecord,
  legRecord,
  ssimFile,
  trailerRecord,
  type LegFields,
} from '../../test-support/ssim-record-builder';
import { expandLegs, expandLegsInSlices, flightIdFor } from './flight-instances';
import type { ScheduleLeg } from './schedule-leg';
import { readSsim } from './ssim-reader';

async function legsOf(records: string[], airport = 'DEL'): Promise<ScheduleLeg[]> {
  const text = ssimFile([
    headerRecord(),
    carrierRecord({ airline: 'AI' }),
    ...records,
    trailerRecord('AI'),
  ]);
  const result = await readSsim(text, { airport });
  expect(result.errors).toEqual([]);
  return result.legs;
}

const DEL_BOM: LegFields = {
  airline: 'AI',
  flightNumber: '0102',
  suffix: 'A',
  origin: 'DEL',
  departure: '0610',
  departureTerminal: '3',
  destination: 'BOM',
  arrival: '0820',
  arrivalTerminal: '2',
  aircraftType: '32N',
};

describe('flightIdFor', () => {
  it('is readable, at most 64 characters, and the same for "102" and "0102"', () => {
    const id = flightIdFor({
      direction: 'arrival',
      airline: 'AI',
      flightNumber: '102',
      suffix: 'A',
      localDate: '2026-11-28',
    });
    expect(id).toBe('A-AI0102A-2026-11-28');
    expect(
      flightIdFor({
        direction: 'departure',
        airline: '6E',
        flightNumber: '2134',
        suffix: '',
        localDate: '2026-11-28',
      }),
    ).toBe('D-6E2134-2026-11-28');
    expect(
      flightIdFor({
        direction: 'arrival',
        airline: 'AI',
        flightNumber: '0102',
        suffix: 'A',
        localDate: '2026-11-28',
      }),
    ).toBe(id);
    expect(() =>
      flightIdFor({
        direction: 'departure',
        airline: 'AI',
        flightNumber: '12345',
        suffix: '',
        localDate: '2026-11-28',
      }),
    ).toThrow('1-4 digits');
    expect(() =>
      flightIdFor({
        direction: 'departure',
        airline: 'AI',
        flightNumber: '1',
        suffix: '',
        localDate: '28.11.2026',
      }),
    ).toThrow('YYYY-MM-DD');
  });
});

describe('expandLegs', () => {
  it('makes a departure with UTC times, this airport terminal and reference names', async () => {
    const legs = await legsOf([
      legRecord({ ...DEL_BOM, onward: { airline: 'AI', flightNumber: 103 } }),
    ]);
    const flights = expandLegs(legs, { airport: 'DEL', from: '2026-11-28', to: '2026-11-28' });
    expect(flights).toEqual([
      {
        id: 'D-AI0102A-2026-11-28',
        direction: 'departure',
        airline: 'AI',
        flightNumber: 'AI 102A',
        suffix: 'A',
        origin: 'DEL',
        destination: 'BOM',
        std: '2026-11-28T00:40:00.000Z',
        sta: '2026-11-28T02:50:00.000Z',
        aircraftType: '32N',
        terminal: '3',
        codeshares: [],
        serviceType: 'J',
        localDate: '2026-11-28',
        // The onward flight leaves from Mumbai, not from here: no id of this hub's.
        onward: { airline: 'AI', flightNumber: '103', suffix: '', layoverDays: 0, flightId: null },
        line: 11,
        airlineName: 'Air India Limited',
        originCity: 'Delhi',
        originName: 'Indira Gandhi International Airport',
        originTimeZone: 'Asia/Kolkata',
        destinationCity: 'Mumbai',
        destinationName: 'Chhatrapati Shivaji International Airport',
        destinationTimeZone: 'Asia/Kolkata',
      },
    ]);
  });

  it('makes an arrival on the local date it lands here, with the onward departure id', async () => {
    // Mondays JFK 22:00 (-0500) - DEL 22:30 (+0530) next day.
    const legs = await legsOf([
      legRecord({
        airline: 'AI',
        flightNumber: 102,
        days: '1',
        from: '26OCT26',
        to: '22MAR27',
        origin: 'JFK',
        departure: '2200',
        departureVariation: '-0500',
        destination: 'DEL',
        arrival: '2230',
        dateVariation: '01',
        arrivalTerminal: '3',
        onward: { airline: 'AI', flightNumber: 101, layover: '1' },
      }),
    ]);
    const flights = expandLegs(legs, { airport: 'DEL', from: '2026-11-23', to: '2026-11-29' });
    expect(flights).toHaveLength(1);
    expect(flights[0]).toMatchObject({
      id: 'A-AI0102-2026-11-24',
      direction: 'arrival',
      localDate: '2026-11-24', // a Tuesday: it left New York on Monday
      std: '2026-11-24T03:00:00.000Z',
      sta: '2026-11-24T17:00:00.000Z',
      terminal: '3',
      onward: { flightId: 'D-AI0101-2026-11-25' },
    });
  });

  it('places an arrival of date variation A on the day before', async () => {
    const legs = await legsOf(
      [
        legRecord({
          airline: 'JL',
          flightNumber: 784,
          origin: 'NRT',
          departure: '0030',
          departureVariation: '+0900',
          destination: 'HNL',
          arrival: '1230',
          arrivalVariation: '-1000',
          dateVariation: '0A',
          days: '1',
        }),
      ],
      'HNL',
    );
    const flights = expandLegs(legs, { airport: 'HNL', from: '2026-11-29', to: '2026-11-30' });
    expect(flights.map((f) => [f.localDate, f.std, f.sta])).toEqual([
      ['2026-11-29', '2026-11-29T15:30:00.000Z', '2026-11-29T22:30:00.000Z'],
    ]);
  });

  it('follows the days of operation and the frequency rate within the period', async () => {
    const legs = await legsOf([
      legRecord({ ...DEL_BOM, flightNumber: 1, days: '1 3 5  ', from: '02NOV26', to: '20NOV26' }),
      // Every other week from Monday 2 November: weeks of 2 and 16 November, not 9.
      legRecord({
        ...DEL_BOM,
        flightNumber: 2,
        days: '1      ',
        frequencyRate: '2',
        from: '02NOV26',
        to: '00XXX00',
      }),
    ]);
    const dates = (number: string) =>
      expandLegs(legs, { airport: 'DEL', from: '2026-10-01', to: '2026-11-30' })
        .filter((f) => f.flightNumber === `AI ${number}A`)
        .map((f) => f.localDate);
    expect(dates('1')).toEqual([
      '2026-11-02',
      '2026-11-04',
      '2026-11-06',
      '2026-11-09',
      '2026-11-11',
      '2026-11-13',
      '2026-11-16',
      '2026-11-18',
      '2026-11-20',
    ]);
    expect(dates('2')).toEqual(['2026-11-02', '2026-11-16', '2026-11-30']);
  });

  it('orders flights by their movement here and keeps unknown airlines as plain codes', async () => {
    const legs = await legsOf([
      legRecord({ ...DEL_BOM, airline: 'XX', flightNumber: 9, departure: '0900', arrival: '1100' }),
      legRecord({
        ...DEL_BOM,
        flightNumber: 5,
        origin: 'BOM',
        destination: 'DEL',
        departure: '0500',
        arrival: '0705',
      }),
    ]);
    const flights = expandLegs(legs, { airport: 'DEL', from: '2026-11-28', to: '2026-11-28' });
    expect(flights.map((f) => f.id)).toEqual(['A-AI0005A-2026-11-28', 'D-XX0009A-2026-11-28']);
    expect(flights[1]?.airlineName).toBeUndefined();
    expect(flights[1]?.flightNumber).toBe('XX 9A');
  });

  it('gives the same flights and ids for the same schedule read twice, also in slices', async () => {
    const records = [
      legRecord(DEL_BOM),
      legRecord({ ...DEL_BOM, flightNumber: 7, origin: 'BOM', destination: 'DEL', days: '12345' }),
    ];
    const range = { airport: 'DEL', from: '2026-11-01', to: '2026-11-30' };
    const first = expandLegs(await legsOf(records), range);
    const second = expandLegs(await legsOf(records), range);
    expect(first.length).toBe(30 + 21);
    expect(second).toEqual(first);
    expect(new Set(first.map((f) => f.id)).size).toBe(first.length);
    expect(await expandLegsInSlices(await legsOf(records), range)).toEqual(first);
  });
});
