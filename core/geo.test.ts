import { describe, expect, it } from 'vitest';
import {
  destinationPoint,
  distanceKm,
  distanceNm,
  etaFromPosition,
  initialBearingDeg,
  intermediatePoint,
  knotsToMetresPerSecond,
  metresPerSecondToKnots,
  normaliseLongitude,
  type LatLon,
} from './geo';

// Airport reference points (AIP / OpenFlights).
const DEL: LatLon = { lat: 28.5665, lon: 77.103104 };
const BOM: LatLon = { lat: 19.0886993408, lon: 72.8678970337 };
const JFK: LatLon = { lat: 40.639801, lon: -73.7789 };
const LHR: LatLon = { lat: 51.4706, lon: -0.461941 };
const SYD: LatLon = { lat: -33.9461, lon: 151.177 };
const LAX: LatLon = { lat: 33.942501, lon: -118.407997 };

describe('distance', () => {
  it('matches published great-circle distances', () => {
    expect(distanceKm(DEL, BOM)).toBeCloseTo(1140, -1); // ±5 km
    expect(distanceKm(JFK, LHR)).toBeCloseTo(5540, -1);
    expect(distanceNm(JFK, LHR)).toBeCloseTo(2991, -1);
    // Across the antimeridian: the short way, not round the world.
    expect(distanceKm(SYD, LAX)).toBeCloseTo(12060, -2);
  });

  it('is symmetric and zero for one point', () => {
    expect(distanceKm(BOM, DEL)).toBeCloseTo(distanceKm(DEL, BOM), 9);
    expect(distanceKm(DEL, DEL)).toBe(0);
  });

  it('gives one degree of arc as 60 NM, near enough', () => {
    expect(distanceNm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(60.04, 1);
  });
});

describe('bearing', () => {
  it('points along the compass on the equator and meridians', () => {
    expect(initialBearingDeg({ lat: 0, lon: 0 }, { lat: 0, lon: 10 })).toBeCloseTo(90, 9);
    expect(initialBearingDeg({ lat: 0, lon: 0 }, { lat: 0, lon: -10 })).toBeCloseTo(270, 9);
    expect(initialBearingDeg({ lat: 0, lon: 0 }, { lat: 10, lon: 0 })).toBeCloseTo(0, 9);
    expect(initialBearingDeg({ lat: 10, lon: 0 }, { lat: 0, lon: 0 })).toBeCloseTo(180, 9);
  });

  it('starts north-east from New York to London, and south-south-west from Delhi to Mumbai', () => {
    expect(initialBearingDeg(JFK, LHR)).toBeCloseTo(51.4, 0);
    expect(initialBearingDeg(DEL, BOM)).toBeCloseTo(203.1, 1);
  });
});

describe('points along a great circle', () => {
  it('finds the midpoint of an equatorial arc', () => {
    const mid = intermediatePoint({ lat: 0, lon: 0 }, { lat: 0, lon: 90 }, 0.5);
    expect(mid.lat).toBeCloseTo(0, 9);
    expect(mid.lon).toBeCloseTo(45, 9);
  });

  it('starts at the origin, ends at the destination, and splits the distance by the fraction', () => {
    expect(intermediatePoint(JFK, LHR, 0).lat).toBeCloseTo(JFK.lat, 9);
    expect(intermediatePoint(JFK, LHR, 1).lon).toBeCloseTo(LHR.lon, 9);
    const point = intermediatePoint(JFK, LHR, 0.3);
    const total = distanceKm(JFK, LHR);
    expect(distanceKm(JFK, point)).toBeCloseTo(0.3 * total, 6);
    expect(distanceKm(point, LHR)).toBeCloseTo(0.7 * total, 6);
    // A great circle bulges poleward of the rhumb line: halfway is north of both ends.
    expect(intermediatePoint(JFK, LHR, 0.5).lat).toBeGreaterThan(LHR.lat);
  });

  it('crosses the antimeridian with longitudes in range', () => {
    const point = intermediatePoint(SYD, LAX, 0.5);
    expect(point.lon).toBeGreaterThanOrEqual(-180);
    expect(point.lon).toBeLessThan(180);
    expect(distanceKm(SYD, point)).toBeCloseTo(distanceKm(SYD, LAX) / 2, 6);
  });

  it('reaches the destination point given by bearing and distance', () => {
    const east = destinationPoint(
      { lat: 0, lon: 0 },
      90,
      distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 }),
    );
    expect(east.lat).toBeCloseTo(0, 9);
    expect(east.lon).toBeCloseTo(1, 9);
    const there = destinationPoint(JFK, initialBearingDeg(JFK, LHR), distanceKm(JFK, LHR));
    expect(there.lat).toBeCloseTo(LHR.lat, 6);
    expect(there.lon).toBeCloseTo(LHR.lon, 6);
    expect(normaliseLongitude(190)).toBe(-170);
  });
});

describe('ETA from position', () => {
  const now = new Date('2026-11-21T10:00:00.000Z');

  it('adds routing, a slower approach and taxi-in to distance over ground speed', () => {
    // 300 NM out at 450 kt: 280 NM at 450 kt + 30 NM at 180 kt + 5 min taxi.
    const position = destinationPoint(DEL, 0, 300 * 1.852);
    const estimate = etaFromPosition({ position, groundSpeedKt: 450, destination: DEL, now });
    expect(estimate).toBeDefined();
    const expectedMinutes = (280 / 450) * 60 + (30 / 180) * 60 + 5;
    expect(estimate!.distanceNm).toBeCloseTo(300, 6);
    expect((estimate!.eta.getTime() - now.getTime()) / 60_000).toBeCloseTo(expectedMinutes, 4);
    expect(estimate!.minutesToGo).toBe(Math.ceil(expectedMinutes));
  });

  it('uses the current speed on final when it is below the approach speed', () => {
    const position = destinationPoint(DEL, 90, 5 * 1.852);
    const estimate = etaFromPosition({
      position,
      groundSpeedKt: 140,
      destination: DEL,
      now,
      allowance: { routingNm: 0 },
    });
    expect((estimate!.eta.getTime() - now.getTime()) / 60_000).toBeCloseTo((5 / 140) * 60 + 5, 4);
  });

  it('gives no estimate for an aircraft on the ground or without speed', () => {
    expect(
      etaFromPosition({ position: BOM, groundSpeedKt: 12, destination: DEL, now }),
    ).toBeUndefined();
    expect(
      etaFromPosition({ position: BOM, groundSpeedKt: Number.NaN, destination: DEL, now }),
    ).toBeUndefined();
  });

  it('converts knots and metres per second both ways', () => {
    expect(knotsToMetresPerSecond(1)).toBeCloseTo(0.514444, 6);
    expect(metresPerSecondToKnots(knotsToMetresPerSecond(437))).toBeCloseTo(437, 9);
  });
});
