import type { GateEntry } from '../../../../core';

/**
 * The gates an agent is offered while typing a flight's gate: the airport's gates in the flight's
 * terminal (gate numbers repeat across terminals), every gate when the flight has none, in the
 * list's order, each labelled with what it is (bridge or bus, the largest aircraft it takes).
 */
export function gatesOfTerminal(
  gates: readonly GateEntry[] | null,
  terminal: string | null | undefined,
): { value: string; label: string }[] {
  if (!gates) return [];
  const wanted = terminal?.trim().toUpperCase();
  return gates
    .filter((gate) => !wanted || (gate.terminal ?? '').toUpperCase() === wanted)
    .map((gate) => ({
      value: gate.gate,
      label: `${gate.terminal ? `${gate.terminal} · ` : ''}${gate.contact ? 'bridge' : 'bus'} · up to code ${gate.maxCodeLetter}`,
    }));
}
