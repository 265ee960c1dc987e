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
/** Flights filed between two looks at the clock. */
const FLIGHTS_PER_CHECK = 25;
/** A catch-up under way: the flights it brings the index to, and how far it has got. */
let catchingUp: {
  flights: ReadonlyMap<string, Flight>;
  changed: Flight[];
  removed: string[];
  done: number;
} | null = null;

export function gateIndex(
  flights: ReadonlyMap<string, Flight>,
  gates: readonly GateEntry[],
  timeZone: string,
): GateConflictIndex {
  catchUpGateIndex(flights, gates, timeZone, Infinity);
  return index!;
}

/**
 * Re-files the flights that changed since the index last matched the flights store, until the
 * clock (performance.now()) passes `deadline`; true once the index holds `flights`. A second of
 * live changes can be hundreds of flights (0.03 ms each): the conflicts panel catches up in
 * slices of a few milliseconds rather than in one task; `gateIndex` finishes what is left.
 */
export function catchUpGateIndex(
  flights: ReadonlyMap<string, Flight>,
  gates: readonly GateEntry[],
  timeZone: string,
  deadline: number,
): boolean {
  if (!index || indexedZone !== timeZone) {
    index = new GateConflictIndex({ timeZone, bufferMinutes: DEFAULT_GATE_BUFFER_MINUTES, gates });
    indexed = new Map();
    indexedGates = gates;
    indexedZone = timeZone;
    catchingUp = null;
  } else if (indexedGates !== gates) {
    index.setGates(gates);
    indexedGates = gates;
  }
  if (indexed === flights) return true;
  if (catchingUp?.flights !== flights) {
    const changed: Flight[] = [];
    for (const [id, flight] of flights) if (indexed.get(id) !== flight) changed.push(flight);
    const removed = [...indexed.keys()].filter((id) => !flights.has(id));
    // Flights a catch-up for older flights filed, and that these flights no longer have.
    for (const flight of catchingUp?.changed.slice(0, catchingUp.done) ?? []) {
      if (!flights.has(flight.id) && !indexed.has(flight.id)) removed.push(flight.id);
    }
    catchingUp = { flights, changed, removed, done: 0 };
  }
  const work = catchingUp;
  while (work.done < work.changed.length) {
    index.upsert(work.changed[work.done]!);
    work.done += 1;
    const more = work.done < work.changed.length;
    if (more && work.done % FLIGHTS_PER_CHECK === 0 && performance.now() >= deadline) return false;
  }
  for (const id of work.removed) index.remove(id);
  indexed = flights;
  catchingUp = null;
  return true;
}

/** Forgets the index (sign-out). */
export function resetGateIndex(): void {
  index = null;
  indexed = new Map();
  indexedGates = null;
  catchingUp = null;
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
