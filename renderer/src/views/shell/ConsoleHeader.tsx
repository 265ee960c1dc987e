import { DateTime } from 'luxon';
import { can, isArrival } from '../../../../core';
import { useShallow } from 'zustand/react/shallow';
import { useNow } from '../../hooks/useNow';
import { useFlightsStore } from '../../stores/flightsStore';
import { useSessionStore } from '../../stores/sessionStore';
import { useUiStore } from '../../stores/uiStore';
import { shownView, viewsFor } from '../consoleViews';
import { PassengerSearch } from '../passengers/PassengerSearch';
import { ScheduleActions } from '../schedule/ScheduleActions';
import { GateConflictCount } from '../gates/GateConflictCount';
import { ConnectionIndicator } from './ConnectionIndicator';
import { SignOutDialog, askSignOut } from './SignOutDialog';

const ROLE_LABELS = { viewer: 'Viewer', agent: 'Gate agent', supervisor: 'Supervisor' } as const;

/**
 * The airport's zone: from the hub, else from the flights (every seeded flight carries it: a
 * departure as its origin's, an arrival as its destination's).
 */
function useAirportZone(): string {
  const airportZone = useSessionStore((s) => s.airport?.timeZone);
  const flightZone = useFlightsStore((s) => {
    for (const flight of s.flights.values()) {
      return isArrival(flight) ? flight.destinationTimeZone : flight.originTimeZone;
    }
    return undefined;
  });
  return airportZone ?? flightZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function AirportClock({ className }: { className?: string }) {
  const zone = useAirportZone();
  const now = useNow(1000);
  const local = DateTime.fromMillis(now, { zone });
  return (
    <span className={className ?? 'airport-clock'} data-testid="airport-clock" title={zone}>
      <span className="clock-time">{local.toFormat('HH:mm:ss')}</span>
      <span className="clock-zone">{local.toFormat('ZZZZ')}</span>
    </span>
  );
}

export function ConsoleHeader() {
  const { user, airport } = useSessionStore(
    useShallow((s) => ({ user: s.user, airport: s.airport })),
  );
  const view = useUiStore((s) => s.view);
  const here = useFlightsStore((s) => {
    for (const flight of s.flights.values()) {
      return isArrival(flight) ? flight.destination : flight.origin;
    }
    return undefined;
  });
  if (!user) return null;
  const views = viewsFor(user.role);
  const shown = shownView(user.role, view);
  const showsBoard = shown?.id === 'board';

  return (
    <header className="console-header">
      <div className="header-airport">
        <h1 className="brand">Jetbridge</h1>
        <span className="airport-code">{airport?.iata ?? here ?? '———'}</span>
        <span className="airport-name" data-testid="airport-name">
          {airport ? airport.name : 'Departures'}
        </span>
        {/* The board has its own large clock. */}
        {!showsBoard && <AirportClock />}
      </div>

      {views.length > 1 && (
        <nav className="view-switch" aria-label="View">
          {views.map((entry) => (
            <button
              key={entry.id}
              type="button"
              data-testid={`view-${entry.id}`}
              aria-pressed={entry === shown}
              onClick={() => useUiStore.setState({ view: entry.id })}
            >
              {entry.label}
            </button>
          ))}
        </nav>
      )}

      <div className="header-session">
        {can(user.role, 'manageSchedule') && <ScheduleActions />}
        {can(user.role, 'editFlights') && <PassengerSearch />}
        <GateConflictCount />
        <ConnectionIndicator />
        <span className="session-user" data-testid="session-user" title={ROLE_LABELS[user.role]}>
          <span className="session-username">{user.username}</span>
          <span className="session-role" data-testid="session-role">
            {ROLE_LABELS[user.role]}
          </span>
        </span>
        <button type="button" className="button-quiet" data-testid="logout" onClick={askSignOut}>
          Sign out
        </button>
        <SignOutDialog />
      </div>
    </header>
  );
}
