import { useEffect, useRef, useState } from 'react';
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import { can, type Flight, type GateEntry } from '../../../../core';
import { useNow } from '../../hooks/useNow';
import { useFlightsStore } from '../../stores/flightsStore';
import { useGatesStore } from '../../stores/gatesStore';
import { airportTimeZone, useSessionStore } from '../../stores/sessionStore';
import { selectFlight, useUiStore } from '../../stores/uiStore';
import { ensureGateList } from '../../sync/gateList';
import { GateConflictsPanel } from '../gates/GateConflictsPanel';
import { gateLabel, moveFlightToGate } from '../gates/gateActions';
import { GateMoveForm } from './GateMoveForm';
import { GatePlanTimeline } from './gatePlanTimeline';
import '../../styles/gate-plan.css';

/** Live changes reach the plan at most this often. */
const PLAN_UPDATE_MS = 1_000;

const ZOOMS = [
  { label: '3 h', window: { hours: 3 } },
  { label: '6 h', window: { hours: 6 } },
  { label: '12 h', window: { hours: 12 } },
  { label: 'Day', window: 'day' },
] as const;

/**
 * The day at a glance: one row per gate grouped by terminal, a bar per flight's hold, conflicts in
 * red, a "now" line. Dragging a bar to another gate (or Alt+↑/↓ on a selected bar, or the move
 * form) sends a gate change; refusals are shown above the plan.
 */
export function GatePlanView() {
  const role = useSessionStore((s) => s.user?.role ?? 'viewer');
  const canEdit = can(role, 'editFlights');
  const gates = useGatesStore((s) => s.gates);
  const container = useRef<HTMLDivElement>(null);
  const plan = useRef<GatePlanTimeline | null>(null);
  const [status, setStatus] = useState<{ text: string; refused: boolean } | null>(null);
  const now = useNow(30_000);
  useEffect(ensureGateList, []);

  const move = (shown: Flight, gate: GateEntry) => {
    // The flight as it is now (its version): the plan shows changes up to a second late.
    const flight = useFlightsStore.getState().flights.get(shown.id) ?? shown;
    setStatus({
      text: `Moving ${flight.flightNumber} to gate ${gateLabel(gate)}…`,
      refused: false,
    });
    void moveFlightToGate(flight, gate).then((outcome) =>
      setStatus(
        outcome.ok
          ? { text: `${flight.flightNumber} is at gate ${gateLabel(gate)}.`, refused: false }
          : { text: `${flight.flightNumber} not moved: ${outcome.message}`, refused: true },
      ),
    );
  };
  const moveRef = useRef(move);
  moveRef.current = move;

  useEffect(() => {
    if (!container.current || !gates) return;
    const timeline = new GatePlanTimeline(container.current, airportTimeZone(), canEdit, {
      onMove: (flight, gate) => moveRef.current(flight, gate),
      onMoveRefused: (text) => setStatus({ text, refused: true }),
      onSelect: (flightId) => selectFlight(flightId),
      onReady: () => {
        plan.current?.select(useUiStore.getState().selectedFlightId);
        if (container.current) container.current.dataset.ready = 'true';
      },
    });
    plan.current = timeline;
    // Fed outside React, at most once per PLAN_UPDATE_MS however fast changes arrive: each
    // update scans every flight and each one the timeline takes costs it a redraw of the rows
    // and a repaint, so a second's changes go in one update (a change after a quiet spell shows
    // at once), which the timeline takes in a few small tasks (GatePlanTimeline.update).
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = -Infinity;
    const refresh = () => {
      timer = undefined;
      last = performance.now();
      timeline.update({
        flights: useFlightsStore.getState().flights,
        gates,
        conflictsByFlight: useGatesStore.getState().conflictsByFlight,
      });
    };
    const schedule = () => {
      timer ??= setTimeout(refresh, Math.max(0, last + PLAN_UPDATE_MS - performance.now()));
    };
    refresh();
    const stopFlights = useFlightsStore.subscribe((s, p) => s.flights !== p.flights && schedule());
    const stopConflicts = useGatesStore.subscribe(
      (s, p) => s.conflictsByFlight !== p.conflictsByFlight && schedule(),
    );
    return () => {
      stopFlights();
      stopConflicts();
      clearTimeout(timer);
      timeline.destroy();
      plan.current = null;
    };
  }, [gates, canEdit]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const timeline = plan.current;
    const selected = useUiStore.getState().selectedFlightId;
    if (!timeline || !selected || !event.altKey || !canEdit) return;
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const flight = useFlightsStore.getState().flights.get(selected) ?? timeline.flight(selected);
    const gate = flight && timeline.neighbourGate(flight, event.key === 'ArrowUp' ? -1 : 1);
    if (flight && gate) move(flight, gate);
  };

  return (
    <main className="gate-plan-view" data-testid="gate-plan">
      <div className="gate-plan-toolbar">
        <div className="gate-plan-zoom" role="group" aria-label="Zoom">
          {ZOOMS.map((zoom) => (
            <button
              key={zoom.label}
              type="button"
              className="button-quiet"
              data-testid={`gate-plan-zoom-${zoom.label.replace(/\s/g, '')}`}
              onClick={() => plan.current?.zoom(zoom.window)}
            >
              {zoom.label}
            </button>
          ))}
        </div>
        {canEdit && <GateMoveForm onMove={move} />}
        {status && (
          <span
            className={status.refused ? 'gate-plan-status refused' : 'gate-plan-status'}
            data-testid="gate-plan-status"
            role="status"
          >
            {status.text}
          </span>
        )}
      </div>
      <div className="gate-plan-body">
        <div
          className="gate-plan-timeline"
          ref={container}
          data-testid="gate-plan-timeline"
          tabIndex={0}
          aria-label="Gate plan: select a bar, then Alt+Up or Alt+Down moves it one gate"
          onKeyDown={onKeyDown}
        >
          {!gates && <p className="gate-plan-loading">Reading the gate list…</p>}
          {gates?.length === 0 && (
            <p className="gate-plan-loading">
              The hub has no gate list yet (a supervisor adds it under Gates).
            </p>
          )}
        </div>
        <aside className="gate-plan-conflicts" aria-label="Gate conflicts">
          <h2>Conflicts</h2>
          <GateConflictsPanel canEdit={canEdit} now={now} />
        </aside>
      </div>
    </main>
  );
}
