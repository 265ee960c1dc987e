import { describe, expect, it } from 'vitest';
import { distanceKm, initialBearingDeg, metresPerSecondToKnots } from '../../core/geo';
import { openSkyStateVectorSchema } from '../../server/traffic/opensky-states';
import { loadDemoGeography, type AirportPoint } from './demo-geography';
import { legProfile, positionAlong, type LegProfile } from './flight-simulation';
import {
  TAXI_IN_MS,
  TAXI_OUT_MS,
  planLeg,
  stateVectorAt,
  type PlannableFlight,
} from './flight-legs';
import { demoInboundFor } from './flight-sources';
import { buildDemoDay } from '../../server/demo/demo-day';

const geography = loadDemoGeography();
const airport = (iata: string): AirportPoint => {
  const found = geography.airport(iata);
  if (!found) throw new Error(`no ${iata}`);
  return found;
};
const DEL = airport('DEL');
const BOM = airport('BOM');
const ORD = airport('ORD');
const JAI = airport('JAI');

const NOW = Date.parse('2026-11-21T10:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function departure(fields: Partial<PlannableFlight> = {}): PlannableFlight {
  return {
    id: 'DEL-20261121-6E2134',
    flightNumber: '6E 2134',
    airline: '6E',
    origin: 'DEL',
    destination: 'BOM',
    status: 'DEPARTED',
    etd: at(-30),
    ...fields,
  };
}

/** Samples a profile every `stepS` seconds, take-off to touchdown. */
function samples(profile: LegProfile, stepS: number) {
  const points = [];
  for (let t = 0; t <= profile.durationS; t += stepS) {
    const position = positionAlong(profile, t);
    if (!position) throw new Error(`no position at ${t}`);
    points.push({ t, ...position });
  }
  return points;
}

describe('a simulated leg', () => {
  const routes: Array<[string, AirportPoint, AirportPoint]> = [
    ['DEL-BOM', DEL, BOM],
    ['DEL-ORD (over the pole)', DEL, ORD],
    ['BOM-DEL', BOM, DEL],
    ['DEL-JAI (a short hop)', DEL, JAI],
  ];

  it.each(routes)(
    '%s: every position lies on the great circle, tracking along it',
    (_name, from, to) => {
      const profile = legProfile({
        origin: from,
        destination: to,
        cruiseAltitudeM: 11000,
        cruiseSpeedKt: 460,
      });
      const total = distanceKm(from, to);
      for (const point of samples(profile, 60)) {
        // On the minor arc between the two airports: the detour through the point is nil.
        expect(distanceKm(from, point) + distanceKm(point, to) - total).toBeLessThan(0.01);
        if (distanceKm(point, to) > 1) {
          expect(Math.abs(point.trackDeg - initialBearingDeg(point, to))).toBeLessThan(0.01);
        }
      }
    },
  );

  it.each(routes)('%s: climbs, cruises and descends like an airliner', (_name, from, to) => {
    const profile = legProfile({
      origin: from,
      destination: to,
      cruiseAltitudeM: 11000,
      cruiseSpeedKt: 460,
    });
    const points = samples(profile, 10);
    const first = points[0]!;
    expect(first.altitudeM).toBeCloseTo(from.elevationM, 0);
    expect(first.groundSpeedKt).toBeCloseTo(160, 6);
    const last = positionAlong(profile, profile.durationS)!;
    expect(last.altitudeM).toBeCloseTo(to.elevationM, 0);
    expect(last.groundSpeedKt).toBeCloseTo(140, 6);
    expect(distanceKm(last, to)).toBeLessThan(0.01);
    const top = Math.max(...points.map((point) => point.altitudeM));
    expect(top).toBeLessThanOrEqual(11000 + Math.max(from.elevationM, to.elevationM) + 1);
    for (let i = 1; i < points.length; i += 1) {
      const [before, now] = [points[i - 1]!, points[i]!];
      const phase =
        now.t <= profile.climbS
          ? 'climb'
          : now.t <= profile.climbS + profile.cruiseS
            ? 'cruise'
            : 'descent';
      if (phase === 'climb') expect(now.altitudeM).toBeGreaterThanOrEqual(before.altitudeM - 1);
      if (phase === 'descent') expect(now.altitudeM).toBeLessThanOrEqual(before.altitudeM + 1);
      // Vertical rates an airliner flies: up to ~3,000 ft/min up, ~2,000 ft/min down.
      expect(now.verticalRateMs).toBeLessThan(16);
      expect(now.verticalRateMs).toBeGreaterThan(-11);
      expect(now.groundSpeedKt).toBeGreaterThanOrEqual(140);
      expect(now.groundSpeedKt).toBeLessThanOrEqual(460);
      // The aircraft covers what its ground speed says (10 s apart, within 1%).
      const flownNm = distanceKm(before, now) / 1.852;
      const expectedNm = (((before.groundSpeedKt + now.groundSpeedKt) / 2) * 10) / 3600;
      expect(Math.abs(flownNm - expectedNm)).toBeLessThan(expectedNm * 0.01);
    }
  });

  it('keeps short hops low and their rates airliner-like', () => {
    const profile = legProfile({
      origin: DEL,
      destination: JAI,
      cruiseAltitudeM: 11000,
      cruiseSpeedKt: 460,
    });
    expect(profile.cruiseS).toBeCloseTo(0, 3);
    expect(profile.cruiseAltitudeM).toBeLessThan(8000);
    expect(profile.cruiseSpeedKt).toBeLessThan(400);
    expect(profile.durationS / 60).toBeGreaterThan(25);
    expect(profile.durationS / 60).toBeLessThan(45);
  });

  it('flies nothing before take-off or after touchdown', () => {
    const profile = legProfile({
      origin: DEL,
      destination: BOM,
      cruiseAltitudeM: 11000,
      cruiseSpeedKt: 460,
    });
    expect(positionAlong(profile, -1)).toBeUndefined();
    expect(positionAlong(profile, profile.durationS + 1)).toBeUndefined();
  });
});

