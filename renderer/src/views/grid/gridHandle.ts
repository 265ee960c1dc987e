import type { GridApi } from 'ag-grid-community';
import { toGoTo } from '../../domain/goToFlight';
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

/**
 * The flight "go to flight" opens among those the grid shows now (the quick filter's matches):
 * the first that has not already moved here, else the first (toGoTo), scrolled into view and
 * selected without taking the keyboard: the edit panel takes it next.
 */
export function revealFlightToGoTo(): string | null {
  if (!gridApi || gridApi.isDestroyed()) return null;
  const api = gridApi;
  const shown = function* () {
    for (let index = 0; index < api.getDisplayedRowCount(); index += 1) {
      const node = api.getDisplayedRowAtIndex(index);
      if (node) yield node;
    }
  };
  const node = toGoTo(shown(), (shownNode) => shownNode.data?.status);
  if (!node?.id || node.rowIndex === null) return null;
  api.ensureIndexVisible(node.rowIndex);
  node.setSelected(true);
  return node.id;
}

/** Columns drawn by components, with nothing a spreadsheet could use. */
const NOT_EXPORTED = new Set(['passengers', 'notifications']);

/**
 * The grid as it is shown (filters, sort, local times as formatted) as a CSV download, through
 * AG Grid's own export (CsvExportModule). False when no grid is mounted.
 */
export function exportGridCsv(fileName: string): boolean {
  if (!gridApi || gridApi.isDestroyed()) return false;
  const columnKeys = gridApi
    .getAllDisplayedColumns()
    .map((column) => column.getColId())
    .filter((colId) => !NOT_EXPORTED.has(colId));
  gridApi.exportDataAsCsv({ fileName, columnKeys });
  return true;
}
