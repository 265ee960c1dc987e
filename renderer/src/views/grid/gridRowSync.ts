import type { GridApi } from 'ag-grid-community';
import type { Flight } from '../../../../core';
import { flightWithPending } from '../../sync/flightEdits';
import { useFlightsStore } from '../../stores/flightsStore';
import {
  editsByFlight,
  flightEditMarks,
  usePendingEditsStore,
  type PendingEditEntry,
} from '../../stores/pendingEditsStore';
import type { DepartureRow } from './departureRow';

interface ShownRow {
  flight: Flight;
  /** The outbox entries behind the row's marks, compared entry by entry. */
  edits: readonly PendingEditEntry[] | undefined;
  row: DepartureRow;
}

function sameEdits(
  a: readonly PendingEditEntry[] | undefined,
  b: readonly PendingEditEntry[] | undefined,
): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((edit, index) => edit === b[index]);
}

/**
 * Feeds the grid from the stores with transactions: only rows whose flight or outbox entries
 * changed are handed to AG Grid, which then flashes the cells whose value moved.
 */
export function syncGridWithStores(api: GridApi<DepartureRow>): () => void {
  let shown = new Map<string, ShownRow>();

  const update = () => {
    const { flights } = useFlightsStore.getState();
    const outbox = editsByFlight(usePendingEditsStore.getState().edits);
    const next = new Map<string, ShownRow>();
    const add: DepartureRow[] = [];
    const changed: DepartureRow[] = [];
    const markChanged: string[] = [];
    for (const [id, flight] of flights) {
      const edits = outbox.get(id);
      const before = shown.get(id);
      if (before && before.flight === flight && sameEdits(before.edits, edits)) {
        next.set(id, before);
        continue;
      }
      const { pendingChanges, refusal } = flightEditMarks(edits);
      const row: DepartureRow = {
        ...flightWithPending(flight, pendingChanges ?? undefined),
        pending: pendingChanges !== null,
        refusal,
      };
      next.set(id, { flight, edits, row });
      (before ? changed : add).push(row);
      if (before && (before.row.pending !== row.pending || before.row.refusal !== row.refusal))
        markChanged.push(id);
    }
    const remove = [...shown.values()].filter(({ row }) => !next.has(row.id)).map(({ row }) => row);
    shown = next;
    if (add.length + changed.length + remove.length === 0) return;
    api.applyTransaction({ add, update: changed, remove });
    // The flight cell shows the pending/refused marks, which are not its value: AG Grid only
    // refreshes cells whose value changed, so these are refreshed by hand.
    const rowNodes = markChanged.flatMap((id) => api.getRowNode(id) ?? []);
    if (rowNodes.length > 0)
      api.refreshCells({ rowNodes, columns: ['flightNumber'], force: true, suppressFlash: true });
  };

  update();
  const stopFlights = useFlightsStore.subscribe(update);
  const stopOutbox = usePendingEditsStore.subscribe((state, previous) => {
    if (state.edits !== previous.edits) update();
  });
  return () => {
    stopFlights();
    stopOutbox();
  };
}
