import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type {
  Flight,
  GateConflict,
  GateConflictIndex,
  GateConflictRule,
  GateEntry,
} from '../../../../core';
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
/** The gate index catches up with a second's changes in tasks of about this long. */
const CATCH_UP_SLICE_MS = 4;

/** The flight a fix should move: the later of two (the earlier is likely boarding already). */
function flightToMove(conflict: GateConflict, flights: ReadonlyMap<string, Flight>) {
  const id = conflict.flightIds[conflict.flightIds.length - 1];
  return id ? flights.get(id) : undefined;
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
  const filed = useFiledFlights(flights, gates, zone);

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
      {open.slice(0, limit).map((conflict) => (
        <ConflictItem
          key={conflict.id}
          conflict={conflict}
          flight={flightToMove(conflict, filed?.flights ?? flights)}
          index={filed?.index ?? null}
          flights={filed?.flights ?? flights}
          canEdit={canEdit}
          zone={zone}
          outcome={outcomes[conflict.id]}
          setOutcome={setOutcome}
        />
      ))}
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

/** The console's gate index and the flights it holds. */
interface Filed {
  index: GateConflictIndex;
  flights: ReadonlyMap<string, Flight>;
}

/**
 * The console's gate index brought up to `flights` in slices of CATCH_UP_SLICE_MS, each its own
 * task (a second's changes can be hundreds of flights to file again: tens of milliseconds in one
 * render), then the flights it holds; null without a gate list or before the first catch-up.
 */
function useFiledFlights(
  flights: ReadonlyMap<string, Flight>,
  gates: readonly GateEntry[] | null,
  zone: string,
): Filed | null {
  const [filed, setFiled] = useState<Filed | null>(null);
  useEffect(() => {
    if (!gates || gates.length === 0) {
      setFiled(null);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slice = () => {
      if (catchUpGateIndex(flights, gates, zone, performance.now() + CATCH_UP_SLICE_MS)) {
        setFiled({ index: gateIndex(flights, gates, zone), flights });
      } else {
        timer = setTimeout(slice, 0);
      }
    };
    slice();
    return () => clearTimeout(timer);
  }, [flights, gates, zone]);
  return filed;
}

interface ConflictItemProps {
  conflict: GateConflict;
  flight: Flight | undefined;
  index: GateConflictIndex | null;
  /** The table `index` was brought up to: a new one means suggestions may have changed. */
  flights: ReadonlyMap<string, Flight>;
  canEdit: boolean;
  zone: string;
  outcome: string | undefined;
  setOutcome: (id: string, text: string) => void;
}

const ConflictItem = memo(function ConflictItem({
  conflict,
  flight,
  index,
  flights,
  canEdit,
  zone,
  outcome,
  setOutcome,
}: ConflictItemProps) {
  const suggestion = useMemo(
    () => (canEdit && flight && index ? suggestGateFor(flight, index) : null),
    // `flights` is the index's state: the ranking depends on every hold, not only this flight's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [canEdit, flight, index, flights],
  );
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
      {canEdit && flight && index && !suggestion && (
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
