import { describe, expect, it } from 'vitest';
import { flightSchema, isArrival } from '../../core/flight';
import { airportSchema, storedFlightSchema } from '../store/file-schemas';
import { buildDemoDay } from './demo-day';
import { buildDemoDayFromSchedule } from './demo-schedule-day';

const NOW = new Date('2026-11-21T09:30:00.000Z'); // 15:00 IST
const HOUR = 3_600_000;

describe('buildDemoDayFromSchedule', () => {
  it("has buildDemoDay's shape: the same airport, flights the seed accepts", async () => {
    const day = await buildDemoDayFromSchedule(NOW);
    expect(day.airport).toEqual(buildDemoDay(NOW).airport);
    expect(airportSchema.parse(day.airport)).toEqual(day.airport);
    for (const flight of day.flights) {
      expect(flightSchema.parse(flight)).toEqual(flight);
      expect(storedFlightSchema.parse(flight)).toEqual(flight);
      expect(flight).toMatchObject({ version: 1, updatedAt: NOW.toISOString(), updatedBy: null });
      expect(flight.passengerCount).toBeGreaterThan(0);
      expect(flight.registration).toBeTruthy();
    }
  });

  it('holds the departures and arrivals of the 24 hours around now, as they stand at now', async () => {
    const { flights } = await buildDemoDayFromSchedule(NOW);
    const offsets = flights.map(
      (f) => (Date.parse(isArrival(f) ? f.sta! : f.std) - NOW.getTime()) / HOUR,
    );
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(-12);
    expect(Math.max(...offsets)).toBeLessThan(12);
    const departures = flights.filter((f) => !isArrival(f));
    const arrivals = flights.filter(isArrival);
    expect(departures.length).toBeGreaterThan(350);
    expect(arrivals.length).toBeGreaterThan(330);
    expect(new Set(departures.map((f) => f.status))).toEqual(
      new Set(['SCHEDULED', 'BOARDING', 'FINAL_CALL', 'GATE_CLOSED', 'DEPARTED', 'CANCELLED']),
    );
    for (const status of ['SCHEDULED', 'AIRBORNE', 'ON_BLOCK', 'CANCELLED']) {
      expect(arrivals.some((f) => f.status === status)).toBe(true);
    }
    expect(new Set(flights.map((f) => f.id)).size).toBe(flights.length);
  });

  it('is deterministic for the same now', async () => {
    expect(await buildDemoDayFromSchedule(new Date(NOW.getTime()))).toEqual(
      await buildDemoDayFromSchedule(NOW),
    );
  });
});
