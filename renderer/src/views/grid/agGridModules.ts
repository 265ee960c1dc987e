import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  CsvExportModule,
  ExternalFilterModule,
  HighlightChangesModule,
  NumberFilterModule,
  QuickFilterModule,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
  type Module,
} from 'ag-grid-community';

/**
 * The AG Grid features the console's grids use, and no others: each module left out is code
 * the console neither downloads nor starts (AllCommunityModule was 63% of the old bundle).
 * A grid passes this list as its `modules`; a feature whose module is missing is reported by
 * AG Grid in the console (error #200), and in development ValidationModule names it.
 */
export const CONSOLE_GRID_MODULES: Module[] = [
  ClientSideRowModelModule,
  ClientSideRowModelApiModule, // applyTransaction: live changes
  RowApiModule, // getRowNode, getDisplayedRowAtIndex, getDisplayedRowCount
  ColumnApiModule, // the remembered column layout: getColumnState, applyColumnState
  ScrollApiModule, // ensureIndexVisible: back to the row after an edit
  RenderApiModule, // refreshCells: pending / refused marks
  TextFilterModule, // column filters (and getFilterModel / setFilterModel)
  NumberFilterModule, // the Delay column's filter
  QuickFilterModule, // the toolbar's filter box
  ExternalFilterModule, // time window and status chips
  RowSelectionModule,
  RowStyleModule, // rowClassRules: pending, refused, finished
  CellStyleModule, // cellClass, cellClassRules: late, very late
  HighlightChangesModule, // flashes the cells a remote change moved
  TooltipModule, // delay-code meanings, refusals, header help
  CsvExportModule, // "export what I see" (the export button comes with the next views)
  ...(import.meta.env.DEV ? [ValidationModule] : []),
];
