import { useMemo, type RefObject } from 'react';
import type { AircraftPosition, Flight } from '../../../../core';
import { useFlightsStore } from '../../stores/flightsStore';
import { usePositionsStore } from '../../stores/positionsStore';
import { useUiStore } from '../../stores/uiStore';
import type { TrafficMapCanvas } from './trafficMapCanvas';
import { aircraftLabel, aircraftRole, type AircraftRole } from './trafficPresentation';

export interface TrafficEntry {
  position: AircraftPosition;
  flight: Flight;
  role: Exclude<AircraftRole, 'other'>;
}

/**
 * This airport's tracked aircraft (from the positions of live flights, by flight id): inbound
 * nearest first, then outbound by flight number.
 */
export function trafficEntries(
  byFlight: ReadonlyMap<string, AircraftPosition>,
  flights: ReadonlyMap<string, Flight>,
): TrafficEntry[] {
  const entries: TrafficEntry[] = [];
  for (const [flightId, position] of byFlight) {
    const flight = flights.get(flightId);
    const role = aircraftRole(flight);
    if (flight && role !== 'other') entries.push({ position, flight, role });
  }
  const distance = (e: TrafficEntry) => e.position.estimate?.distanceToGoKm ?? Infinity;
  return entries.sort((a, b) =>
    a.role !== b.role
      ? a.role === 'inbound'
        ? -1
        : 1
      : distance(a) - distance(b) || a.flight.flightNumber.localeCompare(b.flight.flightNumber),
  );
}

/** How many inbound and outbound aircraft of this airport are tracked (by flight id). */
export function countRoles(
  byFlight: ReadonlyMap<string, AircraftPosition>,
  flights: ReadonlyMap<string, Flight>,
): { inbound: number; outbound: number } {
  const counts = { inbound: 0, outbound: 0 };
  for (const flightId of byFlight.keys()) {
    const role = aircraftRole(flights.get(flightId));
    if (role !== 'other') counts[role] += 1;
  }
  return counts;
}

/**
 * At most this many rows: the nearest inbound first. A list of a thousand moving rows, re-rendered
 * every second, would cost the map its smoothness and help nobody; zooming the map narrows it.
 */
export const AIRCRAFT_LIST_LIMIT = 60;

/**
 * The airport's aircraft as a list beside the map: the keyboard's (and a screen reader's) way to
 * what the map shows (those on screen, up to AIRCRAFT_LIST_LIMIT), each a button that opens the flight. Each row carries where its aircraft is
 * drawn (`data-x`, `data-y`, CSS px in the canvas), which is also how tests find it on the map.
 */
export function AircraftList({
  map,
  viewVersion,
  zone,
  onOpen,
}: {
  map: RefObject<TrafficMapCanvas | null>;
  viewVersion: number;
  zone: string;
  onOpen: (flightId: string) => void;
}) {
  const byFlight = usePositionsStore((s) => s.byFlight);
  const flights = useFlightsStore((s) => s.flights);
  const selectedId = useUiStore((s) => s.selectedFlightId);
  const all = useMemo(() => trafficEntries(byFlight, flights), [byFlight, flights]);
  const onScreen = all.flatMap((entry) => {
    const point = map.current?.screenPoint(entry.position) ?? null;
    return point ? [{ ...entry, point }] : [];
  });
  const entries = onScreen.slice(0, AIRCRAFT_LIST_LIMIT);
  const more = onScreen.length - entries.length;
  return (
    <nav className="traffic-list" aria-label="Aircraft of this airport" data-view={viewVersion}>
      <h2>This airport&apos;s aircraft</h2>
      {entries.length === 0 ? (
        <p className="traffic-list-empty">
          {all.length === 0 ? 'None tracked now.' : 'None on this part of the map.'}
        </p>
      ) : (
        <ul>
          {entries.map(({ position, flight, role, point }) => {
            const label = aircraftLabel(position, flight, zone);
            return (
              <li key={position.icao24}>
                <button
                  type="button"
                  className={`traffic-entry traffic-entry-${role}`}
                  data-testid="traffic-entry"
                  data-flight-id={flight.id}
                  data-icao24={position.icao24}
                  data-x={point[0].toFixed(1)}
                  data-y={point[1].toFixed(1)}
                  aria-current={flight.id === selectedId ? 'true' : undefined}
                  onClick={() => onOpen(flight.id)}
                >
                  <span className="traffic-entry-flight">{label.title}</span>
                  <span className="traffic-entry-role">{role === 'inbound' ? 'in' : 'out'}</span>
                  <span className="traffic-entry-detail">{label.detail || '—'}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {more > 0 && (
        <p className="traffic-list-empty" data-testid="traffic-list-more">
          {more} more on the map: zoom in, or find them in the Arrivals and Departures grids.
        </p>
      )}
    </nav>
  );
}
