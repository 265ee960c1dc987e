import type { ColDef } from 'ag-grid-community';
import { compareGates } from '../../domain/flightPresentation';
import type { EditField } from '../../stores/uiStore';
import type { FlightRow } from './flightRow';
import { turnaroundColumn } from '../turnarounds/turnaroundColumn';
import { EtaFromPositionCell } from '../traffic/EtaFromPositionCell';
import {
  codeColumn,
  delayColumn,
  estimateColumn,
  flightColumn,
  instantColumn,
  lastChangeColumn,
  otherAirportColumn,
  remarkColumn,
  scheduledColumn,
  statusColumn,
} from './flightGridColumnParts';

/**
 * The arrivals grid columns: what an arrivals agent works with (when it lands, where it parks,
 * which belt its bags go to), times in this airport's zone.
 */
export function arrivalsGridColumns(fallbackZone: string): ColDef<FlightRow>[] {
  return [
    scheduledColumn(fallbackZone, {
      colId: 'sta',
      headerName: 'STA',
      field: 'sta',
      headerTooltip: 'Scheduled time of arrival, airport local time',
    }),
    estimateColumn(fallbackZone, {
      colId: 'eta',
      headerName: 'ETA',
      field: 'eta',
      headerTooltip:
        'Estimated time of arrival, airport local time; ◎: the position says otherwise',
      cellRenderer: EtaFromPositionCell,
      cellRendererParams: { zone: fallbackZone },
    }),
    instantColumn(fallbackZone, (row) => row.ata, {
      colId: 'ata',
      headerName: 'ATA',
      field: 'ata',
      headerTooltip: 'Actual time of arrival (on block), airport local time',
    }),
    delayColumn(),
    flightColumn(),
    otherAirportColumn({ colId: 'origin', headerName: 'From', width: 164 }),
    statusColumn(),
    codeColumn('stand', {
      headerName: 'Stand',
      cellClass: 'cell-gate',
      comparator: (a: string | null, b: string | null) => compareGates(a, b),
    }),
    codeColumn('belt', {
      headerName: 'Belt',
      width: 56,
      cellClass: 'cell-gate',
      comparator: (a: string | null, b: string | null) => compareGates(a, b),
      headerTooltip: 'Baggage reclaim belt',
    }),
    codeColumn('terminal', { headerName: 'Term', width: 60, cellClass: 'cell-dim' }),
    codeColumn('registration', { headerName: 'Reg', width: 84, cellClass: 'cell-dim' }),
    // The aircraft's next departure (by registration or the schedule's onward flight).
    turnaroundColumn<FlightRow>(fallbackZone),
    codeColumn('aircraftType', {
      headerName: 'Type',
      width: 60,
      cellClass: 'cell-dim',
      headerTooltip: 'Aircraft type (IATA code)',
    }),
    // Before the remark, which takes the room left: on a 1600 px screen every column shows.
    lastChangeColumn(fallbackZone),
    remarkColumn(),
  ];
}

/** Which edit-panel field Enter/F2 on an arrivals column opens. */
export function arrivalEditFieldForColumn(colId: string): EditField {
  switch (colId) {
    case 'eta':
    case 'sta':
    case 'ata':
    case 'delay':
      return 'eta';
    case 'belt':
      return 'belt';
    case 'status':
      return 'status';
    case 'remark':
      return 'remark';
    default:
      return 'stand';
  }
}
