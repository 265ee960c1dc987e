import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { can, flightDirection } from '../../../../core';
import { localTime } from '../../domain/localClock';
import { useFlightsStore } from '../../stores/flightsStore';
import { usePositionsStore } from '../../stores/positionsStore';
import { columnPosition } from '../../sync/positionsFrame';
import { airportTimeZone, useSessionStore } from '../../stores/sessionStore';
import { selectFlight, useUiStore } from '../../stores/uiStore';
import { FlightEditPanel } from '../grid/FlightEditPanel';
import { FlightSummary } from '../grid/FlightSummary';
import { setEditPanelOpen } from '../grid/editPanelLayout';
import { AircraftList, countRoles } from './AircraftList';
import { readMapTheme } from './aircraftSymbols';
import { loadBaseMap } from './baseMap';
import { PositionFacts } from './PositionFacts';
import { TrafficLegend } from './TrafficLegend';
import { TrafficMapCanvas, type MapAircraft } from './trafficMapCanvas';
import { aircraftLabel, aircraftRole, formatAltitude } from './trafficPresentation';
import '../../styles/grid.css';
import '../../styles/traffic-map.css';

const PAN_STEP_PX = 80;
const ZOOM_STEP = 1.4;
/** A press that moves less than this is a click, not a drag. */
const CLICK_SLOP_PX = 4;
const FLIGHT_CHANGES_REDRAW_MS = 1_000;

/**
 * Every tracked aircraft as the canvas draws it, from the stores as they are now: the columns,
 * with the whole position of each live flight's aircraft (its label needs the estimate).
 */
function mapAircraft(zone: string): MapAircraft[] {
  const { traffic, byFlight } = usePositionsStore.getState();
  const { flights } = useFlightsStore.getState();
  const selected = useUiStore.getState().selectedFlightId;
  const drawn: MapAircraft[] = [];
  for (let index = 0; index < traffic.count; index += 1) {
    const flightId = traffic.ids.flightId[index];
    const flight = flightId ? flights.get(flightId) : undefined;
    const whole = flightId ? byFlight.get(flightId) : undefined;
    const position =
      whole && whole.icao24 === traffic.ids.icao24[index] ? whole : columnPosition(traffic, index);
    drawn.push({
      position,
      role: aircraftRole(flight),
      label: flight ? aircraftLabel(position, flight, zone) : null,
      selected: !!flight && flight.id === selected,
    });
  }
  return drawn;
}

function openFlight(flightId: string): void {
  selectFlight(flightId);
  setEditPanelOpen(true);
}

/**
 * Live traffic (issue 15): the airport's inbound and outbound aircraft on an offline vector map,
 * redrawn at each `positions:update` (at most once a second), with a list of this airport's
 * aircraft beside it (the keyboard's way to a flight) and the selected flight's panel.
 */
