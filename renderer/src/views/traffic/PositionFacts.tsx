import { useState } from 'react';
import { etaSuggestion, type Flight } from '../../../../core';
import { localTime } from '../../domain/localClock';
import { usePositionsStore } from '../../stores/positionsStore';
import { submitFlightEdit, type EditOutcome } from '../../sync/flightEdits';
import { formatAltitude, formatDistanceToGo } from './trafficPresentation';
import '../../styles/traffic-map.css';

/**
 * The ETA from position as the flight's new ETA: one `flight:update` through the pending-edits
 * outbox, as a typed ETA edit goes (same refusals, shown next to the flight).
 */
export function applyEtaFromPosition(flight: Flight, eta: string): Promise<EditOutcome> {
  return submitFlightEdit(flight.id, flight.version, { eta });
}

const signed = (minutes: number) => `${minutes > 0 ? '+' : '−'}${Math.abs(Math.round(minutes))}`;

/**
 * The selected flight's aircraft as the traffic feed last saw it (edit panel): when, how far to
 * go, how fast and high; for an inbound whose ETA from position is 10 minutes or more off its
 * ETA (else STA), that ETA one action away. Nothing when the flight has no tracked aircraft.
 */
export function PositionFacts({
  flight,
  zone,
  canEdit,
}: {
  flight: Flight;
  zone: string;
  canEdit: boolean;
}) {
  const position = usePositionsStore((s) => s.byFlight.get(flight.id));
  const [message, setMessage] = useState<string | null>(null);
  if (!position) return null;
  const suggestion = etaSuggestion(flight, position.estimate);
  const speed = position.groundSpeedKt === null ? '—' : `${Math.round(position.groundSpeedKt)} kt`;
  return (
    <section
      className={`position-facts${suggestion ? ' position-facts-off' : ''}`}
      data-testid="position-facts"
      aria-label="Position"
    >
      <div className="position-facts-head">
        Position at <span data-testid="position-time">{localTime(position.at, zone)}</span>
        {position.callsign && <span className="position-callsign"> · {position.callsign}</span>}
      </div>
      <dl className="position-facts-list">
        {position.estimate && (
          <div>
            <dt>To go</dt>
            <dd data-testid="position-distance">
              {formatDistanceToGo(position.estimate.distanceToGoKm)}
            </dd>
          </div>
        )}
        <div>
          <dt>Ground speed</dt>
          <dd data-testid="position-speed">{speed}</dd>
        </div>
        <div>
          <dt>Altitude</dt>
          <dd data-testid="position-altitude">
            {formatAltitude(position.altitudeM, position.onGround) || '—'}
          </dd>
        </div>
      </dl>
      {suggestion && (
        <div className="eta-suggestion" data-testid="eta-suggestion">
          <span>
            ETA from position {localTime(suggestion.eta, zone)} ({signed(suggestion.minutesOff)})
          </span>
          {canEdit && (
            <button
              type="button"
              className="button-primary"
              data-testid="apply-eta-suggestion"
              aria-label={`Apply ETA ${localTime(suggestion.eta, zone)} from position`}
              onClick={() => {
                setMessage(null);
                void applyEtaFromPosition(flight, suggestion.eta).then((outcome) => {
                  if (!outcome.ok) setMessage(outcome.message);
                });
              }}
            >
              Apply
            </button>
          )}
        </div>
      )}
      {message && <div className="eta-suggestion-refusal">{message}</div>}
    </section>
  );
}
