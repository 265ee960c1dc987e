import type { ReactNode } from 'react';
import { formatLocalTime, isArrival, movementTimes, type Flight } from '../../../../core';
import {
  estimateDelayMinutes,
  formatActual,
  formatDelay,
  formatEstimate,
  otherAirportLabel,
} from '../../domain/flightPresentation';
import { StatusChip } from '../shell/StatusChip';

interface Fact {
  label: ReactNode;
  value: ReactNode;
  className?: string;
}

/** The facts an agent reads at a glance, per direction. */
function factsOf(flight: Flight, zone: string): Fact[] {
  const delay = estimateDelayMinutes(flight);
  const arrival = isArrival(flight);
  const code = (value: string | null | undefined) => value ?? '—';
  const times: Fact[] = [
    {
      label: arrival ? 'STA' : 'STD',
      value: formatLocalTime(movementTimes(flight).scheduled, zone),
    },
    {
      label: arrival ? 'ETA' : 'ETD',
      value: (
        <>
          {formatEstimate(flight, zone)} {delay !== 0 && <small>{formatDelay(delay)}</small>}
        </>
      ),
      className: delay > 0 ? 'text-late' : undefined,
    },
  ];
  const booked: Fact = {
    label: (
      <span title="Passengers booked; the Manifest column counts those with contact details on file">
        Booked
      </span>
    ),
    value: flight.passengerCount ?? '—',
  };
  if (!arrival) {
    return [
      ...times,
      { label: 'Gate', value: code(flight.gate) },
      { label: 'Term', value: code(flight.terminal) },
      { label: 'Type', value: code(flight.aircraftType) },
      booked,
    ];
  }
  return [
    ...times,
    { label: 'ATA', value: formatActual(flight, zone) || '—' },
    { label: 'Stand', value: code(flight.stand) },
    { label: 'Belt', value: code(flight.belt) },
    { label: 'Term', value: code(flight.terminal) },
    { label: 'Reg', value: code(flight.registration) },
    { label: 'Type', value: code(flight.aircraftType) },
  ];
}

/** The selected flight at a glance, as the hub has it now. */
export function FlightSummary({ flight, zone }: { flight: Flight; zone: string }) {
  return (
    <header className="edit-panel-head">
      <div className="edit-panel-title">
        <span className="edit-flight-number">{flight.flightNumber}</span>
        <StatusChip status={flight.status} />
      </div>
      <div className="edit-panel-sub">
        {flight.airlineName ?? flight.airline} · {isArrival(flight) ? 'from ' : ''}
        {otherAirportLabel(flight)}
      </div>
      {flight.codeshares && flight.codeshares.length > 0 && (
        <div className="edit-panel-sub" data-testid="edit-codeshares">
          Also sold as {flight.codeshares.join(', ')}
        </div>
      )}
      <dl className="edit-facts">
        {factsOf(flight, zone).map((fact, index) => (
          <div key={index}>
            <dt>{fact.label}</dt>
            <dd className={fact.className}>{fact.value}</dd>
          </div>
        ))}
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
