import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  FLIGHT_STATUSES,
  TIME_WINDOWS,
  flightDirection,
  statusesFor,
  type Direction,
} from '../../../../core';
import { TIME_WINDOW_LABELS, timeWindowFilter } from '../../domain/departureWindows';
import { STATUS_LABELS, STATUS_TONES } from '../../domain/flightPresentation';
import { useFlightsStore } from '../../stores/flightsStore';
import { requestEdit, toggleStatusFilter, useUiStore } from '../../stores/uiStore';
import { FLIGHT_GRIDS } from './flightGridDirections';
import { clearColumnFilters, revealFlightToGoTo } from './gridHandle';

interface GridToolbarProps {
  direction: Direction;
  displayedCount: number;
}

export function GridToolbar({ direction, displayedCount }: GridToolbarProps) {
  const grid = FLIGHT_GRIDS[direction];
  const { quickFilter, timeWindow, statuses } = useUiStore(
    useShallow((s) => ({
      quickFilter: s.quickFilter,
      timeWindow: s.timeWindow,
      statuses: s.statuses,
    })),
  );
  const flights = useFlightsStore((s) => s.flights);
  const searchRef = useRef<HTMLInputElement>(null);

  // Counts per status inside the chosen time window, so the chips say what they would show;
  // and how many flights of this direction there are in all.
  const { counts, total } = useMemo(() => {
    const result = Object.fromEntries(FLIGHT_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    // Once, not per flight: creating an Intl.DateTimeFormat costs ~0.1 ms (2,000 flights: 200 ms).
    const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const inWindow = timeWindowFilter(timeWindow, Date.now(), localZone);
    let all = 0;
    for (const flight of flights.values()) {
      if (flightDirection(flight) !== direction) continue;
      all += 1;
      if (inWindow(flight)) result[flight.status]! += 1;
    }
    return { counts: result, total: all };
  }, [flights, timeWindow, direction]);

  // "/" jumps to the filter from anywhere but a text field, as in most operations tools.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, select, textarea') !== null && target !== null;
      if (event.key === '/' && !typing) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="grid-toolbar">
      <div className="search-box">
        <input
          ref={searchRef}
          type="search"
          data-testid="quick-filter"
          aria-label={grid.filterLabel}
          placeholder={grid.filterPlaceholder}
          value={quickFilter}
          spellCheck={false}
          onChange={(e) => useUiStore.setState({ quickFilter: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') useUiStore.setState({ quickFilter: '' });
            if (e.key === 'Enter') {
              // Go to flight: the first match still to move here opens in the edit panel, on its gate
              // (an arrival: stand).
              e.preventDefault();
              const flightId = revealFlightToGoTo();
              if (flightId) requestEdit(flightId, grid.goToField);
            }
          }}
        />
        <kbd className="search-key">/</kbd>
      </div>

      <div className="segmented" role="group" aria-label="Time window">
        {TIME_WINDOWS.map((window) => (
          <button
            key={window}
            type="button"
            data-testid={`time-window-${window}`}
            aria-pressed={timeWindow === window}
            onClick={() => useUiStore.setState({ timeWindow: window })}
          >
            {TIME_WINDOW_LABELS[window]}
          </button>
        ))}
      </div>

      <div className="status-filters" role="group" aria-label="Status filter">
        {statusesFor(direction).map((status) => (
          <button
            key={status}
            type="button"
            className={`filter-chip status-${STATUS_TONES[status]}`}
            data-testid={`status-filter-${status}`}
            aria-pressed={statuses.includes(status)}
            onClick={() => toggleStatusFilter(status)}
          >
            {STATUS_LABELS[status]}
            <span className="filter-count">{counts[status]}</span>
          </button>
        ))}
      </div>

      <div className="toolbar-end">
        <span className="row-count" data-testid="row-count">
          {displayedCount} of {total} {grid.noun}
        </span>
        <button
          type="button"
          className="button-quiet"
          onClick={() => {
            useUiStore.setState({ quickFilter: '', statuses: [], timeWindow: 'all' });
            clearColumnFilters();
          }}
        >
          Clear filters
        </button>
      </div>
    </div>
  );
}
