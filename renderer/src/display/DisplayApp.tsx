import { useShallow } from 'zustand/react/shallow';
import { BoardScreen } from '../board/BoardScreen';
import { BOARD_WORDS } from '../board/boardText';
import { useNow } from '../hooks/useNow';
import { SAFE_SCREEN_AFTER_MS, STALE_AFTER_MS, useDisplayFeed } from './displayFeed';

/**
 * A public screen: its board, or a neutral screen — never a form, never an error page, nothing a
 * passenger can press. Cut off from the hub, the board says so after a few minutes, then gives way
 * to a safe screen rather than show old gates and times.
 */
export function DisplayApp() {
  const { phase, board, flights, clockOffsetMs, lostAt } = useDisplayFeed(
    useShallow((s) => ({
      phase: s.phase,
      board: s.board,
      flights: s.flights,
      clockOffsetMs: s.clockOffsetMs,
      lostAt: s.lostAt,
    })),
  );
  const screenNow = useNow(1_000);
  const offlineFor = lostAt === null ? 0 : screenNow - lostAt;
  if (phase === 'refused' || phase === 'starting' || !board) {
    return <NeutralScreen testId={phase === 'refused' ? 'display-neutral' : 'display-starting'} />;
  }
  if (phase === 'offline' && offlineFor >= SAFE_SCREEN_AFTER_MS) {
    return <SafeScreen languages={board.display.languages} />;
  }
  return (
    <BoardScreen
      kind={board.display.kind}
      flights={[...flights.values()]}
      now={screenNow + clockOffsetMs}
      airportName={board.airport.name}
      timeZone={board.airport.timeZone}
      terminal={board.display.terminal}
      languages={board.display.languages}
      notCurrent={phase === 'offline' && offlineFor >= STALE_AFTER_MS}
    />
  );
}

function NeutralScreen({ testId }: { testId: string }) {
  return (
    <div className="display-neutral" data-testid={testId}>
      <span className="display-neutral-mark" aria-hidden="true" />
    </div>
  );
}

function SafeScreen({ languages }: { languages: readonly ('en' | 'hi')[] }) {
  return (
    <div className="display-neutral display-safe" data-testid="display-safe" role="status">
      {languages.map((language) => (
        <p key={language} lang={language}>
          <strong>{BOARD_WORDS[language].unavailable}</strong>
          <span>{BOARD_WORDS[language].unavailableHint}</span>
        </p>
      ))}
    </div>
  );
}
