import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  boardExpectedTime,
  boardRemark,
  boardScheduledTime,
  byBoardTime,
  formatLocalTime,
  isOnTerminalBoard,
  recentGateChange,
  type PublicFlight,
} from '../../../core';
import { remarkText, type BoardWords } from './boardText';
import './terminal-board.css';

/** A page stays this long before the next one (passengers read a page in about 10 s). */
export const BOARD_PAGE_MS = 10_000;
/** A codeshare's number shows this long before the next one. */
export const CODESHARE_MS = 3_000;

export interface TerminalBoardProps {
  kind: 'departures' | 'arrivals';
  /** Any flights: the board lists those of its kind that are due now. */
  flights: readonly PublicFlight[];
  now: number;
  timeZone: string;
  words: BoardWords;
  /** Shown when the board is not for one terminal (gate numbers repeat across terminals). */
  showTerminal: boolean;
  /** A section title (when one screen shows departures and arrivals). */
  titled?: boolean;
  /** Holds paging on the current page (an operator's console only; never on a display). */
  held?: boolean;
  /** A page chosen by hand (an operator's console only). */
  pageShift?: number;
}

/** Rows per page: as many whole rows as the body holds, measured on a row of the real size. */
function useRowsThatFit() {
  const body = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLDivElement>(null);
  const [rows, setRows] = useState(8);
  useLayoutEffect(() => {
    const element = body.current;
    if (!element) return;
    const measure = () => {
      const rowHeight = probe.current?.getBoundingClientRect().height ?? 0;
      if (rowHeight > 0) setRows(Math.max(1, Math.floor(element.clientHeight / rowHeight)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { body, probe, rows };
}

/**
 * A flight information board as passengers see it in the terminal: type and rows per page scale
 * with the screen (terminal-board.css), pages turn by themselves, codeshares cycle, and every
 * remark comes from the hub's record (core/terminal-board.ts).
 */
export function TerminalBoard(props: TerminalBoardProps) {
  const { kind, now, timeZone, words, showTerminal } = props;
  const listed = useMemo(
    () =>
      props.flights
        .filter(
          (flight) =>
            (kind === 'arrivals') === (flight.direction === 'arrival') &&
            isOnTerminalBoard(flight, now),
        )
        .sort(byBoardTime),
    [props.flights, kind, now],
  );
  const { body, probe, rows } = useRowsThatFit();
  const pageCount = Math.max(1, Math.ceil(listed.length / rows));
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (props.held || pageCount === 1) return;
    const timer = setInterval(() => setPage((p) => p + 1), BOARD_PAGE_MS);
    return () => clearInterval(timer);
  }, [props.held, pageCount]);
  const current = (((page + (props.pageShift ?? 0)) % pageCount) + pageCount) % pageCount;
  const visible = listed.slice(current * rows, (current + 1) * rows);
  const arrivals = kind === 'arrivals';
  const time = (iso: string) => formatLocalTime(iso, timeZone);
  const columns = `tb-grid${showTerminal ? '' : ' tb-no-terminal'}`;

  return (
    <section
      className={`tb-board tb-${kind}`}
      data-testid={`board-${kind}`}
      aria-label={arrivals ? words.arrivals : words.departures}
    >
      {props.titled && (
        <h2 className="tb-section-title">{arrivals ? words.arrivals : words.departures}</h2>
      )}
      <div className={`tb-columns ${columns}`} aria-hidden="true">
        <span className="tb-c-time">{words.time}</span>
        <span className="tb-c-flight">{words.flight}</span>
        <span className="tb-c-place">{arrivals ? words.from : words.to}</span>
        {showTerminal && <span className="tb-c-terminal">{words.terminal}</span>}
        <span className="tb-c-gate">{arrivals ? words.belt : words.gate}</span>
        <span className="tb-c-remark">{words.remarks}</span>
      </div>
      <div className="tb-body" ref={body}>
        <div className={`tb-row ${columns} tb-probe`} ref={probe} aria-hidden="true">
          <span className="tb-c-time">00:00</span>
        </div>
        {visible.map((flight) => (
          <BoardRow
            key={flight.id}
            flight={flight}
            now={now}
            words={words}
            time={time}
            columns={columns}
            showTerminal={showTerminal}
          />
        ))}
        {listed.length === 0 && (
          <div className="tb-empty">{arrivals ? words.noArrivals : words.noDepartures}</div>
        )}
      </div>
      <div className="tb-pager">
        {pageCount > 1 && !props.held && (
          <span key={current} className="tb-page-progress" aria-hidden="true" />
        )}
        <span data-testid="board-page" data-paused={props.held ? 'true' : 'false'}>
          {pageCount > 1 ? words.page(current + 1, pageCount) : ''}
        </span>
      </div>
    </section>
  );
}

function BoardRow(props: {
  flight: PublicFlight;
  now: number;
  words: BoardWords;
  time: (iso: string) => string;
  columns: string;
  showTerminal: boolean;
}) {
  const { flight, now, words, time } = props;
  const remark = boardRemark(flight, now);
  // The estimate under the time, unless the remark already names it ("Expected 14:35").
  const expected = remark.time === undefined ? boardExpectedTime(flight) : null;
  const arrival = flight.direction === 'arrival';
  const gateChanged = !arrival && recentGateChange(flight, now);
  const place = arrival
    ? (flight.originCity ?? flight.origin)
    : (flight.destinationCity ?? flight.destination);
  return (
    <div
      className={`tb-row ${props.columns} tb-tone-${remark.tone}`}
      data-testid="board-row"
      data-flight-id={flight.id}
    >
      <span className="tb-c-time" data-testid="board-time">
        <span className="tb-time-scheduled">{time(boardScheduledTime(flight))}</span>
        {expected && (
          <span className="tb-time-expected" data-testid="board-time-expected">
            {time(expected)}
          </span>
        )}
      </span>
      <FlightNumbers flight={flight} />
      <span className="tb-c-place" data-testid="board-place">
        {place}
      </span>
      {props.showTerminal && (
        <span className="tb-c-terminal" data-testid="board-terminal">
          {flight.terminal ?? ''}
        </span>
      )}
      <span
        className={`tb-c-gate${gateChanged ? ' board-gate-changed' : ''}`}
        data-testid="board-gate"
      >
        {(arrival ? flight.belt : flight.gate) ?? ''}
      </span>
      <span className={`tb-c-remark tb-remark-${remark.tone}`} data-testid="board-remark">
        {remarkText(remark, words, time)}
      </span>
    </div>
  );
}

/** The operating flight's number and each codeshare's in turn, with the airline's name. */
function FlightNumbers({ flight }: { flight: PublicFlight }) {
  const numbers = [flight.flightNumber, ...flight.codeshares];
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (numbers.length < 2) return;
    const timer = setInterval(() => setIndex((i) => i + 1), CODESHARE_MS);
    return () => clearInterval(timer);
  }, [numbers.length]);
  const shown = numbers[index % numbers.length]!;
  return (
    <span className="tb-c-flight">
      <span className="tb-flight-number" data-testid="board-flight-number">
        {shown}
      </span>
      <span className="tb-airline">{flight.airlineName ?? flight.airline}</span>
    </span>
  );
}
