import type { GridApi, IRowNode } from 'ag-grid-community';
import { useGatesStore } from '../../stores/gatesStore';
import type { FlightRow } from './flightRow';

/** The grid's row class rule: the flight is part of a gate conflict. */
export function inGateConflict(flightId: string | undefined): boolean {
  return !!flightId && useGatesStore.getState().conflictsByFlight.has(flightId);
}

/**
 * Redraws the rows whose "in a gate conflict" mark changed when the hub's list changes: a row
 * class is not a cell value, so AG Grid would not re-apply it by itself.
 */
export function followGateConflictMarks(api: GridApi<FlightRow>): () => void {
  return useGatesStore.subscribe((state, previous) => {
    if (state.conflictsByFlight === previous.conflictsByFlight || api.isDestroyed()) return;
    const rowNodes: IRowNode<FlightRow>[] = [];
    const ids = new Set([...state.conflictsByFlight.keys(), ...previous.conflictsByFlight.keys()]);
    for (const id of ids) {
      if (state.conflictsByFlight.has(id) === previous.conflictsByFlight.has(id)) continue;
      const node = api.getRowNode(id);
      if (node) rowNodes.push(node);
    }
    if (rowNodes.length > 0) api.redrawRows({ rowNodes });
  });
}
