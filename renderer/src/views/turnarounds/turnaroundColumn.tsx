import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { movementTimes, type Flight } from '../../../../core';
import { localTime } from '../../domain/localClock';
import { useTurnaroundsStore } from '../../stores/turnaroundsStore';
import { useFlightsStore } from '../../stores/flightsStore';
import { applyTurnaroundSuggestion, useTurnaround } from './useTurnaround';

/** "← 6E 512 14:05": the partner flight and its estimated (or actual) movement here. */
export function partnerLabel(partner: Flight, isOutbound: boolean, zone: string): string {
  const { estimated, actual } = movementTimes(partner);
  return `${isOutbound ? '←' : '→'} ${partner.flightNumber} ${localTime(actual ?? estimated, zone)}`;
}

function TurnaroundCell({ data, zone }: ICellRendererParams<Flight> & { zone: string }) {
  const turnaround = useTurnaround(data?.id ?? '');
  if (!data || !turnaround?.partner) return null;
  const { link, partner, isOutbound } = turnaround;
  const suggestion = isOutbound ? link.suggestion : undefined;
  return (
    <span
      className={`turnaround-cell${suggestion ? ' turnaround-late' : ''}`}
      data-testid="turnaround-cell"
      title={
        isOutbound
          ? `Inbound aircraft ${partner.registration ?? ''} on ${partner.flightNumber}; minimum turnaround ${link.minimumTurnaroundMinutes} min`
          : `The aircraft continues as ${partner.flightNumber}`
      }
    >
      {partnerLabel(partner, isOutbound, zone)}
      {suggestion && (
        <button
          type="button"
          className="turnaround-apply"
          data-testid="turnaround-apply"
          title={`Late inbound: move ETD to ${localTime(suggestion.etd, zone)} with delay code 93`}
          onClick={(event) => {
            event.stopPropagation();
            void applyTurnaroundSuggestion(link);
          }}
        >
          {localTime(suggestion.etd, zone)} · 93
        </button>
      )}
    </span>
  );
}

/** The text of the cell, for the quick filter and the CSV export. */
function turnaroundText(flight: Flight | undefined, zone: string): string {
  if (!flight) return '';
  const link = useTurnaroundsStore.getState().byFlight.get(flight.id);
  if (!link) return '';
  const isOutbound = link.departureId === flight.id;
  const partner = useFlightsStore
    .getState()
    .flights.get(isOutbound ? link.arrivalId : link.departureId);
  if (!partner) return '';
  const late =
    isOutbound && link.suggestion
      ? ` late inbound: ETD ${localTime(link.suggestion.etd, zone)} code 93`
      : '';
  return `${partnerLabel(partner, isOutbound, zone)}${late}`;
}

/**
 * The turnaround column: for a departure its inbound aircraft's flight and ETA (a late inbound
 * with its suggested ETD, applied with one click); for an arrival the departure it turns into.
 */
export function turnaroundColumn<Row extends Flight>(zone: string): ColDef<Row> {
  return {
    colId: 'turnaround',
    headerName: 'Turn',
    width: 150,
    sortable: false,
    valueGetter: (p) => turnaroundText(p.data, zone),
    cellRenderer: TurnaroundCell,
    cellRendererParams: { zone },
    headerTooltip:
      'Turnaround: the inbound flight of this aircraft (←) or its next departure (→); a late inbound suggests a new ETD with delay code 93',
  };
}
