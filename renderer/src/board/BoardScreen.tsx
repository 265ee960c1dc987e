import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';
import type { BoardLanguage, DisplayKind, PublicFlight } from '../../../core';
import { BOARD_WORDS } from './boardText';
import { TerminalBoard } from './TerminalBoard';

/** How long each language shows before the next, when a board alternates (half a page). */
export const LANGUAGE_MS = 5_000;

export interface BoardScreenProps {
  kind: DisplayKind;
  flights: readonly PublicFlight[];
  now: number;
  airportName: string;
  timeZone: string;
  /** A board for one terminal: named in the header, no terminal column. */
  terminal: string | null;
  languages: readonly BoardLanguage[];
  /** Shown above the board in a band ("may not be current"), in the board's language. */
  notCurrent?: boolean;
  held?: boolean;
  pageShift?: number;
}

/** The language shown now: each of `languages` in turn. */
function useAlternatingLanguage(languages: readonly BoardLanguage[]): BoardLanguage {
  const [turn, setTurn] = useState(0);
  useEffect(() => {
    if (languages.length < 2) return;
    const timer = setInterval(() => setTurn((t) => t + 1), LANGUAGE_MS);
    return () => clearInterval(timer);
  }, [languages.length]);
  return languages[turn % languages.length] ?? 'en';
}

/** A whole screen of flight information: a header with the local time, then one or two boards. */
export function BoardScreen(props: BoardScreenProps) {
  const language = useAlternatingLanguage(props.languages);
  const words = BOARD_WORDS[language];
  const local = DateTime.fromMillis(props.now, { zone: props.timeZone });
  const kinds = props.kind === 'both' ? (['departures', 'arrivals'] as const) : [props.kind];
  const title =
    props.kind === 'arrivals'
      ? words.arrivals
      : props.kind === 'departures'
        ? words.departures
        : `${words.departures} · ${words.arrivals}`;
  return (
    <div className="tb-screen" data-testid="terminal-board" data-kind={props.kind} lang={language}>
      <header className="tb-head">
        <svg className="tb-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path
            d={
              props.kind === 'arrivals'
                ? 'M2.5 19h19v2h-19zm7.18-5.73 4.35 1.16 5.31 1.42c.8.21 1.62-.26 1.84-1.06.21-.8-.26-1.62-1.06-1.84l-5.31-1.42-2.76-9.02L10.12 2v8.28L5.15 8.95l-.93-2.32-1.45-.39v5.17l1.6.43z'
                : 'M2.5 19h19v2h-19zm19.57-9.36c-.21-.8-1.04-1.28-1.84-1.06L14.92 10l-6.9-6.43-1.93.51 4.14 7.17-4.97 1.33-1.97-1.54-1.45.39 2.59 4.49L21 11.49c.81-.23 1.28-1.05 1.07-1.85z'
            }
          />
        </svg>
        <h1 className="tb-title">{title}</h1>
        <span className="tb-where">
          {props.airportName}
          {props.terminal ? ` · ${words.terminal} ${props.terminal}` : ''}
        </span>
        <span className="tb-clock" data-testid="board-clock">
          {local.toFormat('HH:mm')}
          <small>{words.localTime}</small>
        </span>
      </header>
      {props.notCurrent && (
        <div className="tb-notice" role="status" data-testid="board-not-current">
          {words.notCurrent}
        </div>
      )}
      <div className="tb-boards">
        {kinds.map((kind) => (
          <TerminalBoard
            key={kind}
            kind={kind}
            flights={props.flights}
            now={props.now}
            timeZone={props.timeZone}
            words={words}
            showTerminal={props.terminal === null}
            titled={props.kind === 'both'}
            {...(props.held !== undefined ? { held: props.held } : {})}
            {...(props.pageShift !== undefined ? { pageShift: props.pageShift } : {})}
          />
        ))}
      </div>
    </div>
  );
}
