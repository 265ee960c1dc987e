import { aircraftCategory } from './aircraft-categories';
import { isArrival } from './flight';
import {
  compareConflicts,
  holdConflicts,
  overlapConflict,
  sameAircraftTurn,
  type ConflictFlight,
  type FiledHold,
  type GateConflict,
  type IndexedHold,
} from './gate-conflicts';
import { DEFAULT_GATE_BUFFER_MINUTES, gateHoldSpan, gateKey, type GateEntry } from './gates';
import { localDaySpan } from './local-day';

/** What one upsert, remove or gate list change did to the conflict list. */
export interface GateConflictDelta {
  changed: boolean;
  added: GateConflict[];
  removed: GateConflict[];
}

export interface GateConflictIndexOptions {
  /** The airport's IANA zone: messages give local times, `conflicts(date)` a local day. */
  timeZone: string;
  /** `JETBRIDGE_GATE_BUFFER_MIN`. */
  bufferMinutes?: number;
  gates?: readonly GateEntry[];
}

interface Hold extends FiledHold {
  flight: ConflictFlight;
  /** Everything the hold's conflicts depend on: an equal signature changes nothing. */
  signature: string;
}

const MINUTE = 60_000;
const NO_DELTA: GateConflictDelta = Object.freeze({ changed: false, added: [], removed: [] });

/**
 * The gate conflicts of the live flights, kept incrementally: holds are indexed by gate, so a
 * changed flight is compared only with the other flights at its old and new gate, and each
 * change says what it did to the conflict list (the hub tells consoles only when it changed).
 */
export class GateConflictIndex {
  readonly bufferMinutes: number;
  private readonly timeZone: string;
  private readonly bufferMs: number;
  /** Local HH:mm for messages; Intl's formatter is reused, luxon's would be built per call. */
  private readonly clock: Intl.DateTimeFormat;
  private gatesByKey = new Map<string, GateEntry>();
  private gatesByNumber = new Map<string, GateEntry[]>();
  private readonly holds = new Map<string, Hold>();
  private readonly holdsByGate = new Map<string, Map<string, Hold>>();
  private readonly conflictsByKey = new Map<string, GateConflict>();
  /** Each conflict's span in epoch ms, so listing a day parses no dates. */
  private readonly spans = new Map<GateConflict, readonly [number, number]>();
  private readonly conflictKeysByFlight = new Map<string, Set<string>>();
  /** Grows whenever the conflict list changes; `conflicts()` answers from cache until then. */
  private changes = 0;
  private cached: { changes: number; date: string | undefined; list: GateConflict[] } | null = null;

