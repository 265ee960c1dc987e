import { afterEach, describe, expect, it, vi } from 'vitest';
import { positionsUpdateSchema, type PositionsUpdate } from '../../core/positions';
import type { OpenSkyState } from './opensky-states';
import { PositionTracker, startPositionsBroadcast } from './position-tracker';

const T0 = Date.parse('2026-11-21T10:00:00.000Z');

/** A tracker on a clock the test moves, matching callsigns from a table the test edits. */
function setup(options: { expiryMs?: number; maxAircraft?: number } = {}) {
  let now = T0;
  const flights = new Map<string, string>([['IGO2134', 'dep-6e2134']]);
  const tracker = new PositionTracker({
    now: () => now,
    matchFlight: (callsign) => (callsign ? flights.get(callsign) : undefined),
    ...options,
  });
  return {
    tracker,
    flights,
    advance: (ms: number) => {
      now += ms;
    },
    nowSeconds: () => Math.floor(now / 1000),
  };
}

function state(icao24: string, fields: Partial<OpenSkyState> = {}): OpenSkyState {
  return {
    icao24,
    callsign: null,
    originCountry: 'India',
    timePosition: Math.floor(T0 / 1000),
    lastContact: Math.floor(T0 / 1000),
    longitude: 77.1,
    latitude: 28.5,
    baroAltitude: 3048.04,
    onGround: false,
    velocity: 128.6111,
    trueTrack: 271.44,
    verticalRate: -6.54,
    sensors: null,
    geoAltitude: 3100,
    squawk: null,
    spi: false,
    positionSource: 0,
    category: null,
    ...fields,
  };
}

function update(tracker: PositionTracker): PositionsUpdate {
  const next = tracker.takeUpdate();
  if (!next) throw new Error('expected a positions:update');
  expect(positionsUpdateSchema.safeParse(next).success).toBe(true);
  return next;
}

const icaos = (next: PositionsUpdate) => next.positions.map((position) => position.icao24).sort();

