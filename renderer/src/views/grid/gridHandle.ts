import type { GridApi } from 'ag-grid-community';
import type { FlightRow } from './flightRow';

/** The mounted grid, for the panel and toolbar: hand the keyboard back to a row, clear filters. */
let gridApi: GridApi<FlightRow> | null = null;

export function registerGridApi(api: GridApi<FlightRow> | null): void {
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
