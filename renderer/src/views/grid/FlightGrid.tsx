import { useCallback, useEffect, useMemo, useRef } from 'react';
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import type {
  CellDoubleClickedEvent,
  CellFocusedEvent,
  CellKeyDownEvent,
  ColumnState,
  FullWidthCellKeyDownEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
} from 'ag-grid-community';
import { can, isFinalStatus, type Direction, type Flight } from '../../../../core';
import { useFlightsStore } from '../../stores/flightsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { requestEdit, selectFlight, useUiStore } from '../../stores/uiStore';
import { loadSettings, saveGridSettings } from '../../settings/workstationSettings';
import {
  passesStatusFilter,
  statusFilterFor,
  timeWindowFilter,
} from '../../domain/departureWindows';
import { flightNumberQuery, normaliseQuickFilter } from '../../domain/flightQuery';
import { openFlightNotifications } from '../../stores/notificationsStore';
import { CONSOLE_GRID_MODULES } from './agGridModules';
import { departuresTheme } from './departuresTheme';
import { FLIGHT_GRIDS } from './flightGridDirections';
import { fitColumnsToScreen } from './narrowScreenColumns';
import { followGateConflictMarks, inGateConflict } from './gridConflictMarks';
import { registerGridApi } from './gridHandle';
import { syncGridWithStores } from './gridRowSync';
import type { FlightRow } from './flightRow';

/** The grids' fixed options, shared with the warm-up run (gridWarmUp.tsx). */
export const flightGridOptions = {
  modules: CONSOLE_GRID_MODULES,
  theme: departuresTheme,
  getRowId: (params: GetRowIdParams<FlightRow>) => params.data.id,
  rowClassRules: {
    'row-pending': (p) => !!p.data?.pending,
    'row-refused': (p) => !!p.data?.refusal,
    'row-finished': (p) => !!p.data && isFinalStatus(p.data.status),
    'row-gate-conflict': (p) => inGateConflict(p.data?.id),
  },
  defaultColDef: {
    sortable: true,
    resizable: true,
    filter: true,
    enableCellChangeFlash: true,
    suppressHeaderMenuButton: false,
  },
  rowSelection: { mode: 'singleRow', checkboxes: false, enableClickSelection: true },
  cellFlashDuration: 1200,
  cellFadeDuration: 2500,
  // The browser's own tooltips (title): AG Grid's would wire hover listeners into every cell
  // that may show one, a good part of the grid's first render.
  enableBrowserTooltips: true,
  animateRows: false,
  // Rows kept rendered beyond the visible ones (AG Grid's default is 10): every rendered row is
  // ~14 React cells, the bulk of the first render at sign-in. Scrolling renders more as needed.
  rowBuffer: 4,
  // Live changes arrive as transactions: re-sort only the rows they touch, not all of them.
  deltaSort: true,
  // Tab leaves the grid for the edit panel (WCAG 2.1.2); arrows move between cells.
  tabToNextCell: () => false,
  // AG Grid's own "No Matching Rows" in words agents use (without the Locale module).
  overlayComponentParams: {
    noMatchingRows: { overlayText: 'No flight matches the filter. Esc in the filter clears it.' },
  },
} satisfies AgGridReactProps<FlightRow>;

