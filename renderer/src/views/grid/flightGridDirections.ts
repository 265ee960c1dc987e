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
  /** The quick filter's accessible name: what it finds, and that Enter opens the first match. */
  filterLabel: string;
  /** The field a flight opens on when the agent goes to it from the quick filter (Enter). */
  goToField: EditField;
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
    filterPlaceholder: 'Find: AI117, city, gate… Enter opens',
    filterLabel: 'Find a flight: number, city, gate or remark; Enter opens the first match',
    goToField: 'gate',
    keepsLayout: true,
  },
  arrival: {
    direction: 'arrival',
    testId: 'arrivals-grid',
    noun: 'arrivals',
    columns: arrivalsGridColumns,
    editFieldForColumn: arrivalEditFieldForColumn,
    filterPlaceholder: 'Find: AI117, city, stand… Enter opens',
    filterLabel:
      'Find a flight: number, city, stand, belt or registration; Enter opens the first match',
    goToField: 'stand',
    keepsLayout: false,
  },
};
