import { describe, expect, it } from 'vitest';
import type { Flight } from './flight';
import type { HistoryEntry } from './flight-history';
import { undoAvailability } from './undo-availability';

const flight: Flight = {
  id: 'DEL-AI117',
  flightNumber: 'AI 117',
  airline: 'AI',
  origin: 'DEL',
  destination: 'BOM',
  std: '2026-11-21T14:05:00.000Z',
  etd: '2026-11-21T14:05:00.000Z',
  gate: '7',
  status: 'BOARDING',
  delayCode: null,
  remark: null,
  version: 3,
  updatedAt: '2026-11-21T12:00:00.000Z',
  updatedBy: 'agent1',
};
const at = '2026-11-21T12:10:00.000Z';
const entry = (patch: Partial<HistoryEntry>): HistoryEntry => ({
  seq: 1,
  opId: 'op-1',
  by: 'agent1',
  workstation: null,
  at: '2026-11-21T12:00:00.000Z',
  version: 3,
  fields: {},
  ...patch,
});

describe('undoAvailability', () => {
  it('offers an undo of the own last gate change', () => {
    const gate = entry({ fields: { gate: { from: '5', to: '7' } } });
    expect(undoAvailability([gate], 'agent1', flight, at)).toEqual({
      kind: 'possible',
      entry: gate,
    });
    expect(undoAvailability([gate], 'agent2', flight, at)).toEqual({ kind: 'none' });
  });

  it('says why a cancellation cannot be undone', () => {
    const cancelled = { ...flight, status: 'CANCELLED' as const };
    const cancel = entry({ fields: { status: { from: 'BOARDING', to: 'CANCELLED' } } });
    expect(undoAvailability([cancel], 'agent1', cancelled, at)).toEqual({
      kind: 'blocked',
      entry: cancel,
      reason: 'A cancellation cannot be undone: a supervisor can reinstate the flight',
    });
  });

  it('is blocked when someone else changed the same field since', () => {
    const mine = entry({ fields: { gate: { from: '5', to: '7' } } });
    const theirs = entry({
      seq: 2,
      opId: 'op-2',
      by: 'agent2',
      version: 4,
      fields: { gate: { from: '7', to: '9' } },
    });
    expect(
      undoAvailability([theirs, mine], 'agent1', { ...flight, gate: '9', version: 4 }, at),
    ).toMatchObject({
      kind: 'blocked',
      reason: expect.stringMatching(/^agent2 changed this flight after your change/),
    });
  });

  it('is blocked when reverting breaks a rule, with the rule as reason', () => {
    // Undoing the move to boarding would move the status back.
    const boarding = entry({ fields: { status: { from: 'SCHEDULED', to: 'BOARDING' } } });
    expect(undoAvailability([boarding], 'agent1', flight, at)).toMatchObject({
      kind: 'blocked',
      reason: 'status: cannot move from BOARDING to SCHEDULED',
    });
  });
});
