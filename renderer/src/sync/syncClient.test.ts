import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { Change, Flight } from '../../../core';
import { FakeHubSocket, deferred } from '../../../test-support/fake-hub-socket';
import { delhiFlight } from '../../../test-support/flight-fixture';
import { useConnectionStore } from '../stores/connectionStore';
import { useFlightsStore } from '../stores/flightsStore';
import { resetAllStores } from '../stores/resetStores';
import { startSync, stopSync, type HubSocket } from './syncClient';

const F1 = delhiFlight({ id: 'F1', gate: '12', version: 1 });
const F2 = delhiFlight({ id: 'F2', flightNumber: 'AI 865', airline: 'AI', gate: '30', version: 1 });

/** Hub change `seq`: flight F1 (or `flight`) moved to `gate`, one version on. */
function gateChange(seq: number, gate: string, flight: Flight = F1): Change {
  return {
    seq,
    flight: { ...flight, gate, version: flight.version + seq },
    change: {
      opId: `op-${seq}`,
      by: 'agent2',
      at: '2026-11-21T06:00:00.000Z',
      fields: { gate: { from: flight.gate, to: gate } },
    },
  };
}

let socket: FakeHubSocket;
let onUnauthorized: Mock<() => void>;

/** A started client whose hub (the fake socket) answers the snapshot with F1 and F2 at seq 3. */
async function connectedClient(): Promise<void> {
  socket.answer('flights:snapshot', () => ({ ok: true, seq: 3, flights: [F1, F2] }));
  socket.accept();
  await vi.advanceTimersByTimeAsync(0);
}

/** Lets a frame pass: the client applies the changes of one frame together. */
const nextFrame = () => vi.advanceTimersByTimeAsync(20);

const flight = (id: string) => useFlightsStore.getState().flights.get(id);
const seq = () => useFlightsStore.getState().seq;

beforeEach(() => {
  vi.useFakeTimers();
  resetAllStores();
  socket = new FakeHubSocket();
  onUnauthorized = vi.fn<() => void>();
  startSync(
    { hubUrl: 'http://hub.test', token: 'token', workstation: 'desk-1', onUnauthorized },
    { openSocket: () => socket as unknown as HubSocket, watchBrowserOffline: () => () => {} },
  );
});

