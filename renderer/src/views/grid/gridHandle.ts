import type { GridApi } from 'ag-grid-community';
import type { DepartureRow } from './departureRow';

/** The mounted grid, for the panel and toolbar: hand the keyboard back to a row, clear filters. */
let gridApi: GridApi<DepartureRow> | null = null;

export function registerGridApi(api: GridApi<DepartureRow> | null): void {
  gridApi = api;
}

export function focusFlightInGrid(flightId: string): void {
  if (!gridApi || gridApi.isDestroyed()) return;
  const node = gridApi.getRowNode(flightId);
  if (!node || node.rowIndex === null) return;
  const column = gridApi.getFocusedCell()?.column ?? 'flightNumber';
  gridApi.ensureIndexVisible(node.rowIndex);
  gridApi.setFocusedCell(node.rowIndex, column);
}

export function clearColumnFilters(): void {
  if (!gridApi || gridApi.isDestroyed()) return;
  gridApi.setFilterModel(null);
}

/**
 * The first flight the grid shows now (the quick filter's match), scrolled into view and
 * selected without taking the keyboard: the edit panel takes it next.
 */
export function revealFirstDisplayedFlight(): string | null {
  if (!gridApi || gridApi.isDestroyed()) return null;
  const node = gridApi.getDisplayedRowAtIndex(0);
  if (!node?.id || node.rowIndex === null) return null;
  gridApi.ensureIndexVisible(node.rowIndex);
  node.setSelected(true);
  return node.id;
}
