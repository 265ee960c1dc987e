import { useState } from 'react';
import { movementTimes, type Flight } from '../../../../core';
import { formatOnDayOf } from '../../domain/flightPresentation';
import { applyTurnaroundSuggestion, useTurnaround } from './useTurnaround';
import '../../styles/turnarounds.css';

/**
 * The selected flight's turnaround in the edit panel: which flight the aircraft comes in as (or
 * goes on as), and for a late inbound the suggested ETD with code 93, one button away.
 */
export function TurnaroundLine({ flight, zone }: { flight: Flight; zone: string }) {
  const turnaround = useTurnaround(flight.id);
  const [message, setMessage] = useState<string | null>(null);
  if (!turnaround?.partner) return null;
  const { link, partner, isOutbound } = turnaround;
  const { estimated, actual } = movementTimes(partner);
  const suggestion = isOutbound ? link.suggestion : undefined;
  const aircraft = [partner.registration ?? flight.registration, partner.aircraftType]
    .filter(Boolean)
    .join(' · ');
  return (
    <section
      className={`turnaround-line${suggestion ? ' turnaround-late' : ''}`}
      data-testid="turnaround-line"
    >
      <div>
        {isOutbound ? 'Inbound' : 'Continues as'} <strong>{partner.flightNumber}</strong>
        {aircraft && <span className="turnaround-aircraft"> {aircraft}</span>}
        {' · '}
        {isOutbound ? (actual ? 'on block' : 'ETA') : 'ETD'}{' '}
        {formatOnDayOf(actual ?? estimated, flight, zone)} · turn ≥ {link.minimumTurnaroundMinutes}′
      </div>
      {suggestion && (
        <div className="turnaround-suggestion">
          <span>
            Late inbound: ready at {formatOnDayOf(suggestion.etd, flight, zone)} (+
            {suggestion.lateByMinutes}′)
          </span>
          <button
            type="button"
            className="button-primary"
            data-testid="apply-turnaround-suggestion"
            onClick={() => {
              setMessage(null);
              void applyTurnaroundSuggestion(link)?.then((outcome) => {
                if (!outcome.ok) setMessage(outcome.message);
              });
            }}
          >
            ETD {formatOnDayOf(suggestion.etd, flight, zone)} · code 93
          </button>
        </div>
      )}
      {message && <div className="turnaround-refusal">{message}</div>}
    </section>
  );
}
