import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { delayMinutes, flightSchema, type Flight } from '../../core/flight';
import { isDelayCode } from '../../core/delay-codes';
import { buildDemoDay, DEMO_TEMPLATE } from './demo-day';

const NOW = new Date('2026-11-21T09:30:00.000Z'); // 15:00 IST
const HOUR = 3_600_000;

function countBy(flights: Flight[], key: (f: Flight) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const flight of flights) counts.set(key(flight), (counts.get(key(flight)) ?? 0) + 1);
  return counts;
}

describe('demo template', () => {
  it('is derived from OpenFlights under the ODbL and covers a full day at DEL', () => {
    expect(DEMO_TEMPLATE.header.license).toBe('ODbL 1.0');
    expect(DEMO_TEMPLATE.header.source).toMatch(/OpenFlights/);
    expect(DEMO_TEMPLATE.airport).toMatchObject({ iata: 'DEL', timeZone: 'Asia/Kolkata' });
    expect(DEMO_TEMPLATE.departures.length).toBeGreaterThanOrEqual(320);
    const numbers = new Set(DEMO_TEMPLATE.departures.map((d) => d.flightNumber));
    expect(numbers.size).toBe(DEMO_TEMPLATE.departures.length);
    for (const d of DEMO_TEMPLATE.departures) {
      expect(d.flightNumber).toMatch(/^[A-Z0-9]{2} \d{1,4}$/);
      expect(d.departureLocal).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(DateTime.local().setZone(d.destinationTimeZone).isValid).toBe(true);
    }
  });
});