describe('position tracker', () => {
  it('keeps the latest position per aircraft, matched to its flight, in console units', () => {
    const { tracker } = setup();
    const result = tracker.ingest([state('800c2e', { callsign: 'IGO2134' }), state('4240ec')]);
    expect(result).toEqual({ accepted: 2, withoutPosition: 0, outOfOrder: 0, dropped: 0 });
    const first = update(tracker);
    expect(first.at).toBe(new Date(T0).toISOString());
    expect(first.removed).toEqual([]);
    expect(first.positions.find((position) => position.icao24 === '800c2e')).toEqual({
      icao24: '800c2e',
      callsign: 'IGO2134',
      flightId: 'dep-6e2134',
      lat: 28.5,
      lon: 77.1,
      altitudeM: 3048,
      groundSpeedKt: 250,
      trackDeg: 271,
      verticalRateMs: -6.5,
      onGround: false,
      at: new Date(T0).toISOString(),
      estimate: null,
    });
    expect(first.positions.find((position) => position.icao24 === '4240ec')?.flightId).toBeNull();
    expect(tracker.positionOfFlight('dep-6e2134')?.icao24).toBe('800c2e');
    expect(tracker.snapshot().positions).toHaveLength(2);
  });

  it('sends at most one update a second, carrying the latest of what changed meanwhile', () => {
    const { tracker, advance } = setup();
    tracker.ingest([state('800c2e')]);
    update(tracker);
    advance(300);
    tracker.ingest([state('800c2e', { latitude: 28.51 })]);
    expect(tracker.takeUpdate()).toBeUndefined();
    advance(300);
    tracker.ingest([state('800c2e', { latitude: 28.52 })]);
    advance(399);
    expect(tracker.takeUpdate()).toBeUndefined(); // 999 ms after the first
    advance(1);
    const next = update(tracker);
    expect(next.positions).toHaveLength(1);
    expect(next.positions[0]?.lat).toBe(28.52);
  });

  it('sends only what changed: a moved aircraft, not one reporting the same place again', () => {
    const { tracker, advance, nowSeconds } = setup();
    tracker.ingest([state('800c2e'), state('4240ec'), state('abcdef', { onGround: true })]);
    update(tracker);
    advance(1000);
    tracker.ingest([
      state('800c2e', { longitude: 77.2, timePosition: nowSeconds() }),
      state('4240ec', { timePosition: nowSeconds() }), // same place, later report
      state('abcdef', { onGround: true, latitude: 28.500001 }), // moved less than rounding
    ]);
    const next = update(tracker);
    expect(icaos(next)).toEqual(['800c2e']);
    advance(1000);
    tracker.ingest([state('4240ec', { timePosition: nowSeconds() })]);
    expect(tracker.takeUpdate()).toBeUndefined();
  });

  it('does not resend a change that was undone before the update went out', () => {
    const { tracker, advance } = setup();
    tracker.ingest([state('800c2e')]);
    update(tracker);
    advance(200);
    tracker.ingest([state('800c2e', { velocity: 140, timePosition: Math.floor(T0 / 1000) + 1 })]);
    tracker.ingest([state('800c2e', { timePosition: Math.floor(T0 / 1000) + 1 })]);
    advance(1000);
    expect(tracker.takeUpdate()).toBeUndefined();
  });

  it('forgets an aircraft not heard of for the expiry, and tells consoles it is gone', () => {
    const { tracker, advance } = setup();
    tracker.ingest([state('800c2e'), state('4240ec')]);
    update(tracker);
    advance(30_000);
    tracker.ingest([state('4240ec', { latitude: null, longitude: null })]); // contact, no position
    advance(29_999);
    expect(tracker.size).toBe(2);
    expect(tracker.takeUpdate()).toBeUndefined();
    advance(1);
    const next = update(tracker);
    expect(next).toMatchObject({ positions: [], removed: ['800c2e'] });
    expect(tracker.snapshot().positions.map((position) => position.icao24)).toEqual(['4240ec']);
    advance(30_000);
    expect(update(tracker).removed).toEqual(['4240ec']);
    expect(tracker.size).toBe(0);
  });

  it('takes a configurable expiry, and says nothing of an aircraft consoles never saw', () => {
    const { tracker, advance } = setup({ expiryMs: 5_000 });
    tracker.ingest([state('800c2e')]);
    advance(5_000);
    expect(tracker.takeUpdate()).toBeUndefined();
    expect(tracker.size).toBe(0);
  });

  it('brings back an aircraft heard again after it expired', () => {
    const { tracker, advance, nowSeconds } = setup();
    tracker.ingest([state('800c2e')]);
    update(tracker);
    advance(60_000);
    tracker.ingest([state('800c2e', { timePosition: nowSeconds() })]);
    const next = update(tracker);
    expect(next.removed).toEqual([]);
    expect(icaos(next)).toEqual(['800c2e']);
  });

  it('ignores states without a position for unknown aircraft, and reports older than the held one', () => {
    const { tracker } = setup();
    const seconds = Math.floor(T0 / 1000);
    expect(tracker.ingest([state('800c2e', { latitude: null })])).toMatchObject({
      accepted: 0,
      withoutPosition: 1,
    });
    expect(tracker.size).toBe(0);
    tracker.ingest([state('4240ec', { timePosition: seconds })]);
    const late = tracker.ingest([state('4240ec', { timePosition: seconds - 5, latitude: 10 })]);
    expect(late.outOfOrder).toBe(1);
    expect(tracker.snapshot().positions[0]?.lat).toBe(28.5);
  });

  it('follows the match: an aircraft whose flight appears later is updated with its flight', () => {
    const { tracker, flights, advance } = setup();
    tracker.ingest([state('800c2e', { callsign: 'AIC101' })]);
    expect(update(tracker).positions[0]?.flightId).toBeNull();
    flights.set('AIC101', 'arr-ai101');
    advance(1000);
    tracker.ingest([state('800c2e', { callsign: 'AIC101' })]);
    expect(update(tracker).positions[0]?.flightId).toBe('arr-ai101');
    expect(tracker.positionOfFlight('arr-ai101')?.icao24).toBe('800c2e');
  });

  it('is bounded: when full, drops unmatched newcomers and lets a matched one replace the stalest unmatched', () => {
    const { tracker, advance } = setup({ maxAircraft: 3 });
    tracker.ingest([state('000001', { callsign: 'IGO2134' })]);
    advance(10);
    tracker.ingest([state('000002')]);
    advance(10);
    tracker.ingest([state('000003')]);
    update(tracker);
    advance(1000);
    expect(tracker.ingest([state('000004')]).dropped).toBe(1);
    const matched = tracker.ingest([state('000005', { callsign: 'IGO2134' })]);
    expect(matched).toMatchObject({ accepted: 1, dropped: 0 });
    expect(tracker.size).toBe(3);
    const next = update(tracker);
    expect(next.removed).toEqual(['000002']);
    expect(icaos(next)).toEqual(['000005']);
    // Known aircraft are always updated, full or not.
    advance(1000);
    expect(tracker.ingest([state('000003', { latitude: 1 })]).accepted).toBe(1);
  });
});

describe('positions broadcast', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits due updates on a timer until stopped', () => {
    vi.useFakeTimers({ now: T0 });
    const tracker = new PositionTracker({ now: () => Date.now(), matchFlight: () => undefined });
    const emitted: PositionsUpdate[] = [];
    const stop = startPositionsBroadcast(tracker, (next) => emitted.push(next));
    tracker.ingest([state('800c2e')]);
    vi.advanceTimersByTime(250);
    expect(emitted).toHaveLength(1);
    tracker.ingest([state('800c2e', { latitude: 1, timePosition: Math.floor(T0 / 1000) + 1 })]);
    vi.advanceTimersByTime(500);
    expect(emitted).toHaveLength(1);
    vi.advanceTimersByTime(500);
    expect(emitted).toHaveLength(2);
    stop();
    tracker.ingest([state('800c2e', { latitude: 2, timePosition: Math.floor(T0 / 1000) + 2 })]);
    vi.advanceTimersByTime(5000);
    expect(emitted).toHaveLength(2);
  });
});
