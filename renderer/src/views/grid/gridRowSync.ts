import type { GridApi } from 'ag-grid-community';
import type { Flight } from '../../../../core';
import { flightWithPending } from '../../sync/flightEdits';
import { useFlightsStore } from '../../stores/flightsStore';
import { useUiStore, type PendingEdit } from '../../stores/uiStore';
import type { DepartureRow } from './departureRow';

interface ShownRow {
  flight: Flight;
  pending: PendingEdit | undefined;
  refusal: string | undefined;
  row: DepartureRow;
}

/**
 * Feeds the grid from the stores with transactions: only rows whose flight, pending change or
 * refusal changed are handed to AG Grid, which then flashes the cells whose value moved.
 */
export function syncGridWithStores(api: GridApi<DepartureRow>): () => void {
  let shown = new Map<string, ShownRow>();

  const update = () => {
    const { flights } = useFlightsStore.getState();
    const { pendingEdits, refusals } = useUiStore.getState();
    const next = new Map<string, ShownRow>();
    const add: DepartureRow[] = [];
    const changed: DepartureRow[] = [];
    const markChanged: string[] = [];
    for (const [id, flight] of flights) {
      const pending = pendingEdits[id];
      const refusal = refusals[id];
      const before = shown.get(id);
      if (
        before &&
        before.flight === flight &&
        before.pending === pending &&
        before.refusal === refusal
      ) {
        next.set(id, before);
        continue;
      }
      const row: DepartureRow = {
        ...flightWithPending(flight, pending?.changes),
        pending: pending !== undefined,
        refusal: refusal ?? null,
      };
      next.set(id, { flight, pending, refusal, row });
      (before ? changed : add).push(row);
      if (before && (before.pending !== pending || before.refusal !== refusal))
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
  const stopUi = useUiStore.subscribe((state, previous) => {
    if (state.pendingEdits !== previous.pendingEdits || state.refusals !== previous.refusals)
      update();
  });
  return () => {
    stopFlights();
    stopUi();
  };
}