export function TrafficMapView() {
  const { airport, role } = useSessionStore(
    useShallow((s) => ({ airport: s.airport, role: s.user?.role ?? 'viewer' })),
  );
  const canEdit = can(role, 'editFlights');
  const zone = airportTimeZone();
  const frame = useRef<HTMLDivElement>(null);
  const canvasElement = useRef<HTMLCanvasElement>(null);
  const map = useRef<TrafficMapCanvas | null>(null);
  /** Bumped when the view moves: the list's screen points follow. */
  const [viewVersion, setViewVersion] = useState(0);
  const [picked, setPicked] = useState<string | null>(null);
  const [baseMapProblem, setBaseMapProblem] = useState<string | null>(null);
  const location = airport?.location ?? null;

  useEffect(() => {
    const canvas = canvasElement.current;
    const container = frame.current;
    if (!canvas || !container || !location || !airport) return;
    const traffic = new TrafficMapCanvas(
      canvas,
      { ...location, code: airport.iata },
      readMapTheme(container),
      () => setViewVersion((v) => v + 1),
    );
    map.current = traffic;
    // Fed outside React: one redraw per frame at most, whatever changed (positions come ≤ 1/s).
    let pending = 0;
    const redraw = () => {
      pending = 0;
      const at = usePositionsStore.getState().at ?? '';
      traffic.setAircraft(mapAircraft(zone), () => {
        container.dataset.drawnAt = at;
        container.dataset.drawMs = traffic.lastDrawMs.toFixed(1);
      });
    };
    const schedule = () => {
      pending ||= requestAnimationFrame(redraw);
    };
    // Flight changes (a busy hub sends hundreds a second) only touch labels: once a second is enough.
    let flightsTimer: ReturnType<typeof setTimeout> | undefined;
    const scheduleForFlights = () => {
      flightsTimer ??= setTimeout(() => {
        flightsTimer = undefined;
        schedule();
      }, FLIGHT_CHANGES_REDRAW_MS);
    };
    const resize = new ResizeObserver(([entry]) => {
      if (!entry) return;
      traffic.resize(entry.contentRect.width, entry.contentRect.height);
      schedule();
    });
    resize.observe(container);
    let cancelled = false;
    loadBaseMap().then(
      (base) => {
        if (cancelled) return;
        traffic.setBaseMap(base);
        redraw();
      },
      (error: unknown) => setBaseMapProblem(`Base map not loaded: ${(error as Error).message}`),
    );
    const stops = [
      usePositionsStore.subscribe((s, p) => s.traffic !== p.traffic && schedule()),
      useFlightsStore.subscribe((s, p) => s.flights !== p.flights && scheduleForFlights()),
      useUiStore.subscribe((s, p) => s.selectedFlightId !== p.selectedFlightId && schedule()),
    ];
    return () => {
      cancelled = true;
      for (const stop of stops) stop();
      resize.disconnect();
      cancelAnimationFrame(pending);
      clearTimeout(flightsTimer);
      map.current = null;
    };
  }, [airport, location, zone]);

  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const local = (event: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = event.currentTarget.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, moved: false };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const start = drag.current;
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (!start.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
    start.moved = true;
    map.current?.panBy(dx, dy);
    drag.current = { x: event.clientX, y: event.clientY, moved: true };
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const start = drag.current;
    drag.current = null;
    if (!start || start.moved) return;
    const [x, y] = local(event);
    const aircraft = map.current?.pick(x, y);
    if (!aircraft) return setPicked(null);
    const { position } = aircraft;
    if (aircraft.role !== 'other' && position.flightId) {
      setPicked(null);
      openFlight(position.flightId);
    } else {
      const altitude = formatAltitude(position.altitudeM, position.onGround);
      setPicked(
        `${position.callsign ?? position.icao24.toUpperCase()}${altitude ? ` · ${altitude}` : ''}: not a flight of ${airport?.iata ?? 'this airport'}`,
      );
    }
  };

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasElement.current;
    if (!canvas) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = canvas.getBoundingClientRect();
      map.current?.zoomBy(Math.exp(-event.deltaY * 0.0015), [
        event.clientX - rect.left,
        event.clientY - rect.top,
      ]);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [location]);

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const traffic = map.current;
    if (!traffic) return;
    const moves: Record<string, () => void> = {
      '+': () => traffic.zoomBy(ZOOM_STEP),
      '=': () => traffic.zoomBy(ZOOM_STEP),
      '-': () => traffic.zoomBy(1 / ZOOM_STEP),
      ArrowUp: () => traffic.panBy(0, PAN_STEP_PX),
      ArrowDown: () => traffic.panBy(0, -PAN_STEP_PX),
      ArrowLeft: () => traffic.panBy(PAN_STEP_PX, 0),
      ArrowRight: () => traffic.panBy(-PAN_STEP_PX, 0),
      '0': () => traffic.reset(),
      Home: () => traffic.reset(),
    };
    const move = moves[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    move();
  };

  return (
    <main className="traffic-view" data-testid="traffic-view">
      <div className="traffic-toolbar">
        <TrafficLegend />
        <TrafficCount zone={zone} />
        <div className="traffic-zoom" role="group" aria-label="Zoom">
          <button
            type="button"
            className="button-quiet"
            aria-label="Zoom in"
            onClick={() => map.current?.zoomBy(ZOOM_STEP)}
          >
            +
          </button>
          <button
            type="button"
            className="button-quiet"
            aria-label="Zoom out"
            onClick={() => map.current?.zoomBy(1 / ZOOM_STEP)}
          >
            −
          </button>
          <button
            type="button"
            className="button-quiet"
            data-testid="traffic-recentre"
            onClick={() => map.current?.reset()}
          >
            {airport?.iata ?? 'Centre'}
          </button>
        </div>
        {picked && (
          <span className="traffic-picked" role="status">
            {picked}
          </span>
        )}
      </div>
      <div className="traffic-body">
        <div className="traffic-frame" ref={frame} data-testid="traffic-map">
          {location ? (
            <canvas
              ref={canvasElement}
              className="traffic-canvas"
              data-testid="traffic-canvas"
              tabIndex={0}
              role="application"
              aria-label="Traffic map. Plus and minus zoom, arrow keys pan, 0 recentres; the list beside it opens a flight"
              onKeyDown={onKeyDown}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={() => (drag.current = null)}
            />
          ) : (
            <p className="traffic-note">
              The hub does not say where its airport is, so there is no map to centre.
            </p>
          )}
          <NoFeedNote />
          {baseMapProblem && <p className="traffic-note traffic-note-corner">{baseMapProblem}</p>}
          <p className="traffic-attribution">
            Base map: Natural Earth (public domain), world-atlas
          </p>
        </div>
        <AircraftList map={map} viewVersion={viewVersion} zone={zone} onOpen={openFlight} />
        <TrafficFlightPanel canEdit={canEdit} zone={zone} />
      </div>
    </main>
  );
}