describe('buildDemoDay', () => {
  const day = buildDemoDay(NOW);
  const { flights } = day;

  it('returns the DEL airport record', () => {
    expect(day.airport).toEqual({
      iata: 'DEL',
      name: 'Indira Gandhi International Airport',
      city: 'Delhi',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('has at least 300 flights that all pass the flight schema', () => {
    expect(flights.length).toBeGreaterThanOrEqual(300);
    for (const flight of flights) {
      expect(flightSchema.parse(flight)).toEqual(flight);
      expect(flight.origin).toBe('DEL');
      expect(flight.version).toBe(1);
      expect(flight.updatedAt).toBe(NOW.toISOString());
      expect(flight.updatedBy).toBeNull();
      expect(flight.originTimeZone).toBe('Asia/Kolkata');
      expect(flight.std).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
      expect(flight.etd).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
      expect(flight.passengerCount).toBeGreaterThan(0);
    }
  });

  it('gives every flight a unique, stable id', () => {
    const ids = new Set(flights.map((f) => f.id));
    expect(ids.size).toBe(flights.length);
    expect(flights.every((f) => /^DEL-\d{8}-[A-Z0-9]{2}\d{1,4}$/.test(f.id))).toBe(true);
    const later = buildDemoDay(new Date(NOW.getTime() + HOUR));
    const shared = later.flights.filter((f) => ids.has(f.id));
    expect(shared.length).toBeGreaterThan(flights.length * 0.9);
  });

  it('spreads departures over 24 hours around now', () => {
    const offsets = flights.map((f) => (Date.parse(f.std) - NOW.getTime()) / HOUR);
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(-12);
    expect(Math.max(...offsets)).toBeLessThan(12);
    expect(Math.min(...offsets)).toBeLessThan(-11);
    expect(Math.max(...offsets)).toBeGreaterThan(11);
    expect(offsets.filter((o) => o < 0).length).toBeGreaterThan(100);
    expect(offsets.filter((o) => o >= 0).length).toBeGreaterThan(100);
  });

  it('sets statuses realistically relative to now', () => {
    const statuses = countBy(flights, (f) => f.status);
    for (const status of [
      'SCHEDULED',
      'BOARDING',
      'FINAL_CALL',
      'GATE_CLOSED',
      'DEPARTED',
      'CANCELLED',
    ]) {
      expect(statuses.get(status) ?? 0, status).toBeGreaterThan(0);
    }
    for (const flight of flights) {
      const minutesToGo = (Date.parse(flight.etd) - NOW.getTime()) / 60_000;
      if (flight.status === 'DEPARTED') expect(minutesToGo).toBeLessThanOrEqual(0);
      if (flight.status === 'SCHEDULED') expect(minutesToGo).toBeGreaterThanOrEqual(40);
      if (['BOARDING', 'FINAL_CALL', 'GATE_CLOSED'].includes(flight.status)) {
        expect(minutesToGo).toBeGreaterThan(0);
        expect(minutesToGo).toBeLessThan(50);
      }
      if (flight.status === 'CANCELLED') expect(flight.gate).toBeNull();
    }
    const cancelled = statuses.get('CANCELLED') ?? 0;
    expect(cancelled / flights.length).toBeGreaterThanOrEqual(0.02);
    expect(cancelled / flights.length).toBeLessThanOrEqual(0.04);
  });

  it('delays 12–18% of flights by 10–180 minutes, each with a valid delay code', () => {
    const delayed = flights.filter((f) => delayMinutes(f) > 0);
    expect(delayed.length / flights.length).toBeGreaterThanOrEqual(0.12);
    expect(delayed.length / flights.length).toBeLessThanOrEqual(0.18);
    for (const flight of delayed) {
      expect(delayMinutes(flight)).toBeGreaterThanOrEqual(10);
      expect(delayMinutes(flight)).toBeLessThanOrEqual(180);
      expect(flight.delayCode).not.toBeNull();
      expect(isDelayCode(flight.delayCode as string)).toBe(true);
    }
    for (const flight of flights.filter((f) => delayMinutes(f) === 0)) {
      expect(flight.delayCode).toBeNull();
    }
    expect(flights.some((f) => f.remark !== null && f.delayCode !== null)).toBe(true);
    expect(countBy(delayed, (f) => f.delayCode ?? '').get('93')).toBeGreaterThan(0);
  });

  it('blames fog at DEL in winter', () => {
    const january = buildDemoDay(new Date('2027-01-10T02:00:00.000Z')).flights;
    expect(january.some((f) => f.delayCode === '71')).toBe(true);
    expect(january.some((f) => f.remark !== null && /fog|visibility/i.test(f.remark))).toBe(true);
  });

  it('is deterministic for the same now', () => {
    expect(buildDemoDay(new Date(NOW.getTime()))).toEqual(day);
    expect(buildDemoDay(new Date(NOW.getTime() + 7 * 24 * HOUR)).flights).not.toEqual(flights);
  });

  it('uses real airlines and destinations', () => {
    const toBom = flights.filter((f) => f.destination === 'BOM');
    expect(toBom.some((f) => f.airline === 'AI' && f.airlineName === 'Air India Limited')).toBe(
      true,
    );
    expect(toBom.some((f) => f.airline === '6E' && /IndiGo/.test(f.airlineName ?? ''))).toBe(true);
    expect(toBom.filter((f) => f.airline === '6E').length).toBeGreaterThanOrEqual(5);
    expect(toBom[0]?.destinationCity).toBe('Mumbai');
    const lhr = flights.find((f) => f.destination === 'LHR');
    expect(lhr?.destinationName).toBe('London Heathrow Airport');
    expect(countBy(flights, (f) => f.airline).size).toBeGreaterThan(20);
    expect(countBy(flights, (f) => f.destination).size).toBeGreaterThan(50);
    for (const flight of flights) {
      expect(flight.terminal).toMatch(/^T[123]$/);
      if (flight.airline === 'AI') expect(flight.terminal).toBe('T3');
    }
  });

  it('shows local times in Asia/Kolkata', () => {
    const byNumber = new Map(DEMO_TEMPLATE.departures.map((d) => [d.flightNumber, d]));
    for (const flight of flights) {
      const local = byNumber.get(flight.flightNumber)?.departureLocal;
      expect(DateTime.fromISO(flight.std, { zone: 'Asia/Kolkata' }).toFormat('HH:mm')).toBe(local);
      // IST is UTC+05:30 all year.
      const [h, m] = (local as string).split(':').map(Number) as [number, number];
      const utcMinutes = (((h * 60 + m - 330) % 1440) + 1440) % 1440;
      const std = new Date(flight.std);
      expect(std.getUTCHours() * 60 + std.getUTCMinutes()).toBe(utcMinutes);
    }
  });

  it('places a 23:50 IST departure at 18:20Z', () => {
    // 22:00 IST on 21 Nov: a 23:50 IST departure that evening is 18:20Z the same UTC day.
    const evening = buildDemoDay(new Date('2026-11-21T16:30:00.000Z'));
    const byNumber = new Map(DEMO_TEMPLATE.departures.map((d) => [d.flightNumber, d]));
    const late = evening.flights.filter(
      (f) => byNumber.get(f.flightNumber)?.departureLocal === '23:50',
    );
    expect(late.length).toBeGreaterThan(0);
    for (const flight of late) {
      expect(flight.std).toBe('2026-11-21T18:20:00.000Z');
      expect(flight.id).toMatch(/^DEL-20261121-/);
    }
    // Just after midnight IST belongs to the next service date (22 Nov) but is still the 21st in UTC.
    const early = DEMO_TEMPLATE.departures.filter((d) => d.departureLocal < '01:00');
    expect(early.length).toBeGreaterThan(0);
    for (const departure of early) {
      const flight = evening.flights.find((f) => f.flightNumber === departure.flightNumber);
      const [h, m] = departure.departureLocal.split(':').map(Number) as [number, number];
      const expected = new Date(Date.parse('2026-11-21T18:30:00.000Z') + (h * 60 + m) * 60_000);
      expect(flight?.std).toBe(expected.toISOString());
      expect(flight?.id).toMatch(/^DEL-20261122-/);
    }
  });
});
