import { describe, expect, it } from 'vitest';
import { isSharedPositions } from './live-traffic';
import type { OpenSkyState } from './opensky-states';

const state: OpenSkyState = {
  icao24: '800001',
  callsign: 'IGO2135',
  originCountry: 'India',
  timePosition: 1_796_000_000,
  lastContact: 1_796_000_001,
  longitude: 77.1,
  latitude: 28.56,
  baroAltitude: 3_000,
  onGround: false,
  velocity: 120,
  trueTrack: 90,
  verticalRate: -5,
  sensors: null,
  geoAltitude: 3_050,
  squawk: null,
  spi: false,
  positionSource: 0,
  category: null,
};

describe('positions shared by another hub', () => {
  it('takes what a hub shares: the key’s airlines (or none) and its states', () => {
    expect(isSharedPositions({ airlines: null, states: [state] })).toBe(true);
    expect(isSharedPositions({ airlines: ['6E', 'AI'], states: [] })).toBe(true);
  });

  it.each([
    ['nothing', null],
    ['a string', '{"airlines":null,"states":[]}'],
    ['no states', { airlines: null }],
    ['states that are not a list', { airlines: null, states: {} }],
    ['airlines left out', { states: [state] }],
    ['an airline that is not a code', { airlines: ['6E', 7], states: [state] }],
    ['a state that is not an object', { airlines: null, states: [state, 'x'] }],
    ['a state without icao24', { airlines: null, states: [{ ...state, icao24: undefined }] }],
    [
      'a state without a last contact',
      { airlines: null, states: [{ ...state, lastContact: null }] },
    ],
  ])('refuses %s', (_what, value) => {
    expect(isSharedPositions(value)).toBe(false);
  });
});
