import { useEffect, useMemo, useState } from 'react';
import type { Flight, GateConflict, GateConflictRule } from '../../../../core';
import { gateIndex, suggestGateFor } from '../../domain/gateAvailability';
import { localTime } from '../../domain/localClock';
import { useFlightsStore } from '../../stores/flightsStore';
import { useGatesStore } from '../../stores/gatesStore';
import { airportTimeZone } from '../../stores/sessionStore';
import { ensureGateList } from '../../sync/gateList';
import { gateLabel, moveFlightToGate } from './gateActions';

export const RULE_LABELS: Record<GateConflictRule, string> = {
  GATE_OVERLAP: 'Two flights, one gate',
  AIRCRAFT_TOO_BIG: 'Aircraft too big',
  UNKNOWN_GATE: 'Unknown gate',
  REMOTE_FOR_WIDEBODY: 'Wide-body on a bus gate',
};

/** The flight a fix should move: the later of two (the earlier is likely boarding already). */
function flightToMove(conflict: GateConflict, flights: ReadonlyMap<string, Flight>) {
  const id = conflict.flightIds[conflict.flightIds.length - 1];
  return id ? flights.get(id) : undefined;
}

/**
 * The hub's gate conflicts still to come, each in its own words, with a free compatible gate
 * for one of its flights that an agent takes with one click (a `flight:update`).
 */
export function GateConflictsPanel({ canEdit, now }: { canEdit: boolean; now: number }) {
  const conflicts = useGatesStore((s) => s.conflicts);
  const gates = useGatesStore((s) => s.gates);
  const flights = useFlightsStore((s) => s.flights);
  const zone = airportTimeZone();
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});
  useEffect(ensureGateList, []);
  const open = useMemo(
    () => conflicts.filter((conflict) => Date.parse(conflict.to) >= now),
    [conflicts, now],
  );
  const index = useMemo(
    () => (gates && gates.length > 0 ? gateIndex(flights, gates, zone) : null),
    [flights, gates, zone],
  );

  if (open.length === 0) {
    return (
      <p className="gate-conflicts-empty" data-testid="gate-conflicts-empty">
        No gate conflicts from now on.
      </p>
    );
  }
  return (
    <ul className="gate-conflicts-list" data-testid="gate-conflicts-list">
      {open.map((conflict) => {
        const key = `${conflict.rule}|${conflict.gate}|${conflict.flightIds.join('|')}`;
        const flight = flightToMove(conflict, flights);
        const suggestion = flight && index ? suggestGateFor(flight, index) : null;
        return (
          <li
            key={key}
            className="gate-conflict"
            data-testid="gate-conflict"
            data-rule={conflict.rule}
          >
            <div className="gate-conflict-head">
              <span className="gate-conflict-rule">{RULE_LABELS[conflict.rule]}</span>
              <span className="gate-conflict-time">
                {localTime(conflict.from, zone)}–{localTime(conflict.to, zone)}
              </span>
            </div>
            <p className="gate-conflict-message">{conflict.message}</p>
            {canEdit && flight && suggestion && (
              <button
                type="button"
                className="button-quiet gate-conflict-fix"
                data-testid="gate-conflict-fix"
                onClick={() => {
                  setOutcomes((o) => ({ ...o, [key]: 'Sending…' }));
                  void moveFlightToGate(flight, suggestion).then((outcome) =>
                    setOutcomes((o) => ({
                      ...o,
                      [key]: outcome.ok ? '' : `Refused: ${outcome.message}`,
                    })),
                  );
                }}
              >
                Move {flight.flightNumber} to gate {gateLabel(suggestion)}
              </button>
            )}
            {canEdit && flight && index && !suggestion && (
              <span className="gate-conflict-nofix">
                No free compatible gate for {flight.flightNumber}
              </span>
            )}
            {outcomes[key] && (
              <span className="gate-conflict-outcome" role="status">
                {outcomes[key]}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
