import type { GridApi } from 'ag-grid-community';
import type { Flight } from '../../../../core';
import { inNextTask } from '../../scheduling/mainThread';
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
 * changed are handed to AG Grid, which then flashes the cells whose value moved. The grid's
 * work runs in a task of its own, after the store's other readers (toolbar, panel) have
 * rendered: a snapshot of 10,000 flights is then two tasks of moderate length, not one long one.
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
      const shownFlight = flightWithPending(flight, pendingChanges ?? undefined);
      const row: DepartureRow = {
        ...shownFlight,
        pending: pendingChanges !== null,
        refusal,
        etdTime: Date.parse(shownFlight.etd),
        stdTime: Date.parse(shownFlight.std),
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

  let scheduled = false;
  let stopped = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    inNextTask(() => {
      scheduled = false;
      if (!stopped && !api.isDestroyed()) update();
    });
  };

  schedule();
  const stopFlights = useFlightsStore.subscribe(schedule);
  const stopOutbox = usePendingEditsStore.subscribe((state, previous) => {
    if (state.edits !== previous.edits) schedule();
  });
  return () => {
    stopped = true;
    stopFlights();
    stopOutbox();
  };
}
