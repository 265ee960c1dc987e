import type { ColDef, ICellRendererParams, ValueGetterParams } from 'ag-grid-community';
import { delayMinutes } from '../../../../core';
import { localTime } from '../../domain/localClock';
import {
  STATUS_LABELS,
  STATUS_TONES,
  compareGates,
  delayCodeDescription,
  destinationLabel,
  flightTimeZone,
  formatDelay,
  formatEtd,
  formatStd,
} from '../../domain/flightPresentation';
import type { EditField } from '../../stores/uiStore';
import type { DepartureRow } from './departureRow';
import { NotificationCountsCell, PassengerCountCell } from '../notifications/NotificationCells';
import { turnaroundColumn } from '../turnarounds/turnaroundColumn';

type Row = DepartureRow;

function FlightCell({ data }: ICellRendererParams<Row>) {
  if (!data) return null;
  return (
    <span className="flight-cell">
      <span className="flight-number">{data.flightNumber}</span>
      {data.pending && (
        <span
          className="row-pending-mark"
          data-testid="row-pending"
          title="Not yet confirmed by the hub: sending, or kept until it is reachable"
        >
          pending
        </span>
      )}
      {data.refusal && (
        <span className="row-refusal-mark" data-testid="row-refusal" title={data.refusal}>
          refused
        </span>
      )}
    </span>
  );
}

function StatusCell({ data }: ICellRendererParams<Row>) {
  if (!data) return null;
  return (
    <span className={`status-chip status-${STATUS_TONES[data.status]}`}>
      {STATUS_LABELS[data.status]}
    </span>
  );
}

const zoneOf = (row: Row | undefined, fallback: string) =>
  row ? flightTimeZone(row, fallback) : fallback;

/**
 * The departures grid columns. Times are shown in the departure airport's zone; values used for
 * sorting stay ISO instants so that sorting is by time, not by text.
 */
export function departuresGridColumns(fallbackZone: string): ColDef<Row>[] {
  return [
    {
      colId: 'std',
      headerName: 'STD',
      field: 'std',
      width: 64,
      valueFormatter: (p) => (p.data ? formatStd(p.data, zoneOf(p.data, fallbackZone)) : ''),
      filterValueGetter: (p: ValueGetterParams<Row>) =>
        p.data ? localTime(p.data.std, zoneOf(p.data, fallbackZone)) : '',
      getQuickFilterText: (p) => localTime(p.data.std, zoneOf(p.data, fallbackZone)),
      cellClass: 'cell-time',
      headerTooltip: 'Scheduled time of departure, airport local time',
    },
    {
      colId: 'etd',
      headerName: 'ETD',
      field: 'etd',
      width: 72,
      sort: 'asc',
      // Estimate first, schedule to break ties; numbers, so 10,000 rows sort without parsing.
      comparator: (_a, _b, nodeA, nodeB) =>
        nodeA.data && nodeB.data
          ? nodeA.data.etdTime - nodeB.data.etdTime || nodeA.data.stdTime - nodeB.data.stdTime
          : 0,
      valueFormatter: (p) => (p.data ? formatEtd(p.data, zoneOf(p.data, fallbackZone)) : ''),
      filterValueGetter: (p: ValueGetterParams<Row>) =>
        p.data ? localTime(p.data.etd, zoneOf(p.data, fallbackZone)) : '',
      getQuickFilterText: (p) => localTime(p.data.etd, zoneOf(p.data, fallbackZone)),
      cellClass: 'cell-time',
      cellClassRules: {
        'cell-late': (p) => !!p.data && delayMinutes(p.data) > 0 && p.data.status !== 'CANCELLED',
      },
      headerTooltip: 'Estimated time of departure, airport local time',
    },
    {
      colId: 'delay',
      headerName: 'Delay',
      width: 64,
      valueGetter: (p) => (p.data ? delayMinutes(p.data) : null),
      valueFormatter: (p) => (typeof p.value === 'number' ? formatDelay(p.value) : ''),
      filter: 'agNumberColumnFilter',
      type: 'rightAligned',
      cellClass: 'cell-time',
      cellClassRules: {
        'cell-late': (p) => typeof p.value === 'number' && p.value > 0 && p.value < 60,
        'cell-very-late': (p) => typeof p.value === 'number' && p.value >= 60,
      },
      headerTooltip: 'Minutes behind schedule',
    },
    {
      colId: 'flightNumber',
      headerName: 'Flight',
      field: 'flightNumber',
      width: 132,
      cellRenderer: FlightCell,
      tooltipValueGetter: (p) => p.data?.refusal ?? null,
    },
    {
      colId: 'airline',
      headerName: 'Airline',
      field: 'airlineName',
      width: 132,
      cellClass: 'cell-dim',
    },
    {
      colId: 'destination',
      headerName: 'Destination',
      width: 176,
      valueGetter: (p) => (p.data ? destinationLabel(p.data) : ''),
    },
    { colId: 'terminal', headerName: 'Term', field: 'terminal', width: 60, cellClass: 'cell-dim' },
    {
      colId: 'gate',
      headerName: 'Gate',
      field: 'gate',
      width: 64,
      cellClass: 'cell-gate',
      comparator: (a: string | null, b: string | null) => compareGates(a, b),
    },
    turnaroundColumn<Row>(fallbackZone),
    {
      colId: 'status',
      headerName: 'Status',
      field: 'status',
      width: 112,
      cellRenderer: StatusCell,
      filterValueGetter: (p: ValueGetterParams<Row>) =>
        p.data ? STATUS_LABELS[p.data.status] : '',
      getQuickFilterText: (p) => STATUS_LABELS[p.data.status],
    },
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
    {
      colId: 'remark',
      headerName: 'Remark',
      field: 'remark',
      flex: 1,
      minWidth: 140,
      tooltipField: 'remark',
    },
    {
      colId: 'updated',
      headerName: 'Last change',
      width: 118,
      valueGetter: (p) =>
        p.data?.updatedBy
          ? `${p.data.updatedBy} ${localTime(p.data.updatedAt, zoneOf(p.data, fallbackZone))}`
          : '',
      comparator: (_a, _b, nodeA, nodeB) =>
        Date.parse(nodeA.data?.updatedAt ?? '') - Date.parse(nodeB.data?.updatedAt ?? ''),
      cellClass: 'cell-dim cell-time',
    },
  ];
}

/** Which edit-panel field Enter/F2 on a column opens. */
export function editFieldForColumn(colId: string): EditField {
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
