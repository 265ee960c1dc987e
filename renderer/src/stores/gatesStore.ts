import { create } from 'zustand';
import {
  compareConflicts,
  type GateConflict,
  type GateConflictChanges,
  type GateEntry,
} from '../../../core';

export interface GatesState {
  /** The hub's gate list; null until read. */
  gates: readonly GateEntry[] | null;
  /** Every live day's conflicts in time order: the hub's last list and the changes since. */
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

/**
 * Applies a `gates:conflicts:changed`: `added` replaces by id, `removed` drops by id. Idempotent
 * (a change the list already had is harmless). Flights the change does not touch keep their
 * `conflictsByFlight` arrays, so their grid rows and plan bars are not redrawn.
 */
export function applyGateConflictChanges({ added, removed }: GateConflictChanges): void {
  if (added.length === 0 && removed.length === 0) return;
  const { conflicts, conflictsByFlight } = useGatesStore.getState();
  const gone = new Set([...removed, ...added.map((conflict) => conflict.id)]);
  const touched = new Set<string>();
  for (const conflict of conflicts) {
    if (gone.has(conflict.id)) for (const id of conflict.flightIds) touched.add(id);
  }
  for (const conflict of added) for (const id of conflict.flightIds) touched.add(id);
  const next = conflicts.filter((conflict) => !gone.has(conflict.id));
  next.push(...added);
  next.sort(compareConflicts);
  const byFlight = new Map(conflictsByFlight);
  for (const id of touched) byFlight.delete(id);
  for (const conflict of next) {
    for (const id of conflict.flightIds) {
      if (!touched.has(id)) continue;
      const list = byFlight.get(id);
      if (list) (list as GateConflict[]).push(conflict);
      else byFlight.set(id, [conflict]);
    }
  }
  useGatesStore.setState({ conflicts: next, conflictsByFlight: byFlight });
}

export function replaceGateList(gates: readonly GateEntry[]): void {
  useGatesStore.setState({ gates });
}
