import { afterEach, describe, expect, it } from 'vitest';
import type { Flight, GateEntry } from '../../../core';
import { delhiFlight } from '../../../test-support/flight-fixture';
import { catchUpGateIndex, gateIndex, resetGateIndex } from './gateAvailability';

const ZONE = 'Asia/Kolkata';
const GATES: GateEntry[] = Array.from({ length: 10 }, (_, n) => ({
  gate: String(n + 1),
  terminal: 'T1',
  contact: true,
  maxCodeLetter: 'E',
}));

/** `count` departures, two per gate an hour apart, ids F0…; every flight on the list's gates. */
function departures(count: number): Map<string, Flight> {
  const flights = new Map<string, Flight>();
  for (let n = 0; n < count; n += 1) {
    const std = new Date(Date.parse('2026-11-21T08:00:00Z') + (n % 2) * 3_600_000).toISOString();
    const flight = delhiFlight({
      id: `F${n}`,
      flightNumber: `6E ${1000 + n}`,
      gate: String((Math.floor(n / 2) % GATES.length) + 1),
      terminal: 'T1',
      std,
      etd: std,
    });
    flights.set(flight.id, flight);
  }
  return flights;
}

/** Who holds each gate, as the index says: what a suggestion is ranked from. */
function holders(flights: ReadonlyMap<string, Flight>): string[][] {
  const index = gateIndex(flights, GATES, ZONE);
  return GATES.map((gate) =>
    [...index.holdsAt(`T1/${gate.gate}`)].map((hold) => hold.flight.id).sort(),
  );
}

afterEach(resetGateIndex);

describe('catchUpGateIndex', () => {
  it('files a long list in slices when the deadline has passed, and ends where gateIndex would', () => {
    const flights = departures(200);
    let slices = 1;
    // A deadline already past: each call files 25 flights, then says it is not done.
    while (!catchUpGateIndex(flights, GATES, ZONE, 0)) slices += 1;
    expect(slices).toBe(8);
    const sliced = holders(flights);
    resetGateIndex();
    expect(holders(flights)).toEqual(sliced);
    // Gate 1: F0, F1, F20, F21, … F180, F181.
    expect(sliced[0]).toHaveLength(20);
    expect(sliced[0]).toContain('F181');
  });

  it('takes newer flights in the middle of a catch-up, and forgets flights they no longer have', () => {
    const before = departures(100);
    expect(catchUpGateIndex(before, GATES, ZONE, Infinity)).toBe(true);
    // New flights F100…F149 arrive, and the catch-up stops part-way through them.
    const more = new Map(before);
    for (const [id, flight] of departures(150)) if (!more.has(id)) more.set(id, flight);
    expect(catchUpGateIndex(more, GATES, ZONE, 0)).toBe(false);
    // Then F100 (already filed by that catch-up) and F0 are gone, and F1 moves to gate 10.
    const after = new Map(more);
    after.delete('F100');
    after.delete('F0');
    after.set('F1', { ...after.get('F1')!, gate: '10' });
    while (!catchUpGateIndex(after, GATES, ZONE, 0));
    const sliced = holders(after);
    expect(sliced.flat()).not.toContain('F100');
    expect(sliced.flat()).not.toContain('F0');
    expect(sliced[9]).toContain('F1');
    resetGateIndex();
    expect(holders(after)).toEqual(sliced);
  });

  it('is done at once when nothing changed', () => {
    const flights = departures(60);
    gateIndex(flights, GATES, ZONE);
    expect(catchUpGateIndex(flights, GATES, ZONE, 0)).toBe(true);
  });
});
