import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { movementTimes, type Flight } from '../../../../core';
import { formatOnDayOf } from '../../domain/flightPresentation';
import { useTurnaroundsStore } from '../../stores/turnaroundsStore';
import { useFlightsStore } from '../../stores/flightsStore';
import { applyTurnaroundSuggestion, useTurnaround } from './useTurnaround';

/**
 * "← 6E 512 14:05": the partner flight and its estimated (or actual) movement here, on the day
 * of `flight`'s schedule ("23:50-1" for an inbound that lands before midnight).
 */
export function partnerLabel(
  flight: Flight,
  partner: Flight,
  isOutbound: boolean,
  zone: string,
): string {
  const { estimated, actual } = movementTimes(partner);
  return `${isOutbound ? '←' : '→'} ${partner.flightNumber} ${formatOnDayOf(actual ?? estimated, flight, zone)}`;
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
      {partnerLabel(data, partner, isOutbound, zone)}
      {suggestion && (
        <button
          type="button"
          className="turnaround-apply"
          data-testid="turnaround-apply"
          title={`Late inbound: move ETD to ${formatOnDayOf(suggestion.etd, data, zone)} with delay code 93`}
          onClick={(event) => {
            event.stopPropagation();
            void applyTurnaroundSuggestion(link);
          }}
        >
          {formatOnDayOf(suggestion.etd, data, zone)} · 93
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
      ? ` late inbound: ETD ${formatOnDayOf(link.suggestion.etd, flight, zone)} code 93`
      : '';
  return `${partnerLabel(flight, partner, isOutbound, zone)}${late}`;
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
