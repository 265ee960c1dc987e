import { delayMinutes, formatLocalTime, type Flight } from '../../../../core';
import { destinationLabel, formatDelay, formatEtd } from '../../domain/flightPresentation';
import { StatusChip } from '../shell/StatusChip';

/** The selected flight at a glance, as the hub has it now. */
export function FlightSummary({ flight, zone }: { flight: Flight; zone: string }) {
  const delay = delayMinutes(flight);
  return (
    <header className="edit-panel-head">
      <div className="edit-panel-title">
        <span className="edit-flight-number">{flight.flightNumber}</span>
        <StatusChip status={flight.status} />
      </div>
      <div className="edit-panel-sub">
        {flight.airlineName ?? flight.airline} · {destinationLabel(flight)}
      </div>
      <dl className="edit-facts">
        <div>
          <dt>STD</dt>
          <dd>{formatLocalTime(flight.std, zone)}</dd>
        </div>
        <div>
          <dt>ETD</dt>
          <dd className={delay > 0 ? 'text-late' : undefined}>
            {formatEtd(flight, zone)} {delay !== 0 && <small>{formatDelay(delay)}</small>}
          </dd>
        </div>
        <div>
          <dt>Gate</dt>
          <dd>{flight.gate ?? '—'}</dd>
        </div>
        <div>
          <dt>Term</dt>
          <dd>{flight.terminal ?? '—'}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{flight.aircraftType ?? '—'}</dd>
        </div>
        <div>
          <dt title="Passengers booked; the Manifest column counts those with contact details on file">
            Booked
          </dt>
          <dd>{flight.passengerCount ?? '—'}</dd>
        </div>
      </dl>
      <div className="edit-panel-meta">
        Version {flight.version}
        {flight.updatedBy && (
          <>
            {' '}
            · last change {flight.updatedBy} {formatLocalTime(flight.updatedAt, zone)}
          </>
        )}
      </div>
    </header>
  );
}