/** "42 aircraft tracked · 6 inbound · 4 outbound · 14:32:05". */
function TrafficCount({ zone }: { zone: string }) {
  const { count, byFlight, at } = usePositionsStore(
    useShallow((s) => ({ count: s.traffic.count, byFlight: s.byFlight, at: s.at })),
  );
  const flights = useFlightsStore((s) => s.flights);
  const counts = useMemo(() => countRoles(byFlight, flights), [byFlight, flights]);
  return (
    <span className="traffic-count" data-testid="traffic-count" data-count={count} aria-live="off">
      <strong>{count}</strong> aircraft tracked · {counts.inbound} inbound · {counts.outbound}{' '}
      outbound
      {at && <span className="traffic-updated"> · {localTime(at, zone)}</span>}
    </span>
  );
}

function NoFeedNote() {
  const empty = usePositionsStore((s) => s.traffic.count === 0);
  if (!empty) return null;
  return (
    <p className="traffic-note traffic-empty" data-testid="traffic-empty" role="status">
      No positions: no feed is connected.
    </p>
  );
}

/** The selected flight: the edit panel for those who edit, its facts for the others. */
function TrafficFlightPanel({ canEdit, zone }: { canEdit: boolean; zone: string }) {
  const selectedId = useUiStore((s) => s.selectedFlightId);
  const shown = useFlightsStore((s) => (selectedId ? s.flights.get(selectedId) : undefined));
  if (!shown) return null;
  if (canEdit) return <FlightEditPanel direction={flightDirection(shown)} />;
  return (
    <aside
      className="edit-panel"
      data-testid="edit-panel"
      data-flight-id={shown.id}
      aria-label={shown.flightNumber}
    >
      <FlightSummary flight={shown} zone={zone} />
      <PositionFacts flight={shown} zone={zone} canEdit={false} />
    </aside>
  );
}
