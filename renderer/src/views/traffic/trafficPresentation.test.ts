import { describe, expect, it } from 'vitest';
import type { AircraftPosition } from '../../../../core';
import { delhiArrival, delhiFlight } from '../../../../test-support/flight-fixture';
import {
  aircraftLabel,
  aircraftRole,
  formatAltitude,
  formatDistanceToGo,
} from './trafficPresentation';

const position: AircraftPosition = {
  icao24: '8a0f3e',
  callsign: 'ETD492',
  flightId: 'A1',
  lat: 27.1,
  lon: 75.2,
  altitudeM: 3_000,
  groundSpeedKt: 300,
  trackDeg: 60,
  verticalRateMs: -5,
  onGround: false,
  at: '2026-11-20T18:00:00.000Z',
  estimate: { distanceToGoKm: 180.4, eta: '2026-11-20T18:52:00.000Z' },
};

describe('the traffic map presentation', () => {
  it('reads altitudes as flight levels from 10,000 ft, feet below, GND on the ground', () => {
    expect(formatAltitude(10_668)).toBe('FL350');
    expect(formatAltitude(3_048)).toBe('FL100');
    expect(formatAltitude(3_000)).toBe('9,800 ft');
    expect(formatAltitude(300)).toBe('1,000 ft');
    expect(formatAltitude(100)).toBe('300 ft');
    expect(formatAltitude(null)).toBe('');
    expect(formatAltitude(120, true)).toBe('GND');
  });

  it('gives distance in km and NM', () => {
    expect(formatDistanceToGo(180.4)).toBe('180 km · 97 NM');
  });

  it('labels inbound aircraft with the ETA from position, others without', () => {
    const zone = 'Asia/Kolkata';
    expect(aircraftRole(delhiArrival())).toBe('inbound');
    expect(aircraftRole(delhiFlight())).toBe('outbound');
    expect(aircraftRole(undefined)).toBe('other');
    expect(aircraftLabel(position, delhiArrival(), zone)).toEqual({
      title: 'EY 492',
      detail: '9,800 ft · ETA 00:22',
    });
    expect(aircraftLabel(position, delhiFlight(), zone).detail).toBe('9,800 ft');
    expect(aircraftLabel({ ...position, callsign: null }, undefined, zone).title).toBe('8A0F3E');
  });
});
