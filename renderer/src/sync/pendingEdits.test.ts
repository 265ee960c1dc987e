import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Flight, FlightUpdatePayload } from '../../../core';
import { FakeHubSocket, deferred } from '../../../test-support/fake-hub-socket';
import { delhiFlight } from '../../../test-support/flight-fixture';
import { useFlightsStore } from '../stores/flightsStore';
import {
  editsByFlight,
  flightEditMarks,
  usePendingEditsStore,
  type PendingEditEntry,
} from '../stores/pendingEditsStore';
import { resetAllStores } from '../stores/resetStores';
import { dismissRefusals, keepMine, queueFlightEdit, takeTheirs } from './pendingEdits';
import { startSync, stopSync, type HubSocket } from './syncClient';

const F1 = delhiFlight({ id: 'F1', gate: '12', version: 1 });

let socket: FakeHubSocket;

const outbox = () => usePendingEditsStore.getState().edits;
const marks = (flightId = 'F1') => flightEditMarks(editsByFlight(outbox()).get(flightId));
const updates = () => socket.requestsOf('flight:update') as FlightUpdatePayload[];
/** The hub's answer to a flight:update: accepted, F1 one version on with the changes. */
const accepted = (payload: FlightUpdatePayload): { ok: true; flight: Flight } => ({
  ok: true,
  flight: { ...F1, ...payload.changes, version: payload.baseVersion + 1 },
});

async function connect(): Promise<void> {
  socket.accept();
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(async () => {
  vi.useFakeTimers();
  resetAllStores();
  socket = new FakeHubSocket();
  socket.answer('flights:snapshot', () => ({ ok: true, seq: 1, flights: [F1] }));
  socket.answer('sync:since', () => ({ ok: true, seq: 1, changes: [] }));
  startSync(
    { hubUrl: 'http://hub.test', token: 'token', workstation: 'desk-1', onUnauthorized() {} },
    { openSocket: () => socket as unknown as HubSocket, watchBrowserOffline: () => () => {} },
  );
  await connect();
});

afterEach(() => {
  stopSync();
  vi.useRealTimers();
});

describe('pending edits (the outbox)', () => {
  it('shows an edit as pending until the hub acknowledges it, then the hub’s flight', async () => {
    const ack = deferred<unknown>();
    socket.answer('flight:update', () => ack.promise);
    const outcome = queueFlightEdit('F1', 1, { gate: '14' });
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox()).toMatchObject([
      { flightId: 'F1', flightNumber: '6E 2134', state: 'sending', attempts: 1 },
    ]);
    expect(marks()).toEqual({ pendingChanges: { gate: '14' }, refusal: null, conflict: false });
    expect(updates()).toEqual([
      { flightId: 'F1', baseVersion: 1, opId: outbox()[0]!.opId, changes: { gate: '14' } },
    ]);

    ack.resolve(accepted(updates()[0]!));
    await expect(outcome).resolves.toMatchObject({ ok: true, flight: { gate: '14', version: 2 } });
    expect(outbox()).toEqual([]);
    expect(marks().pendingChanges).toBeNull();
    expect(useFlightsStore.getState().flights.get('F1')).toMatchObject({ gate: '14', version: 2 });
  });

  it('keeps an edit made offline and sends it once the reconnected console has caught up', async () => {
    socket.drop();
    const outcome = queueFlightEdit('F1', 1, { remark: 'Crew delayed' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outbox()).toMatchObject([{ state: 'queued', attempts: 0 }]);
    expect(updates()).toEqual([]);

    socket.answer('flight:update', (payload) => accepted(payload as FlightUpdatePayload));
    await connect();
    const syncing = ['flights:snapshot', 'sync:since', 'flight:update'];
    expect(socket.requests.map((r) => r.event).filter((e) => syncing.includes(e))).toEqual([
      'flights:snapshot',
      'sync:since', // caught up first ...
      'flight:update', // ... then what waited
    ]);
    await expect(outcome).resolves.toMatchObject({ ok: true });
  });

  it('sends again with the same opId when the ack was lost', async () => {
    socket.answer('flight:update', () => {
      throw new Error('operation has timed out');
    });
    const outcome = queueFlightEdit('F1', 1, { gate: '14' });
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox()).toMatchObject([{ state: 'queued', attempts: 1 }]);
    expect(marks().pendingChanges).toEqual({ gate: '14' });

    socket.answer('flight:update', (payload) => accepted(payload as FlightUpdatePayload));
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(outcome).resolves.toMatchObject({ ok: true });
    const [first, second] = updates();
    expect(second).toEqual(first);
  });

  it('keeps a refusal in the hub’s words until dismissed; a new edit of the flight replaces it', async () => {
    socket.answer('flight:update', () => ({
      ok: false,
      error: { code: 'INVALID', message: 'gate: must be at most 8 characters' },
    }));
    const outcome = await queueFlightEdit('F1', 1, { gate: 'TOOLONGGATE' });
    expect(outcome).toEqual({ ok: false, message: 'Refused: gate: must be at most 8 characters' });
    expect(marks()).toEqual({
      pendingChanges: null,
      refusal: 'Refused: gate: must be at most 8 characters',
      conflict: false,
    });
    dismissRefusals('F1');
    expect(outbox()).toEqual([]);

    await queueFlightEdit('F1', 1, { gate: 'TOOLONGGATE' });
    socket.answer('flight:update', (payload) => accepted(payload as FlightUpdatePayload));
    await queueFlightEdit('F1', 1, { gate: '14' });
    expect(outbox()).toEqual([]);
    expect(marks().refusal).toBeNull();
  });

  it('retries after RATE_LIMITED, saying why it waits', async () => {
    socket.answer('flight:update', () => ({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'at most 10 changes a second' },
    }));
    const outcome = queueFlightEdit('F1', 1, { gate: '14' });
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox()).toMatchObject([
      { state: 'queued', message: 'Too many changes, slow down: at most 10 changes a second' },
    ]);
    socket.answer('flight:update', (payload) => accepted(payload as FlightUpdatePayload));
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(outcome).resolves.toMatchObject({ ok: true });
  });

  it('a conflict names who changed which field; keep mine sends it again on the current version', async () => {
    const current: Flight = {
      ...F1,
      gate: '30',
      remark: 'Boarding from 13:45',
      version: 3,
      updatedBy: 'agent2',
    };
    socket.answer('flight:update', () => ({
      ok: false,
      error: { code: 'CONFLICT', message: 'gate: changed by someone else', current },
    }));
    socket.answer('flight:history', () => ({
      ok: true,
      flightId: 'F1',
      total: 2,
      entries: [
        entry(3, 'agent2', { gate: { from: '20', to: '30' } }),
        entry(2, 'agent3', { remark: { from: null, to: 'Boarding from 13:45' } }),
      ],
    }));
    const outcome = await queueFlightEdit('F1', 1, { gate: '14', remark: 'Boarding from 13:45' });
    expect(outcome).toEqual({ ok: false, conflict: true, message: 'Conflict' });
    const [conflict] = outbox() as PendingEditEntry[];
    expect(conflict).toMatchObject({ state: 'conflict', current: { version: 3 } });
    // Every field someone else changed since the agent's version, with who and when.
    expect(conflict!.conflicts).toEqual([
      { field: 'gate', mine: '14', current: '30', by: 'agent2', at: '2026-11-21T06:03:00.000Z' },
      {
        field: 'remark',
        mine: 'Boarding from 13:45',
        current: 'Boarding from 13:45',
        by: 'agent3',
        at: '2026-11-21T06:02:00.000Z',
      },
    ]);
    expect(marks()).toMatchObject({ refusal: 'Conflict: gate: changed by someone else' });
    expect(marks().conflict).toBe(true);
    expect(useFlightsStore.getState().flights.get('F1')?.version).toBe(3);

    // A conflict is not dismissed like a refusal: the agent chooses.
    dismissRefusals('F1');
    expect(outbox()).toHaveLength(1);
    socket.answer('flight:update', (payload) => accepted(payload as FlightUpdatePayload));
    await expect(keepMine(conflict!.opId)).resolves.toMatchObject({ ok: true });
    const resent = updates().at(-1)!;
    expect(resent).toMatchObject({ baseVersion: 3, changes: conflict!.changes });
    expect(resent.opId).not.toBe(conflict!.opId);
  });

  it('take theirs drops my change and the row shows the hub’s flight', async () => {
    socket.answer('flight:update', () => ({
      ok: false,
      error: { code: 'CONFLICT', message: 'gate', current: { ...F1, gate: '30', version: 2 } },
    }));
    socket.answer('flight:history', () => ({ ok: true, flightId: 'F1', total: 0, entries: [] }));
    await queueFlightEdit('F1', 1, { gate: '14' });
    takeTheirs(outbox()[0]!.opId);
    expect(outbox()).toEqual([]);
    expect(marks()).toEqual({ pendingChanges: null, refusal: null, conflict: false });
  });
});

