import type { Flight, GateEntry } from '../../../../core';
import { submitFlightEdit, type EditOutcome } from '../../sync/flightEdits';

/**
 * Moves a flight to a gate with one `flight:update` (through the pending-edits outbox, so it
 * survives a lost connection); the terminal goes with it when the gate is in another one.
 */
export function moveFlightToGate(flight: Flight, gate: GateEntry): Promise<EditOutcome> {
  const changes =
    flight.terminal && flight.terminal !== gate.terminal
      ? { gate: gate.gate, terminal: gate.terminal }
      : { gate: gate.gate };
  return submitFlightEdit(flight.id, flight.version, changes);
}

export function gateLabel(gate: GateEntry): string {
  return `${gate.gate} (${gate.terminal})`;
}
