import { describe, expect, it } from 'vitest';
import { delhiFlight } from '../../../test-support/flight-fixture';
import {
  parseChange,
  parseFlightsResponse,
  parseSnapshotAck,
  parseSyncSinceAck,
  parseUpdateAck,
} from './hubPayloads';

const flight = delhiFlight({ id: 'F1', version: 2 });
const change = {
  seq: 7,
  flight,
  change: {
    opId: 'op-7',
    by: 'agent1',
    at: '2026-11-21T06:00:00.000Z',
    fields: { gate: { from: '11', to: '12' } },
  },
};

describe('hub payloads', () => {
  it('takes a change as the contract shapes it, dropping flight fields it does not know', () => {
    expect(parseChange({ ...change, flight: { ...flight, lounge: 'Platinum' } })).toEqual(change);
  });

  it('refuses a malformed change, naming the field', () => {
    expect(() => parseChange({ ...change, seq: 0 })).toThrow(
      /^the hub's flight:changed is malformed \(seq: /,
    );
    expect(() => parseChange({ ...change, flight: { ...flight, std: '14:05' } })).toThrow(
      /\(flight\.std: /,
    );
    expect(() => parseChange({ ...change, change: { ...change.change, fields: null } })).toThrow(
      /\(change\.fields: /,
    );
    expect(() => parseChange('{"seq": 7}')).toThrow(/malformed/);
  });

  it('reads snapshot answers and refusals; an unknown error code reads as INTERNAL', async () => {
    await expect(parseSnapshotAck({ ok: true, seq: 0, flights: [flight] })).resolves.toEqual({
      ok: true,
      seq: 0,
      flights: [flight],
    });
    await expect(
      parseSnapshotAck({ ok: false, error: { code: 'TEAPOT', message: 'short and stout' } }),
    ).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'short and stout' } });
    await expect(
      parseSnapshotAck({ ok: true, seq: 1, flights: [flight, { ...flight, gate: 7 }] }),
    ).rejects.toThrow(/^the hub's snapshot is malformed \(flights\.1\.gate: /);
  });

  it('checks a long snapshot in slices, letting other work run between them', async () => {
    const flights = Array.from({ length: 3_000 }, (_, n) => ({ ...flight, id: `F${n}` }));
    let otherWorkRan = false;
    setTimeout(() => (otherWorkRan = true), 0);
    const ack = await parseSnapshotAck({ ok: true, seq: 5, flights });
    expect(ack.ok && ack.flights.map((f) => f.id)).toEqual(flights.map((f) => f.id));
    expect(otherWorkRan).toBe(true);
  });

  it('reads GET /api/flights for the snapshot worker, naming a bad flight', () => {
    expect(parseFlightsResponse({ seq: 4, flights: [flight] })).toEqual({
      seq: 4,
      flights: [flight],
    });
    expect(() =>
      parseFlightsResponse({ seq: 4, flights: [flight, { ...flight, std: 'soon' }] }),
    ).toThrow(/^the hub's flight list is malformed \(flights\.1\.std: /);
    expect(() => parseFlightsResponse({ flights: [] })).toThrow(/\(seq: /);
  });

  it('tells a sync:since reset from a list of changes, and refuses a mix', async () => {
    await expect(
      parseSyncSinceAck({ ok: true, seq: 9, reset: true, flights: [flight] }),
    ).resolves.toEqual({ ok: true, seq: 9, reset: true, flights: [flight] });
    await expect(parseSyncSinceAck({ ok: true, seq: 7, changes: [change] })).resolves.toEqual({
      ok: true,
      seq: 7,
      changes: [change],
    });
    await expect(
      parseSyncSinceAck({ ok: true, seq: 7, changes: [change, { ...change, seq: 'eight' }] }),
    ).rejects.toThrow(/\(changes\.1\.seq: /);
    await expect(
      parseSyncSinceAck({ ok: true, seq: 9, reset: true, changes: [change] }),
    ).rejects.toThrow(/sync:since answer is malformed/);
    await expect(parseSyncSinceAck({ ok: true, seq: 9 })).rejects.toThrow(/malformed/);
  });

  it('reads an update answer, with the current flight of a CONFLICT', () => {
    expect(parseUpdateAck({ ok: true, flight })).toEqual({ ok: true, flight });
    expect(
      parseUpdateAck({
        ok: false,
        error: { code: 'CONFLICT', message: 'gate: changed by someone else', current: flight },
      }),
    ).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'gate: changed by someone else', current: flight },
    });
    expect(() => parseUpdateAck({ ok: false, error: { code: 'CONFLICT' } })).toThrow(
      /update answer is malformed/,
    );
    expect(() => parseUpdateAck(undefined)).toThrow(/update answer is malformed/);
  });
});
