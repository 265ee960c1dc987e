import { describe, expect, it } from 'vitest';
import { passengerSchema, type Flight } from '../../core';
import { buildDemoDay } from './demo-day';
import { demoManifests, demoPassengers } from './demo-passengers';
import { buildDemoDayFromSchedule } from './demo-schedule-day';

function expectValidManifests(flights: Flight[]): void {
  const manifests = demoManifests(flights);
  expect(Object.keys(manifests)).toHaveLength(flights.length);
  const all = Object.values(manifests).flat();
  for (const manifest of Object.values(manifests)) {
    expect(manifest.length).toBeGreaterThanOrEqual(3);
    expect(manifest.length).toBeLessThanOrEqual(5);
    expect(new Set(manifest.map((p) => p.pnr)).size).toBe(manifest.length);
  }
  for (const passenger of all) {
    expect(passengerSchema.safeParse(passenger).success).toBe(true);
    expect(passenger.phone ?? passenger.email).toBeDefined();
    if (passenger.phone) expect(passenger.phone).toMatch(/^\+91[6-9]\d{9}$/);
    if (passenger.email) expect(passenger.email).toMatch(/@example\.(com|in)$/);
  }
  const locales = new Set(all.map((p) => p.locale));
  expect(locales).toEqual(new Set(['en', 'hi']));
  expect(demoPassengers(flights[0]!.id)).toEqual(manifests[flights[0]!.id]);
}

describe('demo passenger manifests', () => {
  it('gives every flight 3–5 valid passengers, the same ones every time', () => {
    expectValidManifests(buildDemoDay(new Date('2026-11-21T06:00:00Z')).flights);
  });

  it('does the same for the schedule day, arrivals and departures alike', async () => {
    const { flights } = await buildDemoDayFromSchedule(new Date('2026-11-21T06:00:00Z'));
    const arrivals = flights.filter((flight) => flight.direction === 'arrival');
    expect(arrivals.length).toBeGreaterThan(300);
    expectValidManifests(flights);
    expectValidManifests(arrivals);
  });
});