describe('planning legs from flights', () => {
  it('takes off a departure after taxi-out from its gate time, and lands an arrival before on-block', () => {
    const out = planLeg(departure({ atd: at(-25) }), geography, 'seed');
    if (!out.ok) throw new Error(out.reason);
    expect(out.leg.takeoffAt).toBe(NOW - 25 * 60_000 + TAXI_OUT_MS);
    expect(out.leg.landingAt - out.leg.takeoffAt).toBeCloseTo(out.leg.profile.durationS * 1000, 3);

    const inbound = planLeg(
      departure({
        id: 'arr',
        direction: 'arrival',
        origin: 'BOM',
        destination: 'DEL',
        status: 'AIRBORNE',
        sta: at(30),
        eta: at(40),
      }),
      geography,
      'seed',
    );
    if (!inbound.ok) throw new Error(inbound.reason);
    expect(inbound.leg.landingAt).toBe(NOW + 40 * 60_000 - TAXI_IN_MS);
    expect(inbound.leg.direction).toBe('arrival');
  });

  it('gives an ICAO callsign, a transponder address and a squawk, the same for the same seed', () => {
    const a = planLeg(departure(), geography, 'seed-1');
    const b = planLeg(departure(), geography, 'seed-1');
    const c = planLeg(departure(), geography, 'seed-2');
    if (!a.ok || !b.ok || !c.ok) throw new Error('not planned');
    expect(a.leg.callsign).toBe('IGO2134');
    expect(a.leg.icao24).toMatch(/^8[0-3][0-9a-f]{4}$/); // India's block
    expect(a.leg.squawk).toMatch(/^[0-7]{4}$/);
    expect(b.leg).toEqual(a.leg);
    expect(c.leg.icao24).not.toBe(a.leg.icao24);
    expect(stateVectorAt(a.leg, NOW)).toEqual(stateVectorAt(b.leg, NOW));
  });

  it('does not fly cancelled, diverted or landed flights, and says what it lacks for others', () => {
    const grounded = [
      departure({ status: 'CANCELLED' }),
      departure({ direction: 'arrival', status: 'LANDED', destination: 'DEL', origin: 'BOM' }),
      departure({ direction: 'arrival', status: 'DIVERTED', destination: 'DEL', origin: 'BOM' }),
    ];
    for (const flight of grounded)
      expect(planLeg(flight, geography, 's')).toMatchObject({ ok: false, grounded: true });
    expect(planLeg(departure({ airline: '7J', flightNumber: '7J 41' }), geography, 's')).toEqual({
      ok: false,
      grounded: false,
      reason: 'no ICAO designator for airline 7J',
    });
    expect(planLeg(departure({ destination: 'XYZ' }), geography, 's')).toMatchObject({
      reason: 'no position for airport XYZ',
    });
  });

  it('reports an airborne leg as a valid OpenSky state vector', () => {
    const plan = planLeg(departure(), geography, 'seed');
    if (!plan.ok) throw new Error(plan.reason);
    const midway = (plan.leg.takeoffAt + plan.leg.landingAt) / 2;
    const vector = stateVectorAt(plan.leg, midway);
    expect(openSkyStateVectorSchema.safeParse(vector).success).toBe(true);
    expect(vector).toHaveLength(17);
    expect(vector?.[1]).toBe('IGO2134 ');
    expect(vector?.[3]).toBe(Math.floor(midway / 1000));
    expect(metresPerSecondToKnots(vector?.[9] ?? 0)).toBeGreaterThan(400);
    expect(stateVectorAt(plan.leg, plan.leg.takeoffAt - 1000)).toBeUndefined();
  });
});

describe('the demo day as a flights source', () => {
  it('adds an inbound leg per departure under a number none of the day uses', () => {
    const departures = buildDemoDay(new Date(NOW)).flights;
    const inbound = demoInboundFor(departures);
    expect(inbound.length).toBe(
      departures.filter((flight) => flight.status !== 'CANCELLED').length,
    );
    const used = new Set(departures.map((flight) => flight.flightNumber));
    for (const flight of inbound) {
      expect(used.has(flight.flightNumber)).toBe(false);
      expect(flight.destination).toBe('DEL');
    }
    expect(
      inbound.find((flight) => flight.id === `demo-inbound-${departures[0]!.id}`)?.origin,
    ).toBe(departures[0]!.destination);
  });
});
