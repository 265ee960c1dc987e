import {
  DEFAULT_GATE_BUFFER_MINUTES,
  GateConflictIndex,
  gateKey,
  sameAircraftTurn,
  suggestGates,
  type Flight,
  type GateEntry,
} from '../../../core';

/**
 * The console's own copy of the hub's gate index (core/gate-conflict-index.ts), built from the
 * flights and gates it already holds, to answer "which gate is free for this flight" (the
 * conflicts list's suggestions, the edit panel's gate hint). It follows the flights store
 * incrementally: only flights whose object changed since the last question are re-filed.
 * The hub's `JETBRIDGE_GATE_BUFFER_MIN` is not on the wire: the default buffer is assumed; the
 * hub's own conflicts (`gates:conflicts`) stay the truth.
 */
let index: GateConflictIndex | null = null;
let indexed: ReadonlyMap<string, Flight> = new Map();
let indexedGates: readonly GateEntry[] | null = null;
let indexedZone = '';

export function gateIndex(
  flights: ReadonlyMap<string, Flight>,
  gates: readonly GateEntry[],
  timeZone: string,
): GateConflictIndex {
  if (!index || indexedZone !== timeZone) {
    index = new GateConflictIndex({ timeZone, bufferMinutes: DEFAULT_GATE_BUFFER_MINUTES, gates });
    indexed = new Map();
    indexedGates = gates;
    indexedZone = timeZone;
  } else if (indexedGates !== gates) {
    index.setGates(gates);
    indexedGates = gates;
  }
  if (indexed !== flights) {
    for (const [id, flight] of flights) {
      if (indexed.get(id) !== flight) index.upsert(flight);
    }
    for (const id of indexed.keys()) if (!flights.has(id)) index.remove(id);
    indexed = flights;
  }
  return index;
}

/** Forgets the index (sign-out). */
export function resetGateIndex(): void {
  index = null;
  indexed = new Map();
  indexedGates = null;
}

export interface GateSuggestion {
  flight: Flight;
  gate: GateEntry;
}

/** The best free, compatible gate for a flight, or null. */
export function suggestGateFor(flight: Flight, gateIndex: GateConflictIndex): GateEntry | null {
  return suggestGates(flight, gateIndex, 1)[0] ?? null;
}

export interface GateClash {
  /** The gate is not in the list (the change may still be sent). */
  unknown: boolean;
  /** Flights holding the gate too close to this flight's hold. */
  busyWith: Flight[];
}

/** What taking `gate` would clash with, for the edit panel's hint; null for an empty gate. */
export function gateClash(
  flight: Flight,
  gate: string,
  gateIndex: GateConflictIndex,
): GateClash | null {
  const wanted = gate.trim().toUpperCase();
  if (!wanted) return null;
  const entries = gateIndex.gateEntries();
  const hold = gateIndex.holdOf({ ...flight, gate: wanted });
  const listed = [...entries.values()].some(
    (entry) =>
      entry.gate.toUpperCase() === wanted &&
      (!flight.terminal ||
        gateKey(entry.terminal, entry.gate) === gateKey(flight.terminal, wanted)),
  );
  const busyWith: Flight[] = [];
  if (hold) {
    for (const other of gateIndex.holdsAt(hold.key)) {
      if (other.flight.id === flight.id) continue;
      if (gateIndex.tooClose(hold, other) && !sameAircraftTurn(hold, other)) {
        busyWith.push(other.flight as Flight);
      }
    }
  }
  return { unknown: entries.size > 0 && !listed, busyWith };
}
