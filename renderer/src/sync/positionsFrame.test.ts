import { describe, expect, it } from 'vitest';
import type { AircraftPosition } from '../../../core';
import {
  columnPosition,
  PositionsPicture,
  trafficColumns,
  type AircraftIds,
  type PositionsFrame,
} from './positionsFrame';

const T0 = '2026-11-20T18:00:00.000Z';
const T1 = '2026-11-20T18:00:01.000Z';

function aircraft(icao24: string, overrides: Partial<AircraftPosition> = {}): AircraftPosition {
  return {
    icao24,
    callsign: 'ETD492',
    flightId: null,
    lat: 27.1,
    lon: 75.2,
    altitudeM: 9_000,
    groundSpeedKt: 440,
    trackDeg: 60,
    verticalRateMs: -5,
    onGround: false,
    at: T0,
    estimate: null,
    ...overrides,
  };
}

/** The frame as the main thread gets it: postMessage's structured clone (buffers moved). */
function posted(picture: PositionsPicture): PositionsFrame {
  const { frame, transfer } = picture.frame();
  const copy = structuredClone(frame, { transfer });
  // Transferred, not copied: the worker's buffers are gone.
  expect(frame.coords.byteLength).toBe(0);
  return copy;
}

describe('the positions frame', () => {
  it('carries every aircraft in columns and reads back as positions', () => {
    const picture = new PositionsPicture();
    const inbound = aircraft('aaaaaa', {
      flightId: 'A1',
      callsign: 'IGO2135',
      lat: 28.123456,
      lon: 76.654321,
      estimate: { distanceToGoKm: 120, eta: '2026-11-20T18:20:00.000Z' },
    });
    picture.replaceAll({
      at: T0,
      positions: [
        inbound,
        aircraft('bbbbbb', { trackDeg: null, altitudeM: null, onGround: true, callsign: null }),
      ],
    });
    const frame = posted(picture);
    expect(frame).toMatchObject({ at: T0, loaded: true });
    expect(frame.ids).toEqual({
      icao24: ['aaaaaa', 'bbbbbb'],
      callsign: ['IGO2135', null],
      flightId: ['A1', null],
    });
    // Only the aircraft of live flights go whole.
    expect(frame.byFlight).toEqual([inbound]);

    const columns = trafficColumns(frame, null)!;
    expect(columns.count).toBe(2);
    const first = columnPosition(columns, 0);
    expect(first).toMatchObject({
      icao24: 'aaaaaa',
      flightId: 'A1',
      trackDeg: 60,
      onGround: false,
    });
    // Float32: well under a metre off.
    expect(first.lat).toBeCloseTo(28.123456, 4);
    expect(first.lon).toBeCloseTo(76.654321, 4);
    expect(columnPosition(columns, 1)).toEqual({
      icao24: 'bbbbbb',
      callsign: null,
      flightId: null,
      lon: expect.closeTo(75.2, 4) as number,
      lat: expect.closeTo(27.1, 4) as number,
      trackDeg: null,
      altitudeM: null,
      onGround: true,
      estimate: null,
    });
  });

  it('sends the identities only when they change; a frame without them reads with the last', () => {
    const picture = new PositionsPicture();
    picture.replaceAll({ at: T0, positions: [aircraft('aaaaaa'), aircraft('bbbbbb')] });
    const first = posted(picture);
    const ids: AircraftIds = first.ids!;

    // Both move: same identities, same order.
    expect(
      picture.apply({
        at: T1,
        positions: [aircraft('bbbbbb', { lat: 27.5 }), aircraft('aaaaaa', { lat: 27.4 })],
        removed: [],
      }),
    ).toBe(true);
    const moved = posted(picture);
    expect(moved.ids).toBeNull();
    const columns = trafficColumns(moved, ids)!;
    expect(columnPosition(columns, 0)).toMatchObject({ icao24: 'aaaaaa' });
    expect(columnPosition(columns, 0).lat).toBeCloseTo(27.4, 4);
    expect(columnPosition(columns, 1).lat).toBeCloseTo(27.5, 4);

    // Without the identities, and none held: the receiver cannot read it (it asks again).
    expect(trafficColumns(moved, null)).toBeNull();

    // Nothing changed: nothing to send.
    expect(picture.apply({ at: T1, positions: [], removed: [] })).toBe(false);

    // Matched to a flight now: a new identity.
    picture.apply({ at: T1, positions: [aircraft('aaaaaa', { flightId: 'A1' })], removed: [] });
    expect(posted(picture).ids?.flightId).toEqual(['A1', null]);

    // One gone, one new: the identities again, and held ones of another length do not fit.
    picture.apply({ at: T1, positions: [aircraft('cccccc')], removed: ['aaaaaa', 'zzzzzz'] });
    const changed = posted(picture);
    expect(changed.ids?.icao24).toEqual(['bbbbbb', 'cccccc']);
    picture.apply({ at: T1, positions: [aircraft('dddddd')], removed: [] });
    const grown = posted(picture);
    expect(trafficColumns({ ...grown, ids: null }, changed.ids)).toBeNull();

    // Asked to resend: the identities come whether they changed or not.
    picture.resendIds();
    expect(posted(picture).ids?.icao24).toEqual(['bbbbbb', 'cccccc', 'dddddd']);
  });

  it('gives each flight one aircraft, the latest report, and says when it is last known', () => {
    const picture = new PositionsPicture();
    const older = aircraft('aaaaaa', { flightId: 'A1', at: T0 });
    const newer = aircraft('bbbbbb', { flightId: 'A1', at: T1 });
    picture.replaceAll({ at: T1, positions: [newer, older] });
    expect(posted(picture).byFlight).toEqual([newer]);
    picture.markStale();
    expect(posted(picture).loaded).toBe(false);
  });
});
