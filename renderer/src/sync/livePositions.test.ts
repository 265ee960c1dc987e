import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AircraftPosition } from '../../../core';
import { FakeHubSocket, deferred } from '../../../test-support/fake-hub-socket';
import {
  markPositionsStale,
  resetPositionsStore,
  showPositionsFrame,
  usePositionsStore,
} from '../stores/positionsStore';
import { followPositions } from './livePositions';
import type { HubSocket } from './syncClient';

const T0 = '2026-11-20T18:00:00.000Z';
const T1 = '2026-11-20T18:00:01.000Z';
const T2 = '2026-11-20T18:00:02.000Z';

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

let socket: FakeHubSocket;
const tracked = () => [...usePositionsStore.getState().traffic.ids.icao24].sort();
/** Lets the queue (slices yield between tasks) run. */
const settle = () => vi.advanceTimersByTimeAsync(10);

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  resetPositionsStore();
  socket = new FakeHubSocket();
  // As the console's main thread shows the frames (the worker posts them to it).
  followPositions(socket as unknown as HubSocket, {
    show: (frame) => expect(showPositionsFrame(frame)).toBe(true),
    stale: markPositionsStale,
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('following the hub traffic', () => {
  it('takes a snapshot on connect, then applies updates; flights are indexed', async () => {
    socket.answer('positions:snapshot', () => ({
      ok: true,
      at: T0,
      positions: [aircraft('aaaaaa', { flightId: 'A1' }), aircraft('bbbbbb')],
    }));
    socket.accept();
    await settle();
    expect(socket.requestsOf('positions:snapshot')).toEqual([{}]);
    expect(usePositionsStore.getState()).toMatchObject({ loaded: true, at: T0 });
    expect(tracked()).toEqual(['aaaaaa', 'bbbbbb']);
    expect(usePositionsStore.getState().byFlight.get('A1')?.icao24).toBe('aaaaaa');

    socket.push('positions:update', {
      at: T1,
      positions: [aircraft('aaaaaa', { flightId: 'A1', lat: 27.5, at: T1 })],
      removed: ['bbbbbb'],
    });
    await settle();
    expect(tracked()).toEqual(['aaaaaa']);
    expect(usePositionsStore.getState().byFlight.get('A1')?.lat).toBe(27.5);
    expect(usePositionsStore.getState().at).toBe(T1);
  });

  it('keeps the hub order: an update sent before the snapshot answer does not undo it', async () => {
    const answer = deferred<unknown>();
    socket.answer('positions:snapshot', () => answer.promise);
    socket.accept();
    // An older update (the aircraft still there) arrives while the snapshot is on its way...
    socket.push('positions:update', { at: T0, positions: [aircraft('bbbbbb')], removed: [] });
    await settle();
    expect(tracked()).toEqual(['bbbbbb']);
    // ...then the snapshot, in which it has gone, then a newer update.
    answer.resolve({ ok: true, at: T1, positions: [aircraft('aaaaaa', { at: T1 })] });
    await settle();
    socket.push('positions:update', {
      at: T2,
      positions: [aircraft('cccccc', { at: T2 })],
      removed: [],
    });
    await settle();
    expect(tracked()).toEqual(['aaaaaa', 'cccccc']);
  });

  it('skips an unreadable update and asks for a fresh snapshot; a drop marks the picture stale', async () => {
    socket.answer('positions:snapshot', () => ({
      ok: true,
      at: T0,
      positions: [aircraft('aaaaaa')],
    }));
    socket.accept();
    await settle();
    socket.push('positions:update', {
      at: T1,
      positions: [aircraft('bbbbbb'), { ...aircraft('cccccc'), lat: 123 }],
      removed: ['aaaaaa'],
    });
    await settle();
    // Nothing of it applied, and the hub was asked again.
    expect(tracked()).toEqual(['aaaaaa']);
    expect(socket.requestsOf('positions:snapshot')).toHaveLength(2);
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/positions\.1\.lat/));

    socket.drop();
    await settle();
    expect(usePositionsStore.getState()).toMatchObject({ loaded: false });
    expect(tracked()).toEqual(['aaaaaa']);
  });

  it('a hub without traffic leaves the store empty and not loaded', async () => {
    socket.answer('positions:snapshot', () => ({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'unknown event' },
    }));
    socket.accept();
    await settle();
    expect(usePositionsStore.getState()).toMatchObject({ loaded: false, at: null });
    expect(tracked()).toEqual([]);
  });
});