describe('flight edit marks (derived from the outbox)', () => {
  it('merges the unconfirmed changes in the order made; the last entry decides the refusal', () => {
    const edit = (state: PendingEditEntry['state'], changes: object, message: string | null) =>
      ({
        opId: `${state}-${JSON.stringify(changes)}`,
        flightId: 'F1',
        state,
        changes,
        message,
      }) as PendingEditEntry;
    const refused = edit('refused', { gate: 'X' }, 'Refused: no');
    const first = edit('sending', { gate: '14', remark: 'a' }, null);
    const second = edit('queued', { gate: '15' }, null);
    expect(flightEditMarks([refused, first, second])).toEqual({
      pendingChanges: { gate: '15', remark: 'a' },
      refusal: null,
      conflict: false,
    });
    expect(flightEditMarks([first, refused])).toEqual({
      pendingChanges: { gate: '14', remark: 'a' },
      refusal: 'Refused: no',
      conflict: false,
    });
    // The same entries give the same object: React selectors may return it as it is.
    const entries = [first, second];
    expect(flightEditMarks(entries)).toBe(flightEditMarks(entries));
  });
});

function entry(
  version: number,
  by: string,
  fields: Record<string, { from: unknown; to: unknown }>,
) {
  return {
    seq: version + 10,
    opId: `op-${version}`,
    by,
    workstation: 'desk-9',
    at: `2026-11-21T06:0${version}:00.000Z`,
    version,
    fields,
  };
}
