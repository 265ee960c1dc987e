import type { ColDef } from 'ag-grid-community';
import { delayCodeDescription, compareGates } from '../../domain/flightPresentation';
import type { EditField } from '../../stores/uiStore';
import type { FlightRow } from './flightRow';
import { NotificationCountsCell, PassengerCountCell } from '../notifications/NotificationCells';
import { turnaroundColumn } from '../turnarounds/turnaroundColumn';
import {
  airlineColumn,
  codeColumn,
  delayColumn,
  estimateColumn,
  flightColumn,
  lastChangeColumn,
  otherAirportColumn,
  remarkColumn,
  scheduledColumn,
  statusColumn,
} from './flightGridColumnParts';

/** The departures grid columns, times in the departure airport's zone. */
export function departuresGridColumns(fallbackZone: string): ColDef<FlightRow>[] {
  return [
    scheduledColumn(fallbackZone, {
      colId: 'std',
      headerName: 'STD',
      field: 'std',
      headerTooltip: 'Scheduled time of departure, airport local time',
    }),
    estimateColumn(fallbackZone, {
      colId: 'etd',
      headerName: 'ETD',
      field: 'etd',
      headerTooltip: 'Estimated time of departure, airport local time',
    }),
    delayColumn(),
    flightColumn(),
    airlineColumn(),
    otherAirportColumn({ colId: 'destination', headerName: 'Destination' }),
    codeColumn('terminal', { headerName: 'Term', width: 60, cellClass: 'cell-dim' }),
    {
      colId: 'gate',
      headerName: 'Gate',
      field: 'gate',
      width: 64,
      cellClass: 'cell-gate',
      comparator: (a: string | null, b: string | null) => compareGates(a, b),
    },
    turnaroundColumn<FlightRow>(fallbackZone),
    statusColumn(),
    {
      colId: 'passengers',
      headerName: 'Manifest',
      width: 78,
      sortable: false,
      cellRenderer: PassengerCountCell,
      headerTooltip: 'Passengers on the manifest: who is notified of changes',
    },
    {
      colId: 'notifications',
      headerName: 'Notified',
      width: 168,
      sortable: false,
      cellRenderer: NotificationCountsCell,
      headerTooltip: 'Passenger notifications: queued, sent, delivered, failed, not sent',
    },
    {
      colId: 'delayCode',
      headerName: 'Code',
      field: 'delayCode',
      width: 62,
      cellClass: 'cell-time',
      tooltipValueGetter: (p) =>
        p.data?.delayCode ? delayCodeDescription(p.data.delayCode) : null,
      headerTooltip: 'IATA delay code (hover for its meaning)',
    },
    remarkColumn(),
    lastChangeColumn(fallbackZone),
  ];
}

/** Which edit-panel field Enter/F2 on a departures column opens. */
export function departureEditFieldForColumn(colId: string): EditField {
  switch (colId) {
    case 'etd':
    case 'std':
    case 'delay':
      return 'etd';
    case 'delayCode':
      return 'delayCode';
    case 'status':
      return 'status';
    case 'remark':
      return 'remark';
    default:
      return 'gate';
  }
}
