import { create } from 'zustand';
import type { GateConflict, GateEntry } from '../../../core';

export interface GatesState {
  /** The hub's gate list; null until read. */
  gates: readonly GateEntry[] | null;
  /** Every live day's conflicts, as the hub's last `gates:conflicts` said. */
  conflicts: readonly GateConflict[];
  /** The conflicts each flight is part of (the grid marks those rows). */
  conflictsByFlight: ReadonlyMap<string, readonly GateConflict[]>;
}

const initialState: GatesState = { gates: null, conflicts: [], conflictsByFlight: new Map() };

export const useGatesStore = create<GatesState>()(() => initialState);

export function resetGatesStore(): void {
  useGatesStore.setState(initialState, true);
}

export function replaceGateConflicts(conflicts: readonly GateConflict[]): void {
  const byFlight = new Map<string, GateConflict[]>();
  for (const conflict of conflicts) {
    for (const flightId of conflict.flightIds) {
      const list = byFlight.get(flightId);
      if (list) list.push(conflict);
      else byFlight.set(flightId, [conflict]);
    }
  }
  useGatesStore.setState({ conflicts, conflictsByFlight: byFlight });
}

export function replaceGateList(gates: readonly GateEntry[]): void {
  useGatesStore.setState({ gates });
}
