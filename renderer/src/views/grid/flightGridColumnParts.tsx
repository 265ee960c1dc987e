import type { ColDef, ICellRendererParams, ValueGetterParams } from 'ag-grid-community';
import { movementTimes } from '../../../../core';
import { localTime } from '../../domain/localClock';
import { flightSearchText } from '../../domain/flightQuery';
import {
  STATUS_LABELS,
  STATUS_TONES,
  estimateDelayMinutes,
  flightTimeZone,
  formatDelay,
  formatEstimate,
  formatScheduled,
  otherAirportLabel,
} from '../../domain/flightPresentation';
import type { FlightRow } from './flightRow';

/**
 * Columns both grids have (flight, times, other airport, status, remark, last change), built
 * for the direction's own labels. Times are shown in this airport's zone; values used for
 * sorting stay instants so that sorting is by time, not by text.
 */
type Row = FlightRow;
type Column = ColDef<Row>;

function FlightCell({ data }: ICellRendererParams<Row>) {
  if (!data) return null;
  return (
    <span className="flight-cell">
      <span className="flight-number">{data.flightNumber}</span>
      {data.codeshares && data.codeshares.length > 0 && (
        <span
          className="flight-codeshares"
          data-testid="codeshares"
          title={`Also sold as ${data.codeshares.join(', ')}`}
        >
          +{data.codeshares.length}
        </span>
      )}
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

/** A local-time column of one instant of the row (filter and quick filter on the local time). */
function localTimeColumn(
  fallbackZone: string,
  instant: (row: Row) => string | null | undefined,
  column: Column,
): Column {
  const local = (row: Row | undefined) => {
    const value = row ? instant(row) : null;
    return value ? localTime(value, zoneOf(row, fallbackZone)) : '';
  };
  return {
    cellClass: 'cell-time',
    filterValueGetter: (p: ValueGetterParams<Row>) => local(p.data),
    getQuickFilterText: (p) => local(p.data),
    ...column,
  };
}

/** The scheduled movement here: STD or STA (`column` names it). */
export function scheduledColumn(fallbackZone: string, column: Column): Column {
  return localTimeColumn(fallbackZone, (row) => movementTimes(row).scheduled, {
    width: 64,
    comparator: (_a, _b, nodeA, nodeB) =>
      (nodeA.data?.scheduledTime ?? 0) - (nodeB.data?.scheduledTime ?? 0),
    valueFormatter: (p) => (p.data ? formatScheduled(p.data, zoneOf(p.data, fallbackZone)) : ''),
    ...column,
  });
}

/** The estimated movement here: ETD or ETA (`column` names it), the grid's default sort. */
export function estimateColumn(fallbackZone: string, column: Column): Column {
  return localTimeColumn(fallbackZone, (row) => movementTimes(row).estimated, {
    width: 72,
    sort: 'asc',
    // Estimate first, schedule to break ties; numbers, so 10,000 rows sort without parsing.
    comparator: (_a, _b, nodeA, nodeB) =>
      nodeA.data && nodeB.data
        ? nodeA.data.estimatedTime - nodeB.data.estimatedTime ||
          nodeA.data.scheduledTime - nodeB.data.scheduledTime
        : 0,
    valueFormatter: (p) => (p.data ? formatEstimate(p.data, zoneOf(p.data, fallbackZone)) : ''),
    cellClassRules: {
      'cell-late': (p) =>
        !!p.data && estimateDelayMinutes(p.data) > 0 && p.data.status !== 'CANCELLED',
    },
    ...column,
  });
}

/** An instant shown as a plain local time (actual times, ...). */
export function instantColumn(
  fallbackZone: string,
  instant: (row: Row) => string | null | undefined,
  column: Column,
): Column {
  return localTimeColumn(fallbackZone, instant, {
    width: 64,
    valueFormatter: (p) => {
      const value = p.data ? instant(p.data) : null;
      return value ? localTime(value, zoneOf(p.data, fallbackZone)) : '';
    },
    ...column,
  });
}

export function delayColumn(): Column {
  return {
    colId: 'delay',
    headerName: 'Delay',
    width: 64,
    valueGetter: (p) => (p.data ? estimateDelayMinutes(p.data) : null),
    valueFormatter: (p) => (typeof p.value === 'number' ? formatDelay(p.value) : ''),
    filter: 'agNumberColumnFilter',
    type: 'rightAligned',
    cellClass: 'cell-time',
    cellClassRules: {
      'cell-late': (p) => typeof p.value === 'number' && p.value > 0 && p.value < 60,
      'cell-very-late': (p) => typeof p.value === 'number' && p.value >= 60,
    },
    headerTooltip: 'Minutes behind schedule',
  };
}

export function flightColumn(): Column {
  return {
    colId: 'flightNumber',
    headerName: 'Flight',
    field: 'flightNumber',
    width: 132,
    cellRenderer: FlightCell,
    // AI117, AI0117 and codeshare numbers find the flight too: a passenger reads "AI 9123"
    // from their ticket (domain/flightQuery.ts).
    getQuickFilterText: (p) => flightSearchText(p.data),
    tooltipValueGetter: (p) =>
      p.data?.refusal ??
      (p.data?.codeshares?.length ? `Also sold as ${p.data.codeshares.join(', ')}` : null),
  };
}

export function airlineColumn(): Column {
  return {
    colId: 'airline',
    headerName: 'Airline',
    field: 'airlineName',
    width: 132,
    cellClass: 'cell-dim',
  };
}

/** The airport at the other end: Destination of a departure, From of an arrival. */
export function otherAirportColumn(column: Column): Column {
  return { width: 176, valueGetter: (p) => (p.data ? otherAirportLabel(p.data) : ''), ...column };
}

export function codeColumn(
  field: 'terminal' | 'stand' | 'belt' | 'registration' | 'aircraftType',
  column: Column,
): Column {
  return { colId: field, field, width: 64, ...column };
}

export function statusColumn(): Column {
  return {
    colId: 'status',
    headerName: 'Status',
    field: 'status',
    width: 112,
    cellRenderer: StatusCell,
    filterValueGetter: (p: ValueGetterParams<Row>) => (p.data ? STATUS_LABELS[p.data.status] : ''),
    getQuickFilterText: (p) => STATUS_LABELS[p.data.status],
  };
}

export function remarkColumn(): Column {
  return {
    colId: 'remark',
    headerName: 'Remark',
    field: 'remark',
    flex: 1,
    minWidth: 140,
    tooltipField: 'remark',
  };
}

export function lastChangeColumn(fallbackZone: string): Column {
  return {
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
  };
}
