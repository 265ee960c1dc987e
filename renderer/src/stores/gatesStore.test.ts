import { beforeEach, describe, expect, it } from 'vitest';
import type { GateConflict } from '../../../core';
import {
  applyGateConflictChanges,
  replaceGateConflicts,
  resetGatesStore,
  useGatesStore,
} from './gatesStore';

function conflict(flightIds: string[], from: string, message = 'clash'): GateConflict {
  return {
    id: `GATE_OVERLAP|T1/7|${flightIds.join('|')}`,
    rule: 'GATE_OVERLAP',
    gate: '7',
    flightIds,
    from: `2026-11-29T${from}:00.000Z`,
    to: `2026-11-29T${from}:30.000Z`,
    message,
  };
}

describe('the console applies gates:conflicts:changed to the list it has', () => {
  beforeEach(resetGatesStore);

  it('adds, replaces and removes by id, in time order, leaving other flights’ marks alone', () => {
    const early = conflict(['a', 'b'], '08');
    const late = conflict(['c', 'd'], '10');
    replaceGateConflicts([early, late]);
    const marksOfC = useGatesStore.getState().conflictsByFlight.get('c');

    const middle = conflict(['a', 'e'], '09');
    const earlyReworded = conflict(['a', 'b'], '08', 'clash, reworded');
    applyGateConflictChanges({ added: [middle, earlyReworded], removed: [] });
    let state = useGatesStore.getState();
    expect(state.conflicts).toEqual([earlyReworded, middle, late]);
    expect(state.conflictsByFlight.get('a')).toEqual([earlyReworded, middle]);
    expect(state.conflictsByFlight.get('b')).toEqual([earlyReworded]);
    // Untouched flights keep the very same array: their rows are not redrawn.
    expect(state.conflictsByFlight.get('c')).toBe(marksOfC);

    applyGateConflictChanges({ added: [], removed: [early.id, 'not-there'] });
    state = useGatesStore.getState();
    expect(state.conflicts).toEqual([middle, late]);
    expect(state.conflictsByFlight.get('b')).toBeUndefined();
    expect(state.conflictsByFlight.get('a')).toEqual([middle]);
  });

  it('is idempotent: a change the list already holds changes nothing', () => {
    const one = conflict(['a', 'b'], '08');
    replaceGateConflicts([one]);
    applyGateConflictChanges({ added: [one], removed: [] });
    applyGateConflictChanges({ added: [], removed: [] });
    expect(useGatesStore.getState().conflicts).toEqual([one]);
    expect(useGatesStore.getState().conflictsByFlight.get('a')).toEqual([one]);
  });
});
