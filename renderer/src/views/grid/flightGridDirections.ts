import type { ColDef } from 'ag-grid-community';
import type { Direction } from '../../../../core';
import type { EditField } from '../../stores/uiStore';
import { arrivalEditFieldForColumn, arrivalsGridColumns } from './arrivalsGridColumns';
import { departureEditFieldForColumn, departuresGridColumns } from './departuresGridColumns';
import type { FlightRow } from './flightRow';

/** What makes the Departures grid and the Arrivals grid differ; everything else is shared. */
export interface FlightGridDirection {
  direction: Direction;
  /** `data-testid` of the grid (tests and the console bench find it by this). */
  testId: string;
  /** Flights of this direction, plural, for counts and empty states: "departures". */
  noun: string;
  columns: (fallbackZone: string) => ColDef<FlightRow>[];
  /** Which edit-panel field Enter/F2 (or a double click) on a column opens. */
  editFieldForColumn: (colId: string) => EditField;
  filterPlaceholder: string;
  /**
   * Whether column layout and filters are kept in the workstation settings. Only the
   * departures grid's are: the settings hold one grid's layout (see the report of wave 2b).
   */
  keepsLayout: boolean;
}

export const FLIGHT_GRIDS: Record<Direction, FlightGridDirection> = {
  departure: {
    direction: 'departure',
    testId: 'departures-grid',
    noun: 'departures',
    columns: departuresGridColumns,
    editFieldForColumn: departureEditFieldForColumn,
    filterPlaceholder: 'Filter: flight, city, gate, remark…',
    keepsLayout: true,
  },
  arrival: {
    direction: 'arrival',
    testId: 'arrivals-grid',
    noun: 'arrivals',
    columns: arrivalsGridColumns,
    editFieldForColumn: arrivalEditFieldForColumn,
    filterPlaceholder: 'Filter: flight, city, stand, belt, reg…',
    keepsLayout: false,
  },
};