afterEach(() => {
  stopSync();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('sync client', () => {
  it('loads the snapshot on the first connect and says when it last held the hub state', async () => {
    expect(useConnectionStore.getState().status).toBe('connecting');
    expect(socket.connectCalls).toBe(1);
    await connectedClient();
    expect(socket.requestsOf('flights:snapshot')).toHaveLength(1);
    expect(useFlightsStore.getState()).toMatchObject({ loaded: true, seq: 3 });
    expect(flight('F2')?.gate).toBe('30');
    const connection = useConnectionStore.getState();
    expect(connection.status).toBe('connected');
    expect(connection.lastSyncAt).toBe(Date.now());
  });

  it('loads the first snapshot off the main thread when it can, over the socket when not', async () => {
    stopSync();
    resetAllStores();
    const loads: string[] = [];
    const start = (loadSnapshot: () => Promise<{ seq: number; flights: Flight[] }>) => {
      socket = new FakeHubSocket();
      socket.answer('flights:snapshot', () => ({ ok: true, seq: 3, flights: [F1, F2] }));
      socket.answer('sync:since', () => ({
        ok: true,
        seq: 10,
        changes: [gateChange(10, '31', { ...F2, version: 0 })],
      }));
      startSync(
        { hubUrl: 'http://hub.test', token: 'token', workstation: 'desk-1', onUnauthorized },
        {
          openSocket: () => socket as unknown as HubSocket,
          watchBrowserOffline: () => () => {},
          loadSnapshot: (options) => {
            loads.push(options.hubUrl);
            return loadSnapshot();
          },
        },
      );
      socket.accept();
      return vi.advanceTimersByTimeAsync(0);
    };
    await start(async () => ({ seq: 9, flights: [F2] }));
    expect(loads).toEqual(['http://hub.test']);
    expect(socket.requestsOf('flights:snapshot')).toEqual([]);
    // It was taken while the socket connected: what changed meanwhile comes with sync:since.
    expect(socket.requestsOf('sync:since')).toEqual([{ seq: 9 }]);
    expect(useFlightsStore.getState()).toMatchObject({ loaded: true, seq: 10 });
    expect(flight('F2')?.gate).toBe('31');

    stopSync();
    resetAllStores();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await start(() => Promise.reject(new Error('no workers here')));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no workers here'));
    expect(socket.requestsOf('flights:snapshot')).toHaveLength(1);
    expect(useFlightsStore.getState()).toMatchObject({ loaded: true, seq: 3 });
  });

  it('applies the changes of one frame in seq order, as one store update, and ignores old ones', async () => {
    await connectedClient();
    const updates = vi.fn();
    const stop = useFlightsStore.subscribe(updates);
    const pushedAt = Date.now();
    socket.push('flight:changed', gateChange(5, '15'));
    socket.push('flight:changed', gateChange(4, '14'));
    expect(seq()).toBe(3);
    await nextFrame();
    expect(seq()).toBe(5);
    expect(flight('F1')?.gate).toBe('15');
    expect(updates).toHaveBeenCalledTimes(1);
    // When the gate changed, for the board's "Gate change": the moment it was applied.
    const gateChangedAt = useFlightsStore.getState().changedAt.get('F1')?.gate;
    expect(gateChangedAt).toBeGreaterThan(pushedAt);
    expect(gateChangedAt).toBeLessThanOrEqual(Date.now());

    socket.push('flight:changed', gateChange(3, 'OLD'));
    await nextFrame();
    expect(flight('F1')?.gate).toBe('15');
    expect(socket.requestsOf('sync:since')).toEqual([]);
    stop();
  });

  it('fills a gap with sync:since and holds later changes until it is filled', async () => {
    await connectedClient();
    const answer = deferred<unknown>();
    socket.answer('sync:since', () => answer.promise);
    socket.push('flight:changed', gateChange(4, '14'));
    socket.push('flight:changed', gateChange(6, '16')); // 5 never arrives
    await nextFrame();
    expect(seq()).toBe(4);
    expect(socket.requestsOf('sync:since')).toEqual([{ seq: 4 }]);

    // Arrives while the gap is being filled: it waits its turn.
    socket.push('flight:changed', gateChange(7, '17'));
    await nextFrame();
    expect(seq()).toBe(4);

    // The hub's answer, in any order, is applied in seq order; then what waited.
    answer.resolve({ ok: true, seq: 6, changes: [gateChange(6, '16'), gateChange(5, '15')] });
    await nextFrame();
    expect(seq()).toBe(7);
    expect(flight('F1')?.gate).toBe('17');
  });

  it('skips a malformed change and fills the hole it leaves', async () => {
    await connectedClient();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    socket.answer('sync:since', () => ({ ok: true, seq: 5, changes: [gateChange(4, '14')] }));
    socket.push('flight:changed', { ...gateChange(4, '14'), flight: { ...F1, gate: 42 } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('flight.gate'));
    socket.push('flight:changed', gateChange(5, '15'));
    await nextFrame();
    expect(socket.requestsOf('sync:since')).toEqual([{ seq: 3 }]);
    expect(seq()).toBe(5);
    expect(flight('F1')?.gate).toBe('15');
  });

  it('takes a reset from sync:since as the hub’s whole new state', async () => {
    await connectedClient();
    socket.drop();
    socket.answer('sync:since', () => ({ ok: true, seq: 40, reset: true, flights: [F2] }));
    socket.accept();
    await vi.advanceTimersByTimeAsync(0);
    expect(useFlightsStore.getState().seq).toBe(40);
    expect([...useFlightsStore.getState().flights.keys()]).toEqual(['F2']);
  });

  it('reconnects: reconnecting, then offline after 15 s, then catches up from its seq', async () => {
    await connectedClient();
    const syncedAt = Date.now();
    vi.advanceTimersByTime(1_000);
    socket.drop();
    expect(useConnectionStore.getState()).toMatchObject({
      status: 'reconnecting',
      lastSyncAt: syncedAt + 1_000, // it held the hub's state up to the drop
      disconnectedAt: syncedAt + 1_000,
    });
    await vi.advanceTimersByTimeAsync(14_999);
    expect(useConnectionStore.getState().status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(useConnectionStore.getState().status).toBe('offline');

    socket.answer('sync:since', () => ({ ok: true, seq: 4, changes: [gateChange(4, '14')] }));
    socket.accept();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.requestsOf('flights:snapshot')).toHaveLength(1); // no second snapshot
    expect(socket.requestsOf('sync:since')).toEqual([{ seq: 3 }]);
    expect(flight('F1')?.gate).toBe('14');
    expect(useConnectionStore.getState()).toMatchObject({
      status: 'connected',
      disconnectedAt: null,
      lastSyncAt: Date.now(),
    });
  });

  it('asks to connect again when the hub closed the connection (Socket.IO would not)', async () => {
    await connectedClient();
    socket.drop('io server disconnect');
    expect(socket.connectCalls).toBe(2);
    expect(useConnectionStore.getState().problem).toBe('the hub closed the connection');
  });

  it('retries a failed catch-up while connected', async () => {
    await connectedClient();
    socket.push('flight:changed', gateChange(5, '15'));
    await nextFrame(); // hole at 4; sync:since has no answer: it times out
    expect(useConnectionStore.getState().problem).toMatch(/^catching up failed/);
    expect(seq()).toBe(3);
    socket.answer('sync:since', () => ({ ok: true, seq: 5, changes: [gateChange(4, '14')] }));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(socket.requestsOf('sync:since')).toHaveLength(2);
    expect(seq()).toBe(5);
    expect(useConnectionStore.getState().problem).toBeNull();
  });

  it('ends the session when the hub refuses the token, and stops listening', async () => {
    await connectedClient();
    socket.drop();
    socket.refuse('UNAUTHORIZED');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    socket.push('flight:changed', gateChange(4, '14'));
    await nextFrame();
    expect(seq()).toBe(3);
  });
});

describe('the traffic off the main thread', () => {
  it('asks the hub for no positions on its socket while a worker follows them; takes them back if the worker breaks', async () => {
    stopSync();
    socket = new FakeHubSocket();
    const positionsElsewhere: boolean[] = [];
    let failWorker: (problem: string) => void = () => undefined;
    const stopWorker = vi.fn<() => void>();
    startSync(
      { hubUrl: 'http://hub.test', token: 'token', workstation: 'desk-1', onUnauthorized },
      {
        openSocket: (_options, elsewhere) => {
          positionsElsewhere.push(elsewhere);
          return socket as unknown as HubSocket;
        },
        watchBrowserOffline: () => () => {},
        followPositionsOffMainThread: (_options, onFailed) => {
          failWorker = onFailed;
          return { stop: stopWorker };
        },
      },
    );
    expect(positionsElsewhere).toEqual([true]);
    socket.answer('positions:snapshot', () => ({
      ok: true,
      at: '2026-11-21T06:00:00.000Z',
      positions: [],
    }));
    await connectedClient();
    expect(socket.requestsOf('positions:snapshot')).toHaveLength(0);

    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const auth = { token: 'token', positions: 'none' };
    (socket as unknown as { auth: object }).auth = auth;
    failWorker('script not loaded');
    // A new handshake without `positions: 'none'`, and the socket follows them itself.
    expect((socket as unknown as { auth: object }).auth).toEqual({
      token: 'token',
      positions: 'all',
    });
    expect(socket.connectCalls).toBe(2);
    socket.accept();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.requestsOf('positions:snapshot')).toHaveLength(1);

    stopSync();
    expect(stopWorker).not.toHaveBeenCalled(); // it had stopped itself
  });

  it('starts the worker once the flights are in, and stops it with the client', async () => {
    stopSync();
    socket = new FakeHubSocket();
    const startWorker = vi.fn<() => void>();
    const stopWorker = vi.fn<() => void>();
    startSync(
      { hubUrl: 'http://hub.test', token: 'token', workstation: 'desk-1', onUnauthorized },
      {
        openSocket: () => socket as unknown as HubSocket,
        watchBrowserOffline: () => () => {},
        followPositionsOffMainThread: () => {
          startWorker();
          return { stop: stopWorker };
        },
      },
    );
    // Signing in waits for the flights only: no second connection before them.
    expect(startWorker).not.toHaveBeenCalled();
    await connectedClient();
    expect(seq()).toBe(3);
    expect(startWorker).toHaveBeenCalledOnce();
    // A reconnection catches up again but keeps the one worker.
    socket.drop();
    socket.accept();
    await vi.advanceTimersByTimeAsync(0);
    expect(startWorker).toHaveBeenCalledOnce();
    stopSync();
    expect(stopWorker).toHaveBeenCalledOnce();
  });
});