/** The time window and status chips as they are now, as one test of a flight. */
function currentRowFilter(direction: Direction): (flight: Flight) => boolean {
  const { timeWindow, statuses } = useUiStore.getState();
  const zone = useSessionStore.getState().airport?.timeZone ?? localZone();
  const inWindow = timeWindowFilter(timeWindow, Date.now(), zone);
  const chosen = statusFilterFor(direction, statuses);
  return (flight) => inWindow(flight) && passesStatusFilter(flight, chosen);
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Re-evaluate "next 3 hours" as time passes. */
const WINDOW_REFRESH_MS = 60_000;

interface FlightGridProps {
  direction: Direction;
  canEdit: boolean;
  onDisplayedCountChange: (count: number) => void;
}

/** The agent's grid of one direction's flights: departures or arrivals, live. */
export function FlightGrid({ direction, canEdit, onDisplayedCountChange }: FlightGridProps) {
  const grid = FLIGHT_GRIDS[direction];
  const quickFilter = useUiStore((s) => s.quickFilter);
  const loaded = useFlightsStore((s) => s.loaded);
  const airportZone = useSessionStore((s) => s.airport?.timeZone);
  const fallbackZone = airportZone ?? localZone();
  const columnDefs = useMemo(
    () => fitColumnsToScreen(grid.columns(fallbackZone), window.innerWidth),
    [grid, fallbackZone],
  );
  const apiRef = useRef<GridApi<FlightRow> | null>(null);
  const stopSyncRef = useRef<(() => void) | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const restoring = useRef(true);

  // The time window and status chips as one test, made again when they change and as time
  // passes, not per row: AG Grid asks it of every row at every filter pass.
  const rowFilter = useRef<((flight: Flight) => boolean) | null>(null);
  const passesFilters = useCallback(
    (flight: Flight) => (rowFilter.current ??= currentRowFilter(direction))(flight),
    [direction],
  );
  const isExternalFilterPresent = useCallback(() => {
    const { timeWindow, statuses, quickFilter } = useUiStore.getState();
    // A flight asked for by its number is found whatever the time window and chips say.
    if (flightNumberQuery(quickFilter)) return false;
    return timeWindow !== 'all' || statusFilterFor(direction, statuses).length > 0;
  }, [direction]);
  const doesExternalFilterPass = useCallback(
    (node: IRowNode<FlightRow>) => !!node.data && passesFilters(node.data),
    [passesFilters],
  );
  useEffect(() => {
    rowFilter.current = null;
    apiRef.current?.onFilterChanged();
  }, [airportZone]);

  const saveLayout = useCallback(() => {
    if (restoring.current || !grid.keepsLayout) return;
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      const api = apiRef.current;
      if (!api || api.isDestroyed()) return;
      void saveGridSettings({
        columnState: api.getColumnState(),
        filterModel: api.getFilterModel(),
      });
    }, 400);
  }, [grid]);

  const onGridReady = useCallback(
    (event: GridReadyEvent<FlightRow>) => {
      apiRef.current = event.api;
      registerGridApi(event.api);
      const stopRows = syncGridWithStores(event.api, direction, passesFilters);
      const stopMarks = followGateConflictMarks(event.api);
      stopSyncRef.current = () => {
        stopRows();
        stopMarks();
      };
      if (!grid.keepsLayout) return;
      void loadSettings().then((settings) => {
        if (event.api.isDestroyed()) return;
        const { columnState, filterModel } = settings.grid;
        if (columnState?.length) {
          event.api.applyColumnState({ state: columnState as ColumnState[], applyOrder: true });
        }
        if (filterModel) event.api.setFilterModel(filterModel);
        restoring.current = false;
      });
    },
    [direction, grid, passesFilters],
  );

  useEffect(() => {
    const refilter = () => {
      rowFilter.current = null;
      apiRef.current?.onFilterChanged();
    };
    const stopUi = useUiStore.subscribe((state, previous) => {
      if (
        state.timeWindow !== previous.timeWindow ||
        state.statuses !== previous.statuses ||
        !!flightNumberQuery(state.quickFilter) !== !!flightNumberQuery(previous.quickFilter)
      )
        refilter();
    });
    const timer = setInterval(refilter, WINDOW_REFRESH_MS);
    return () => {
      stopUi();
      clearInterval(timer);
      clearTimeout(saveTimer.current);
      stopSyncRef.current?.();
      registerGridApi(null);
    };
  }, []);

  const onCellFocused = useCallback((event: CellFocusedEvent<FlightRow>) => {
    if (event.rowIndex === null || event.rowPinned) return;
    const node = event.api.getDisplayedRowAtIndex(event.rowIndex);
    if (!node?.id) return;
    node.setSelected(true);
    selectFlight(node.id);
  }, []);

  const onCellKeyDown = useCallback(
    (event: CellKeyDownEvent<FlightRow> | FullWidthCellKeyDownEvent<FlightRow>) => {
      const key = (event.event as KeyboardEvent | null | undefined)?.key;
      const colId = 'column' in event ? event.column.getColId() : '';
      const role = useSessionStore.getState().user?.role;
      if (key === 'Enter' && colId === 'notifications' && event.data) {
        // Enter on Notified opens the notification list, as a click does (supervisors).
        if (role && can(role, 'managePassengers')) {
          event.event?.preventDefault();
          openFlightNotifications(event.data.id);
        }
        return;
      }
      if (!canEdit || !event.data || (key !== 'Enter' && key !== 'F2')) return;
      event.event?.preventDefault();
      requestEdit(event.data.id, grid.editFieldForColumn(colId));
    },
    [canEdit, grid],
  );

  const onCellDoubleClicked = useCallback(
    (event: CellDoubleClickedEvent<FlightRow>) => {
      if (canEdit && event.data)
        requestEdit(event.data.id, grid.editFieldForColumn(event.column.getColId()));
    },
    [canEdit, grid],
  );

  /** After a re-sort the focused index may point at another flight: follow the selected one. */
  const onModelUpdated = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    onDisplayedCountChange(api.getDisplayedRowCount());
    const selectedId = useUiStore.getState().selectedFlightId;
    const focused = api.getFocusedCell();
    if (!selectedId || !focused) return;
    const node = api.getRowNode(selectedId);
    const gridHasFocus = document.activeElement?.closest('.ag-root') !== null;
    if (node && node.rowIndex !== null && node.rowIndex !== focused.rowIndex && gridHasFocus) {
      api.setFocusedCell(node.rowIndex, focused.column);
    }
  }, [onDisplayedCountChange]);

  return (
    <div className="flight-grid" data-testid={grid.testId}>
      <AgGridReact<FlightRow>
        {...flightGridOptions}
        columnDefs={columnDefs}
        loading={!loaded}
        quickFilterText={normaliseQuickFilter(quickFilter)}
        isExternalFilterPresent={isExternalFilterPresent}
        doesExternalFilterPass={doesExternalFilterPass}
        onGridReady={onGridReady}
        onCellFocused={onCellFocused}
        onCellKeyDown={onCellKeyDown}
        onCellDoubleClicked={onCellDoubleClicked}
        onModelUpdated={onModelUpdated}
        onSortChanged={saveLayout}
        onColumnMoved={saveLayout}
        onColumnResized={saveLayout}
        onColumnVisible={saveLayout}
        onColumnPinned={saveLayout}
        onFilterChanged={saveLayout}
        overlayNoRowsTemplate={`No ${grid.noun} match the filters.`}
      />
    </div>
  );
}
