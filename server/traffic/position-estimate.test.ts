import { describe, expect, it } from 'vitest';
import { distanceKm, etaFromPosition } from '../../core/geo';
import type { AircraftPosition } from '../../core/positions';
import { delhiArrival, delhiFlight } from '../../test-support/flight-fixture';
import { estimateFromPosition } from './position-estimate';

const DEL = { lat: 28.5665, lon: 77.1031 };

const position = (overrides: Partial<AircraftPosition> = {}): AircraftPosition => ({
  icao24: '800c4e',
  callsign: 'ETD492',
  flightId: 'A1',
  lat: 26.5,
  lon: 73.2,
  altitudeM: 9_000,
  groundSpeedKt: 440,
  trackDeg: 60,
  verticalRateMs: 0,
  onGround: false,
  at: '2026-11-20T17:00:37.000Z',
  estimate: null,
  ...overrides,
});

describe('estimateFromPosition', () => {
  it('gives an inbound aircraft in the air its distance to go and on-block time, to the minute', () => {
    const estimate = estimateFromPosition(position(), delhiArrival(), DEL);
    const exact = etaFromPosition({
      position: position(),
      groundSpeedKt: 440,
      destination: DEL,
      now: new Date('2026-11-20T17:00:37.000Z'),
    })!;
    expect(estimate).toEqual({
      distanceToGoKm: Math.round(distanceKm(position(), DEL) * 10) / 10,
      eta: new Date(Math.round(exact.eta.getTime() / 60_000) * 60_000).toISOString(),
    });
    expect(estimate!.eta).toMatch(/:00\.000Z$/);
  });

  it('gives none to a departure, a landed or cancelled arrival, an aircraft on the ground or too slow, or without the airport', () => {
    expect(estimateFromPosition(position(), delhiFlight(), DEL)).toBeNull();
    expect(estimateFromPosition(position(), undefined, DEL)).toBeNull();
    for (const landed of [
      delhiArrival({ status: 'LANDED' }),
      delhiArrival({ status: 'ON_BLOCK' }),
      delhiArrival({ status: 'CANCELLED' }),
      delhiArrival({ ata: '2026-11-20T18:30:00.000Z' }),
    ]) {
      expect(estimateFromPosition(position(), landed, DEL)).toBeNull();
    }
    expect(estimateFromPosition(position({ onGround: true }), delhiArrival(), DEL)).toBeNull();
    expect(estimateFromPosition(position({ groundSpeedKt: null }), delhiArrival(), DEL)).toBeNull();
    expect(estimateFromPosition(position({ groundSpeedKt: 30 }), delhiArrival(), DEL)).toBeNull();
    expect(estimateFromPosition(position(), delhiArrival(), {})).toBeNull();
  });
});
