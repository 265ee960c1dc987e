import { describe, expect, it } from 'vitest';
import { delhiFlight } from '../../../test-support/flight-fixture';
import { parseHistoryAck, parseUndoAck } from './historyPayloads';

const entry = {
  seq: 12,
  opId: 'op-12',
  by: 'agent1',
  workstation: null,
  at: '2026-11-21T06:00:00.000Z',
  version: 3,
  fields: { gate: { from: '12', to: '14' } },
};

describe('history payloads', () => {
  it('reads a flight’s trail, undo entries included', () => {
    const undo = { ...entry, seq: 13, opId: 'op-13', version: 4, undoOf: 'op-12' };
    expect(parseHistoryAck({ ok: true, flightId: 'F1', total: 2, entries: [undo, entry] })).toEqual(
      { ok: true, flightId: 'F1', total: 2, entries: [undo, entry] },
    );
  });

  it('refuses a malformed trail with a reason, and reads refusals', () => {
    expect(() =>
      parseHistoryAck({ ok: true, flightId: 'F1', total: -1, entries: [entry] }),
    ).toThrow(/^the hub's history is malformed \(/);
    expect(() =>
      parseHistoryAck({ ok: true, flightId: 'F1', total: 1, entries: [{ ...entry, by: 7 }] }),
    ).toThrow(/history is malformed/);
    expect(
      parseHistoryAck({ ok: false, error: { code: 'NOT_FOUND', message: 'no flight F9' } }),
    ).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no flight F9' } });
  });

  it('reads an undo answer: the flight after it, or the refusal with the current flight', () => {
    const flight = delhiFlight({ version: 5 });
    expect(parseUndoAck({ ok: true, flight, undone: 'op-12' })).toEqual({
      ok: true,
      flight,
      undone: 'op-12',
    });
    const conflict = {
      ok: false,
      error: { code: 'CONFLICT', message: 'gate: changed since', current: flight },
    };
    expect(parseUndoAck(conflict)).toEqual(conflict);
    expect(() => parseUndoAck({ ok: true, flight: { ...flight, version: -1 } })).toThrow(
      /undo answer is malformed/,
    );
  });
});