  constructor(options: GateConflictIndexOptions) {
    this.timeZone = options.timeZone;
    this.bufferMinutes = options.bufferMinutes ?? DEFAULT_GATE_BUFFER_MINUTES;
    this.bufferMs = this.bufferMinutes * MINUTE;
    this.clock = new Intl.DateTimeFormat('en-GB', {
      timeZone: this.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (options.gates) this.indexGates(options.gates);
  }

  /** Replaces the gate list; every hold is checked again (rare: a supervisor's edit). */
  setGates(gates: readonly GateEntry[]): GateConflictDelta {
    const before = new Map(this.conflictsByKey);
    const flights = [...this.holds.values()].map((hold) => hold.flight);
    this.holds.clear();
    this.holdsByGate.clear();
    this.conflictsByKey.clear();
    this.spans.clear();
    this.conflictKeysByFlight.clear();
    this.changes += 1;
    this.indexGates(gates);
    for (const flight of flights) {
      const hold = this.holdFor(flight);
      if (hold) this.attach(hold);
    }
    return diff(before, this.conflictsByKey);
  }

  /** Adds or replaces a flight. Costs O(holds at its old and new gate). */
  upsert(flight: ConflictFlight): GateConflictDelta {
    const old = this.holds.get(flight.id);
    const hold = this.holdFor(flight);
    if (old && hold && old.signature === hold.signature) {
      old.flight = hold.flight;
      return NO_DELTA;
    }
    if (!old && !hold) return NO_DELTA;
    const before = this.conflictsOfAsMap(flight.id);
    if (old) this.detach(old);
    if (hold) this.attach(hold);
    return diff(before, this.conflictsOfAsMap(flight.id));
  }

  remove(flightId: string): GateConflictDelta {
    const old = this.holds.get(flightId);
    if (!old) return NO_DELTA;
    const before = this.conflictsOfAsMap(flightId);
    this.detach(old);
    return diff(before, new Map());
  }

  /**
   * Every conflict, or those touching a local date (their span meets the day), in time order.
   * The objects are shared with the index: read them, don't change them.
   */
  conflicts(localDate?: string): GateConflict[] {
    const cached = this.cached;
    if (cached && cached.changes === this.changes && cached.date === localDate) {
      return [...cached.list];
    }
    let list = [...this.conflictsByKey.values()];
    if (localDate) {
      const day = localDaySpan(localDate, this.timeZone);
      list = list.filter((conflict) => {
        const [from, to] = this.spans.get(conflict)!;
        return from < day.end && Math.max(to, from + 1) > day.start;
      });
    }
    list.sort(compareConflicts);
    this.cached = { changes: this.changes, date: localDate, list };
    return [...list];
  }

  /** The conflict with this id (`GateConflict.id`), if it is live. */
  conflict(id: string): GateConflict | undefined {
    return this.conflictsByKey.get(id);
  }

  /** The conflicts a flight is part of (the grid marks its row). */
  conflictsOf(flightId: string): GateConflict[] {
    return [...this.conflictsOfAsMap(flightId).values()].sort(compareConflicts);
  }

  /** The gate list, keyed by `gateKey(terminal, gate)`. */
  gateEntries(): ReadonlyMap<string, GateEntry> {
    return this.gatesByKey;
  }

  /** The holds at one gate (by `gateKey`), to read, not to change. */
  holdsAt(key: string): Iterable<IndexedHold> {
    return this.holdsByGate.get(key)?.values() ?? [];
  }

  /** The hold `upsert` would file for a flight (under its gate key); null when it holds none. */
  holdOf(flight: ConflictFlight): IndexedHold | null {
    return this.holdFor(flight);
  }

  /** True when two holds are closer than the buffer (or overlap). */
  tooClose(a: IndexedHold, b: IndexedHold): boolean {
    return a.start < b.end + this.bufferMs && b.start < a.end + this.bufferMs;
  }

  private indexGates(gates: readonly GateEntry[]): void {
    this.gatesByKey = new Map(gates.map((gate) => [gateKey(gate.terminal, gate.gate), gate]));
    this.gatesByNumber = new Map();
    for (const gate of gates) {
      const number = gate.gate.trim().toUpperCase();
      this.gatesByNumber.set(number, [...(this.gatesByNumber.get(number) ?? []), gate]);
    }
  }

  private holdFor(flight: ConflictFlight): Hold | null {
    const span = gateHoldSpan(flight);
    if (!span || !flight.gate) return null;
    const number = flight.gate.trim().toUpperCase();
    let terminal = flight.terminal?.trim().toUpperCase() || null;
    let ambiguousIn: string[] | null = null;
    if (!terminal) {
      const listed = this.gatesByNumber.get(number) ?? [];
      if (listed.length === 1) terminal = listed[0]!.terminal;
      if (listed.length > 1) ambiguousIn = listed.map((gate) => gate.terminal);
    }
    const key = gateKey(terminal, number);
    const gate = ambiguousIn ? null : (this.gatesByKey.get(key) ?? null);
    const registration = flight.registration?.replace(/[\s-]/g, '').toUpperCase() || null;
    const category = aircraftCategory(flight.aircraftType);
    const signature = [
      key,
      gate ? `${gate.contact}${gate.maxCodeLetter}` : ambiguousIn ? 'ambiguous' : 'unlisted',
      span.start,
      span.end,
      registration,
      category?.iata,
      flight.flightNumber,
      isArrival(flight),
    ].join('|');
    return { flight, key, gate, ambiguousIn, ...span, registration, category, signature };
  }

  private attach(hold: Hold): void {
    const id = hold.flight.id;
    this.holds.set(id, hold);
    let atGate = this.holdsByGate.get(hold.key);
    if (!atGate) this.holdsByGate.set(hold.key, (atGate = new Map()));
    for (const conflict of holdConflicts(hold, this.gatesByKey.size > 0)) {
      this.register(conflict, [id]);
    }
    for (const other of atGate.values()) {
      if (!this.tooClose(hold, other) || sameAircraftTurn(hold, other)) continue;
      const conflict = overlapConflict(hold, other, this.bufferMinutes, this.clock);
      this.register(conflict, [id, other.flight.id]);
    }
    atGate.set(id, hold);
  }

  private detach(hold: Hold): void {
    const id = hold.flight.id;
    this.holds.delete(id);
    const atGate = this.holdsByGate.get(hold.key);
    atGate?.delete(id);
    if (atGate?.size === 0) this.holdsByGate.delete(hold.key);
    for (const key of this.conflictKeysByFlight.get(id) ?? []) {
      const conflict = this.conflictsByKey.get(key);
      for (const flightId of conflict?.flightIds ?? []) {
        if (flightId !== id) this.conflictKeysByFlight.get(flightId)?.delete(key);
      }
      if (conflict) this.spans.delete(conflict);
      this.conflictsByKey.delete(key);
      this.changes += 1;
    }
    this.conflictKeysByFlight.delete(id);
  }

  private register(conflict: GateConflict, flightIds: string[]): void {
    const key = conflict.id;
    this.changes += 1;
    const replaced = this.conflictsByKey.get(key);
    if (replaced) this.spans.delete(replaced);
    this.conflictsByKey.set(key, conflict);
    this.spans.set(conflict, [Date.parse(conflict.from), Date.parse(conflict.to)]);
    for (const flightId of flightIds) {
      let keys = this.conflictKeysByFlight.get(flightId);
      if (!keys) this.conflictKeysByFlight.set(flightId, (keys = new Set()));
      keys.add(key);
    }
  }

  private conflictsOfAsMap(flightId: string): Map<string, GateConflict> {
    const found = new Map<string, GateConflict>();
    for (const key of this.conflictKeysByFlight.get(flightId) ?? []) {
      const conflict = this.conflictsByKey.get(key);
      if (conflict) found.set(key, conflict);
    }
    return found;
  }
}

/** Equal in everything a console shows (the id is equal by construction where compared). */
export function sameConflict(a: GateConflict, b: GateConflict): boolean {
  return (
    a.from === b.from &&
    a.to === b.to &&
    a.message === b.message &&
    a.gate === b.gate &&
    a.flightIds.join() === b.flightIds.join()
  );
}

function diff(
  before: ReadonlyMap<string, GateConflict>,
  after: ReadonlyMap<string, GateConflict>,
): GateConflictDelta {
  const added: GateConflict[] = [];
  const removed: GateConflict[] = [];
  for (const [key, conflict] of after) {
    const old = before.get(key);
    if (!old || !sameConflict(old, conflict)) added.push(conflict);
  }
  for (const [key, conflict] of before) {
    const now = after.get(key);
    if (!now || !sameConflict(now, conflict)) removed.push(conflict);
  }
  return { changed: added.length > 0 || removed.length > 0, added, removed };
}
