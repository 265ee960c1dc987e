import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type { Flight, GateConflict, GateConflictRule, GateEntry } from '../../../../core';
import { catchUpGateIndex, gateIndex, suggestGateFor } from '../../domain/gateAvailability';
import { localTime } from '../../domain/localClock';
import { useThrottledFlights } from '../../hooks/useThrottledFlights';
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

/** Conflicts listed at once; more on request (each shown one ranks the free gates). */
const PAGE = 25;
/** Free gates are ranked again at most this often while changes stream in. */
const SUGGESTIONS_EVERY_MS = 1_000;
/** The gate index catches up and free gates are ranked in tasks of about this long. */
const SLICE_MS = 4;

/** The flight a fix should move: the later of two (the earlier is likely boarding already). */
function flightIdToMove(conflict: GateConflict): string {
  return conflict.flightIds[conflict.flightIds.length - 1] ?? '';
}

/**
 * The hub's gate conflicts still to come, each in its own words, with a free compatible gate
 * for one of its flights that an agent takes with one click (a `flight:update`). Suggestions are
 * ranked only for the conflicts shown (a page at a time), and again at most once a second while
 * flights change: with hundreds of conflicts, ranking every one on every change was the cost.
 */
export function GateConflictsPanel({ canEdit, now }: { canEdit: boolean; now: number }) {
  const conflicts = useGatesStore((s) => s.conflicts);
  const gates = useGatesStore((s) => s.gates);
  const flights = useThrottledFlights(SUGGESTIONS_EVERY_MS);
  const zone = airportTimeZone();
  const [limit, setLimit] = useState(PAGE);
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});
  const setOutcome = useCallback(
    (id: string, text: string) => setOutcomes((o) => ({ ...o, [id]: text })),
    [],
  );
  useEffect(ensureGateList, []);
  const open = useMemo(
    () => conflicts.filter((conflict) => Date.parse(conflict.to) >= now),
    [conflicts, now],
  );
  const shown = open.slice(0, limit);
  const ranked = useSuggestions(flights, gates, zone, canEdit ? shown.map(flightIdToMove) : []);

  if (open.length === 0) {
    return (
      <p className="gate-conflicts-empty" data-testid="gate-conflicts-empty">
        No gate conflicts from now on.
      </p>
    );
  }
  const more = open.length - limit;
  return (
    <ul className="gate-conflicts-list" data-testid="gate-conflicts-list">
      {shown.map((conflict) => {
        const flight = (ranked?.flights ?? flights).get(flightIdToMove(conflict));
        return (
          <ConflictItem
            key={conflict.id}
            conflict={conflict}
            flight={flight}
            suggestion={flight ? ranked?.suggestions.get(flight.id) : undefined}
            canEdit={canEdit}
            zone={zone}
            outcome={outcomes[conflict.id]}
            setOutcome={setOutcome}
          />
        );
      })}
      {more > 0 && (
        <li className="gate-conflicts-more">
          <button
            type="button"
            className="button-quiet"
            data-testid="gate-conflicts-more"
            onClick={() => setLimit(limit + PAGE)}
          >
            Show {Math.min(PAGE, more)} more ({more} not shown)
          </button>
        </li>
      )}
    </ul>
  );
}

/** Free gates ranked for the flights to move, and the flights the ranking saw. */
interface Ranked {
  flights: ReadonlyMap<string, Flight>;
  /** The best free compatible gate for each flight to move, or null for none. */
  suggestions: ReadonlyMap<string, GateEntry | null>;
}

/**
 * The console's gate index brought up to `flights`, then a free gate ranked for each flight to
 * move (`flightIds`), in slices of SLICE_MS, each its own task: a second's changes can be
 * hundreds of flights to file again, and ranking 25 flights is a pass over every hold 25 times
 * (tens of milliseconds in one render, together). Null without a gate list, before the first
 * ranking, or with no flights to move; the last ranking stays shown until the next is done.
 */
function useSuggestions(
  flights: ReadonlyMap<string, Flight>,
  gates: readonly GateEntry[] | null,
  zone: string,
  flightIds: readonly string[],
): Ranked | null {
  const [ranked, setRanked] = useState<Ranked | null>(null);
  const wanted = flightIds.join('\n');
  useEffect(() => {
    if (!gates || gates.length === 0 || !wanted) {
      setRanked(null);
      return;
    }
    const ids = wanted.split('\n');
    const suggestions = new Map<string, GateEntry | null>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slice = () => {
      const deadline = performance.now() + SLICE_MS;
      if (!catchUpGateIndex(flights, gates, zone, deadline)) {
        timer = setTimeout(slice, 0);
        return;
      }
      const index = gateIndex(flights, gates, zone);
      for (const id of ids) {
        if (suggestions.has(id)) continue;
        if (performance.now() >= deadline) {
          timer = setTimeout(slice, 0);
          return;
        }
        const flight = flights.get(id);
        suggestions.set(id, flight ? suggestGateFor(flight, index) : null);
      }
      setRanked({ flights, suggestions });
    };
    slice();
    return () => clearTimeout(timer);
  }, [flights, gates, zone, wanted]);
  return ranked;
}

interface ConflictItemProps {
  conflict: GateConflict;
  flight: Flight | undefined;
  /** The free gate to offer; null: none is free; undefined: not ranked (yet, or read-only). */
  suggestion: GateEntry | null | undefined;
  canEdit: boolean;
  zone: string;
  outcome: string | undefined;
  setOutcome: (id: string, text: string) => void;
}

const ConflictItem = memo(function ConflictItem({
  conflict,
  flight,
  suggestion,
  canEdit,
  zone,
  outcome,
  setOutcome,
}: ConflictItemProps) {
  return (
    <li className="gate-conflict" data-testid="gate-conflict" data-rule={conflict.rule}>
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
            setOutcome(conflict.id, 'Sending…');
            // The flight as it is now: the one shown may be up to a second old.
            const latest = useFlightsStore.getState().flights.get(flight.id) ?? flight;
            void moveFlightToGate(latest, suggestion).then((result) =>
              setOutcome(conflict.id, result.ok ? '' : `Refused: ${result.message}`),
            );
          }}
        >
          Move {flight.flightNumber} to gate {gateLabel(suggestion)}
        </button>
      )}
      {canEdit && flight && suggestion === null && (
        <span className="gate-conflict-nofix">
          No free compatible gate for {flight.flightNumber}
        </span>
      )}
      {outcome && (
        <span className="gate-conflict-outcome" role="status">
          {outcome}
        </span>
      )}
    </li>
  );
});
