import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatLocalTime, type Flight } from '../../../../core';
import { isOnBoard } from '../../domain/departureWindows';
import { GATE_CHANGE_NOTICE_MS, boardRemark } from '../../domain/boardRemark';
import { flightTimeZone } from '../../domain/flightPresentation';
import { useNow } from '../../hooks/useNow';
import { useFlightsStore } from '../../stores/flightsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { AirportClock } from '../shell/ConsoleHeader';
import '../../styles/board.css';

export const BOARD_PAGE_MS = 10_000;
const ROW_HEIGHT_PX = 58;

/** FIDS order: by scheduled time, a delay shows in the remark rather than moving the row. */
function byScheduledTime(a: Flight, b: Flight): number {
  return Date.parse(a.std) - Date.parse(b.std) || a.flightNumber.localeCompare(b.flightNumber);
}

function useRowsThatFit(rowHeight: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [rows, setRows] = useState(10);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setRows(Math.max(1, Math.floor(entry.contentRect.height / rowHeight)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [rowHeight]);
  return { ref, rows };
}

/**
 * Read-only departure board, as passengers see it: large type, pages every 10 s when the
 * departures do not fit. Space holds the current page; arrow keys page by hand.
 */
export function DepartureBoard() {
  const { flights, changedAt } = useFlightsStore(
    useShallow((s) => ({ flights: s.flights, changedAt: s.changedAt })),
  );
  const airportZone = useSessionStore((s) => s.airport?.timeZone);
  const fallbackZone = airportZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const now = useNow(15_000);
  const departures = useMemo(
    () => [...flights.values()].filter((f) => isOnBoard(f, now)).sort(byScheduledTime),
    [flights, now],
  );
  const { ref, rows: perPage } = useRowsThatFit(ROW_HEIGHT_PX);
  const [page, setPage] = useState(0);
  const [paused, setPaused] = useState(false);
  const pageCount = Math.max(1, Math.ceil(departures.length / perPage));
  const current = page % pageCount;

  useEffect(() => {
    if (paused || pageCount === 1) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pageCount), BOARD_PAGE_MS);
    return () => clearInterval(timer);
  }, [paused, pageCount]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.target as HTMLElement | null)?.closest('input, select, textarea, button')) return;
      if (event.key === ' ') {
        event.preventDefault();
        setPaused((p) => !p);
      } else if (event.key === 'ArrowRight' || event.key === 'PageDown') {
        setPage((p) => (p + 1) % pageCount);
      } else if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
        setPage((p) => (p - 1 + pageCount) % pageCount);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pageCount]);

  const visible = departures.slice(current * perPage, (current + 1) * perPage);
  const style = {
    '--board-row-height': `${ROW_HEIGHT_PX}px`,
    '--board-page-ms': `${BOARD_PAGE_MS}ms`,
  } as CSSProperties;

  return (
    <main className="board" data-testid="departure-board" style={style}>
      <header className="board-head">
        <div className="board-title">
          <span className="board-title-main">Departures</span>
        </div>
        <AirportClock className="board-clock" />
      </header>
      <div className="board-columns" aria-hidden="true">
        <span>Time</span>
        <span>Flight</span>
        <span>Destination</span>
        <span>Gate</span>
        <span>Remarks</span>
      </div>
      <div className="board-body" ref={ref}>
        {visible.map((flight) => {
          const zone = flightTimeZone(flight, fallbackZone);
          const gateChangedAt = changedAt.get(flight.id)?.gate;
          const gateChanged =
            gateChangedAt !== undefined && now - gateChangedAt < GATE_CHANGE_NOTICE_MS;
          const remark = boardRemark(flight, zone, gateChangedAt, Date.now());
          return (
            <div
              key={flight.id}
              className={`board-row board-row-${remark.tone}`}
              data-testid="board-row"
              data-flight-id={flight.id}
            >
              <span className="board-time" data-testid="board-time">
                {formatLocalTime(flight.std, zone)}
                {/* A boarding flight's remark is its state, so its new time shows here. */}
                {flight.etd !== flight.std && flight.status !== 'CANCELLED' && (
                  <span className="board-time-expected" data-testid="board-time-expected">
                    exp {formatLocalTime(flight.etd, zone)}
                  </span>
                )}
              </span>
              <span className="board-flight">
                <span className="board-flight-number">{flight.flightNumber}</span>
                <span className="board-airline">{flight.airlineName ?? ''}</span>
              </span>
              <span className="board-destination">
                {flight.destinationCity ?? flight.destination}
              </span>
              <span
                className={`board-gate${gateChanged ? ' board-gate-changed' : ''}`}
                data-testid="board-gate"
              >
                {flight.gate ?? ''}
              </span>
              <span
                className={`board-remark board-remark-${remark.tone}`}
                data-testid="board-remark"
              >
                {remark.text}
              </span>
            </div>
          );
        })}
        {departures.length === 0 && <div className="board-empty">No departures scheduled</div>}
      </div>
      <footer className="board-foot">
        {pageCount > 1 && (
          <span key={current} className="board-page-progress" data-paused={paused} />
        )}
        <span className="board-zone">Times are local · {fallbackZone}</span>
        <span data-testid="board-page" data-paused={paused}>
          Page {current + 1}/{pageCount}
          {paused && ' · held (Space to resume)'}
        </span>
      </footer>
    </main>
  );
}
