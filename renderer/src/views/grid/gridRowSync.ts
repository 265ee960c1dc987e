import type { GridApi } from 'ag-grid-community';
import { flightDirection, movementTimes, type Direction, type Flight } from '../../../../core';
import { inNextTask } from '../../scheduling/mainThread';
import { flightWithPending } from '../../sync/flightEdits';
import { useFlightsStore } from '../../stores/flightsStore';
import {
  editsByFlight,
  flightEditMarks,
  usePendingEditsStore,
  type PendingEditEntry,
} from '../../stores/pendingEditsStore';
import type { FlightRow } from './flightRow';

interface ShownRow {
  flight: Flight;
  /** The outbox entries behind the row's marks, compared entry by entry. */
  edits: readonly PendingEditEntry[] | undefined;
  row: FlightRow;
}

/** New rows handed to the grid per task: a 10,000-flight snapshot takes five. */
const ADD_SLICE = 2_000;

function flightRow(flight: Flight, edits: readonly PendingEditEntry[] | undefined): FlightRow {
  const { pendingChanges, refusal } = flightEditMarks(edits);
  const shownFlight = flightWithPending(flight, pendingChanges ?? undefined);
  const { scheduled, estimated } = movementTimes(shownFlight);
  return {
    ...shownFlight,
    pending: pendingChanges !== null,
    refusal,
    scheduledTime: Date.parse(scheduled),
    estimatedTime: Date.parse(estimated),
  };
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
 * Feeds the grid of one direction (departures or arrivals) from the stores with transactions:
 * only that direction's flights are rows. Only rows whose flight or outbox entries
 * changed are handed to AG Grid, which then flashes the cells whose value moved. The grid's
 * work runs in tasks of its own, after the store's other readers (toolbar, panel) have
 * rendered, and many new rows (a snapshot) go in slices, those the filters show (`wanted`)
 * first: no single task has to take in 10,000 flights.
 */
export function syncGridWithStores(
  api: GridApi<FlightRow>,
  direction: Direction,
  wanted: (flight: Flight) => boolean = () => true,
): () => void {
  let shown = new Map<string, ShownRow>();

  const update = () => {
    const { flights } = useFlightsStore.getState();
    const outbox = editsByFlight(usePendingEditsStore.getState().edits);
    const next = new Map<string, ShownRow>();
    const changed: FlightRow[] = [];
    const markChanged: string[] = [];
    const additions: Flight[] = [];
    for (const [id, flight] of flights) {
      if (flightDirection(flight) !== direction) continue;
      const edits = outbox.get(id);
      const before = shown.get(id);
      if (!before) {
        additions.push(flight);
        continue;
      }
      if (before.flight === flight && sameEdits(before.edits, edits)) {
        next.set(id, before);
        continue;
      }
      const row = flightRow(flight, edits);
      next.set(id, { flight, edits, row });
      changed.push(row);
      if (before.row.pending !== row.pending || before.row.refusal !== row.refusal) {
        markChanged.push(id);
      }
    }
    let adding = additions;
    if (additions.length > ADD_SLICE) {
      const shownFirst = additions.filter(wanted);
      const later = additions.filter((flight) => !wanted(flight));
      adding = [...shownFirst, ...later].slice(0, ADD_SLICE);
      schedule(); // the rest, in the next task
    }
    const add = adding.map((flight) => {
      const edits = outbox.get(flight.id);
      const row = flightRow(flight, edits);
      next.set(flight.id, { flight, edits, row });
      return row;
    });
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
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    inNextTask(() => {
      scheduled = false;
      if (!stopped && !api.isDestroyed()) update();
    });
  }

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
