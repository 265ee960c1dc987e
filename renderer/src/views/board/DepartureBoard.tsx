import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DISPLAY_KINDS, toPublicFlight, type DisplayKind, type GateChange } from '../../../../core';
import { BoardScreen } from '../../board/BoardScreen';
import { useNow } from '../../hooks/useNow';
import { loadBoardKind, saveBoardKind } from '../../settings/boardSettings';
import { useFlightsStore } from '../../stores/flightsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { fetchRecentGateChanges } from '../../sync/boardRequests';
import { DisplaysList } from './DisplaysList';
import '../../styles/board.css';

const KIND_LABELS: Record<DisplayKind, string> = {
  departures: 'Departures',
  arrivals: 'Arrivals',
  both: 'Both',
};

/** Gate changes the hub knew when the board opened, then each one this console hears of. */
function useGateChanges(): ReadonlyMap<string, GateChange> {
  const { hubUrl, token } = useSessionStore(
    useShallow((s) => ({ hubUrl: s.hubUrl, token: s.token })),
  );
  const [fromHub, setFromHub] = useState<ReadonlyMap<string, GateChange>>(new Map());
  useEffect(() => {
    if (!hubUrl || !token) return;
    let live = true;
    fetchRecentGateChanges(hubUrl, token).then(
      (changes) => {
        if (live) setFromHub(new Map(changes.map(({ flightId, ...change }) => [flightId, change])));
      },
      // The board still marks the changes it hears of live.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [hubUrl, token]);
  const changedAt = useFlightsStore((s) => s.changedAt);
  return useMemo(() => {
    const merged = new Map(fromHub);
    for (const [flightId, times] of changedAt) {
      // The old gate is not kept here; any value other than the current gate marks it changed.
      if (times.gate !== undefined) {
        merged.set(flightId, { from: '', at: new Date(times.gate).toISOString() });
      }
    }
    return merged;
  }, [fromHub, changedAt]);
}

/**
 * The console's own board: the same terminal board public displays show (board/), for a screen
 * run from a signed-in console. Departures, arrivals or both is this workstation's setting; an
 * operator may hold a page (Space) and page by hand (arrows). Public screens use a display URL
 * instead (`npm run hub -- displays add`), which has no keys and no sign-in.
 */
export function DepartureBoard() {
  const flights = useFlightsStore((s) => s.flights);
  const { airport, role } = useSessionStore(
    useShallow((s) => ({ airport: s.airport, role: s.user?.role })),
  );
  const timeZone = airport?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const now = useNow(15_000);
  const gateChanges = useGateChanges();
  const [kind, setKind] = useState<DisplayKind>(loadBoardKind);
  const [held, setHeld] = useState(false);
  const [pageShift, setPageShift] = useState(0);
  const publicFlights = useMemo(
    () =>
      [...flights.values()].map((flight) =>
        toPublicFlight(flight, gateChanges.get(flight.id) ?? null),
      ),
    [flights, gateChanges],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.target as HTMLElement | null)?.closest('input, select, textarea, button')) return;
      if (event.key === ' ') {
        event.preventDefault();
        setHeld((h) => !h);
      } else if (event.key === 'ArrowRight' || event.key === 'PageDown') {
        setPageShift((p) => p + 1);
      } else if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
        setPageShift((p) => p - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <main className="console-board" data-testid="departure-board">
      {/* A viewer's console is a screen passengers see: no controls on it. */}
      {role !== undefined && role !== 'viewer' && (
        <div className="console-board-bar">
          <label>
            Board shows{' '}
            <select
              data-testid="board-kind"
              value={kind}
              onChange={(event) => {
                const next = DISPLAY_KINDS.find((k) => k === event.target.value) ?? 'departures';
                setKind(next);
                saveBoardKind(next);
              }}
            >
              {DISPLAY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <span className="console-board-hint">
            {held ? 'Page held · Space to resume' : 'Space holds the page · ← → turn pages'}
          </span>
          {role === 'supervisor' && <DisplaysList />}
        </div>
      )}
      <div className="console-board-screen">
        <BoardScreen
          kind={kind}
          flights={publicFlights}
          now={now}
          airportName={airport?.name ?? ''}
          timeZone={timeZone}
          terminal={null}
          languages={['en']}
          held={held}
          pageShift={pageShift}
        />
      </div>
    </main>
  );
}
