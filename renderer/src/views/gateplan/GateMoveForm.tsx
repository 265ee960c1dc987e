import { useState } from 'react';
import { movementTimes, type Flight, type GateEntry } from '../../../../core';
import { toGoTo } from '../../domain/goToFlight';
import { useFlightsStore } from '../../stores/flightsStore';
import { useGatesStore } from '../../stores/gatesStore';
import { useUiStore } from '../../stores/uiStore';

const scheduledAt = (flight: Flight) => Date.parse(movementTimes(flight).scheduled);

/**
 * The keyboard's way to move a flight: the selected flight (or one typed) to a gate typed with
 * the gate list as suggestions, Enter sends it.
 */
export function GateMoveForm({ onMove }: { onMove: (flight: Flight, gate: GateEntry) => void }) {
  const selectedId = useUiStore((s) => s.selectedFlightId);
  const selected = useFlightsStore((s) => (selectedId ? s.flights.get(selectedId) : undefined));
  const gates = useGatesStore((s) => s.gates) ?? [];
  const [flightText, setFlightText] = useState('');
  const [gateText, setGateText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const wanted = flightText.trim().toUpperCase().replace(/\s+/g, ' ');
    // A number typed: its flight with a gate, as "go to flight" picks it (the next still to
    // leave when an earlier one of that number has gone).
    const flight = wanted
      ? toGoTo(
          [...useFlightsStore.getState().flights.values()]
            .filter((f) => f.flightNumber.toUpperCase() === wanted && f.gate)
            .sort((a, b) => scheduledAt(a) - scheduledAt(b)),
          (f) => f.status,
        )
      : selected;
    if (!flight) return setProblem(wanted ? `No flight ${wanted} with a gate` : 'Select a flight');
    const [number, terminal] = gateText
      .trim()
      .toUpperCase()
      .split(/\s*\(\s*|\s*\)\s*/);
    const gate = gates.find(
      (g) =>
        g.gate.toUpperCase() === number && (!terminal || g.terminal.toUpperCase() === terminal),
    );
    if (!gate) return setProblem(`Gate ${gateText || '?'} is not in the gate list`);
    setProblem(null);
    onMove(flight, gate);
  };

  return (
    <form className="gate-move-form" onSubmit={submit} data-testid="gate-move-form">
      <label>
        Flight
        <input
          data-testid="gate-move-flight"
          value={flightText}
          placeholder={selected?.flightNumber ?? '6E 2134'}
          onChange={(e) => setFlightText(e.target.value)}
          size={9}
        />
      </label>
      <label>
        to gate
        <input
          data-testid="gate-move-gate"
          list="gate-move-gates"
          value={gateText}
          onChange={(e) => setGateText(e.target.value)}
          size={8}
        />
      </label>
      <datalist id="gate-move-gates">
        {gates.map((g) => (
          <option key={`${g.terminal}/${g.gate}`} value={`${g.gate} (${g.terminal})`} />
        ))}
      </datalist>
      <button type="submit" className="button-quiet">
        Move
      </button>
      {problem && (
        <span className="gate-plan-status refused" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
