import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  aircraftBody,
  aircraftCategory,
  minimumTurnaroundMinutes,
} from '../../core/aircraft-categories';
import { readCsvSchedule } from '../schedules/csv-reader';
import { expandLegs, type PlannedFlight } from '../schedules/flight-instances';
import { findAirline } from '../reference/reference-data';
import { DEMO_TEMPLATE } from './demo-day';
import {
  DEMO_TIME_ZONE,
  demoScheduleLegs,
  demoScheduleLegsOver,
  demoScheduleTextOver,
  readDemoScheduleText,
} from './demo-schedule';

const MINUTE = 60_000;
const day = async (date: string) =>
  expandLegs(await demoScheduleLegs(), { airport: 'DEL', from: date, to: date });
const local = (iso: string) => DateTime.fromISO(iso, { zone: DEMO_TIME_ZONE });
const body = (type: string | null) => aircraftBody(type) ?? 'narrow';

describe('the demo schedule (resources/demo/del-schedule.csv)', () => {
  it('reads without a single error, every leg concerning DEL', async () => {
    const result = await readCsvSchedule(readDemoScheduleText(), { airport: 'DEL' });
    expect(result.errors).toEqual([]);
    expect(result.errorCount).toBe(0);
    expect(result.skipped).toBe(0);
    expect(result.inferredNextDay).toBe(0);
    expect(result.legs.length).toBeGreaterThan(700);
    expect(result.period).toEqual({ from: '2025-01-01', to: '2035-12-31' });
  });

  it('lays a day out as the template departures and a similar number of arrivals', async () => {
    for (const date of ['2026-01-15', '2026-07-04', '2030-11-21']) {
      const flights = await day(date);
      const departures = flights.filter((f) => f.direction === 'departure');
      const arrivals = flights.filter((f) => f.direction === 'arrival');
      expect(departures).toHaveLength(DEMO_TEMPLATE.departures.length);
      expect(arrivals.length).toBeGreaterThan(departures.length * 0.9);
      expect(arrivals.length).toBeLessThanOrEqual(departures.length);
      expect(new Set(flights.map((f) => f.id)).size).toBe(flights.length);
      for (const flight of flights) {
        expect(local(flight.direction === 'departure' ? flight.std : flight.sta).toISODate()).toBe(
          date,
        );
      }
    }
  });

  it('keeps the template departures: numbers, times, types and terminals', async () => {
    const departures = new Map(
      (await day('2026-11-21'))
        .filter((f) => f.direction === 'departure')
        .map((f) => [f.flightNumber, f]),
    );
    for (const template of DEMO_TEMPLATE.departures) {
      const flight = departures.get(template.flightNumber);
      expect(flight, template.flightNumber).toBeDefined();
      expect(local(flight!.std).toFormat('HH:mm')).toBe(template.departureLocal);
      expect(flight).toMatchObject({
        destination: template.destination,
        aircraftType: template.aircraftType,
        terminal: template.terminal,
      });
    }
  });

  it('flies arrivals on the routes back of the departures, from the same airlines', async () => {
    const flights = await day('2026-11-21');
    const routesOut = new Set(
      flights
        .filter((f) => f.direction === 'departure')
        .map((f) => `${f.airline}-${f.destination}`),
    );
    const arrivals = flights.filter((f) => f.direction === 'arrival');
    for (const arrival of arrivals) {
      expect(routesOut.has(`${arrival.airline}-${arrival.origin}`), arrival.flightNumber).toBe(
        true,
      );
      expect(arrival.destination).toBe('DEL');
    }
    // Arrivals come all day long, and not at the same minutes as departures.
    const hours = new Set(arrivals.map((f) => local(f.sta).hour));
    expect(hours.size).toBeGreaterThanOrEqual(22);
    const numbers = new Set(
      flights.filter((f) => f.direction === 'departure').map((f) => f.flightNumber),
    );
    expect(arrivals.filter((f) => numbers.has(f.flightNumber))).toEqual([]);
  });

  it('gives plausible block times, in winter and in summer', async () => {
    for (const date of ['2026-01-15', '2026-07-04']) {
      for (const flight of await day(date)) {
        const block = (Date.parse(flight.sta) - Date.parse(flight.std)) / MINUTE;
        expect(block, flight.id).toBeGreaterThanOrEqual(45);
        expect(block, flight.id).toBeLessThanOrEqual(17 * 60);
      }
    }
    const bom = (await day('2026-11-21')).find(
      (f) => f.direction === 'departure' && f.destination === 'BOM',
    )!;
    expect((Date.parse(bom.sta) - Date.parse(bom.std)) / MINUTE).toBe(135);
  });

  it('turns most arriving aircraft into a departure of the same airline, type and day', async () => {
    const flights = await day('2026-11-21');
    const byId = new Map(flights.map((f) => [f.id, f]));
    const arrivals = flights.filter((f) => f.direction === 'arrival');
    const linked = arrivals.filter((f) => f.onward);
    expect(linked.length / arrivals.length).toBeGreaterThan(0.75);
    const departuresFed = new Set<string>();
    for (const arrival of linked) {
      const departure = byId.get(arrival.onward!.flightId!) as PlannedFlight;
      expect(departure, `${arrival.id} → ${arrival.onward!.flightId}`).toBeDefined();
      expect(departure.direction).toBe('departure');
      expect(departure.airline).toBe(arrival.airline);
      expect(departure.aircraftType).toBe(arrival.aircraftType);
      expect(departure.terminal).toBe(arrival.terminal);
      expect(departure.localDate).toBe(arrival.localDate);
      expect(departuresFed.has(departure.id), `${departure.id} fed twice`).toBe(false);
      departuresFed.add(departure.id);
      const ground = (Date.parse(departure.std) - Date.parse(arrival.sta)) / MINUTE;
      expect(ground).toBeGreaterThanOrEqual(minimumTurnaroundMinutes(arrival.aircraftType));
      expect(ground).toBeGreaterThanOrEqual(45);
      expect(ground).toBeLessThanOrEqual(body(arrival.aircraftType) === 'wide' ? 180 : 90);
      if (body(arrival.aircraftType) === 'wide') expect(ground).toBeGreaterThanOrEqual(60);
    }
    // The same holds on the next day: links never point across midnight.
    const next = await day('2026-11-22');
    const nextIds = new Set(next.map((f) => f.id));
    for (const arrival of next.filter((f) => f.onward)) {
      expect(nextIds.has(arrival.onward!.flightId!)).toBe(true);
    }
  });

  it('puts carriers in their terminals and uses known aircraft types', async () => {
    for (const flight of await day('2026-11-21')) {
      const domestic =
        flight.origin !== 'DEL'
          ? flight.originTimeZone === DEMO_TIME_ZONE
          : flight.destinationTimeZone === DEMO_TIME_ZONE;
      expect(aircraftCategory(flight.aircraftType), flight.aircraftType ?? '').not.toBeNull();
      if (!domestic || flight.airline === 'AI') expect(flight.terminal, flight.id).toBe('T3');
      else if (flight.airline === 'SG') expect(flight.terminal).toBe('T1');
      else if (flight.airline === '6E') expect(['T1', 'T2']).toContain(flight.terminal);
    }
  });

  it('carries a handful of codeshares between real partners', async () => {
    const flights = await day('2026-11-21');
    const withCodeshares = flights.filter((f) => f.codeshares.length > 0);
    expect(withCodeshares.length).toBeGreaterThanOrEqual(10);
    expect(withCodeshares.length).toBeLessThanOrEqual(40);
    const operated = new Set(flights.map((f) => f.flightNumber));
    const marketing = withCodeshares.flatMap((f) => f.codeshares);
    expect(new Set(marketing).size).toBe(marketing.length);
    for (const code of marketing) {
      expect(operated.has(code)).toBe(false);
      expect(findAirline(code.slice(0, 2))).toBeDefined();
      expect(flights.some((f) => f.airline === code.slice(0, 2))).toBe(true);
    }
    expect(
      withCodeshares.some((f) => f.airline === 'TK' && f.codeshares[0]!.startsWith('6E')),
    ).toBe(true);
    expect(
      withCodeshares.some((f) => f.airline === 'LH' && f.codeshares[0]!.startsWith('AI')),
    ).toBe(true);
  });
});

describe('the demo schedule over given dates', () => {
  const FROM = '2026-11-21';
  const TO = '2026-11-23';

  it('makes exactly the flights of those local dates, legs or text alike', async () => {
    const wide = expandLegs(await demoScheduleLegs(), { airport: 'DEL', from: FROM, to: TO });
    const narrowed = await demoScheduleLegsOver(FROM, TO);
    const around = { airport: 'DEL', from: '2026-11-19', to: '2026-11-25' };
    expect(expandLegs(narrowed, around)).toEqual(wide);

    const read = await readCsvSchedule(demoScheduleTextOver(FROM, TO), { airport: 'DEL' });
    expect(read.errors).toEqual([]);
    expect(read.legs).toEqual(narrowed);
    expect(read.period).toEqual({ from: '2026-11-20', to: TO });
  });

  it('refuses a date that is not one', async () => {
    await expect(demoScheduleLegsOver('2026-02-30', TO)).rejects.toThrow(/2026-02-30/);
    expect(() => demoScheduleTextOver(FROM, 'tomorrow')).toThrow(/tomorrow/);
  });
});
