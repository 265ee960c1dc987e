/**
 * Gates, stands and baggage belts for the demo's operating day. Each aircraft visit (an arrival,
 * a departure, or an arrival and the departure it turns into) asks for a gate in its terminal
 * (and, at T3, on its pier: 1–24 international, 25–62 domestic) whose code letter takes the
 * aircraft, a jet bridge for a wide-body, free for the whole span the visit may hold it plus the
 * gate buffer. Visits are planned one day at a time, so a day cannot see its neighbours' late
 * or early flights: visits reaching into the night (before 05:00 or after 21:00) use alternate
 * halves of each pool, the early half on one day never meeting the late half of the day before.
 */
import { codeLetterFor, compareCodeLetters, isWideBody } from '../../core/aircraft-categories';
import { naturalOrder } from '../../core/gate-conflicts';
import type { GateEntry } from '../../core/gates';
import { createPrng, hashString } from './prng';

export interface Span {
  start: number;
  end: number;
}

/** Which half of a pool a visit reaching into the night may use. */
export type NightHalf = 'early' | 'late' | null;

export interface VisitResources {
  /** Stable key of the visit: its first flight's id. */
  key: string;
  terminal: string | null;
  domestic: boolean;
  aircraftType: string | null;
  /** Every instant a flight of the visit may hold the gate, at any time of the day. */
  gateSpan: Span;
  /** From the aircraft's arrival on the stand to its leaving it. */
  standSpan: Span;
  night: NightHalf;
}

const MINUTE = 60_000;
/** Share of narrow-body visits sent to a bus gate even when a jet bridge is free. */
const BUS_SHARE = 0.1;
/** Remote stands per pool, for the aircraft of bus gates. */
const REMOTE_STANDS = 20;

/** Busy spans per resource, kept at least `gap` apart. */
class Occupancy {
  private readonly spans = new Map<string, Span[]>();

  constructor(private readonly gapMs: number) {}

  overlap(resource: string, span: Span): number {
    let total = 0;
    for (const other of this.spans.get(resource) ?? []) {
      const from = Math.max(span.start, other.start - this.gapMs);
      const to = Math.min(span.end, other.end + this.gapMs);
      // Exactly the gap apart is fine (core/gate-conflicts.ts).
      if (from < to) total += to - from;
    }
    return total;
  }

  add(resource: string, span: Span): void {
    const list = this.spans.get(resource);
    if (list) list.push(span);
    else this.spans.set(resource, [span]);
  }
}

function pierOf(gate: GateEntry): string {
  if (gate.terminal !== 'T3') return gate.terminal;
  return Number.parseInt(gate.gate, 10) <= 24 ? 'T3-intl' : 'T3-dom';
}

function poolName(terminal: string, domestic: boolean): string {
  return terminal === 'T3' ? (domestic ? 'T3-dom' : 'T3-intl') : terminal;
}

/** The first of `ordered` free over the span: in the visit's night half, else anywhere, else the least busy. */
function choose<T>(
  ordered: readonly T[],
  half: (item: T) => NightHalf,
  night: NightHalf,
  busy: (item: T) => number,
): T | null {
  const inHalf = night ? ordered.filter((item) => half(item) === night) : ordered;
  return (
    inHalf.find((item) => busy(item) === 0) ??
    ordered.find((item) => busy(item) === 0) ??
    [...ordered].sort((a, b) => busy(a) - busy(b))[0] ??
    null
  );
}

export class DemoGatePlanner {
  private readonly pools = new Map<string, GateEntry[]>();
  private readonly halves = new Map<GateEntry, NightHalf>();
  private readonly gates: Occupancy;
  private readonly stands = new Occupancy(0);

  constructor(gates: readonly GateEntry[], bufferMinutes: number) {
    this.gates = new Occupancy(bufferMinutes * MINUTE);
    for (const gate of gates) {
      const name = pierOf(gate);
      const pool = this.pools.get(name);
      if (pool) pool.push(gate);
      else this.pools.set(name, [gate]);
    }
    for (const pool of this.pools.values()) {
      pool.sort((a, b) => naturalOrder.compare(a.gate, b.gate));
      pool.forEach((gate, index) => this.halves.set(gate, index % 2 === 0 ? 'early' : 'late'));
    }
  }

  /** A gate and stand for the visit, or nulls when its terminal has no gates. */
  assign(visit: VisitResources): { gate: string | null; stand: string | null } {
    const pool = visit.terminal ? this.pools.get(poolName(visit.terminal, visit.domestic)) : null;
    if (!pool) return { gate: null, stand: null };
    const needed = codeLetterFor(visit.aircraftType) ?? 'C';
    const wide = isWideBody(visit.aircraftType);
    const eligible = pool.filter(
      (gate) => compareCodeLetters(gate.maxCodeLetter, needed) >= 0 && (gate.contact || !wide),
    );
    const bussed = !wide && createPrng(`gate:${visit.key}`).chance(BUS_SHARE);
    const rank = (gate: GateEntry) => [
      gate.contact === bussed ? 1 : 0,
      // The smallest gate that fits: the big ones stay free for the wide-bodies.
      gate.maxCodeLetter.charCodeAt(0),
      hashString(`${visit.key}:${gate.gate}`),
    ];
    const ordered = eligible
      .map((gate) => ({ gate, rank: rank(gate) }))
      .sort((a, b) => a.rank[0]! - b.rank[0]! || a.rank[1]! - b.rank[1]! || a.rank[2]! - b.rank[2]!)
      .map((entry) => entry.gate);
    const key = (gate: GateEntry) => `${gate.terminal}/${gate.gate}`;
    const gate = choose(
      ordered,
      (candidate) => this.halves.get(candidate) ?? null,
      visit.night,
      (candidate) => this.gates.overlap(key(candidate), visit.gateSpan),
    );
    if (!gate) return { gate: null, stand: null };
    this.gates.add(key(gate), visit.gateSpan);
    return { gate: gate.gate, stand: this.standFor(gate, visit) };
  }

  /** A contact gate's own stand ("342" for T3 gate 42); a remote stand for a bus gate. */
  private standFor(gate: GateEntry, visit: VisitResources): string {
    const digit = gate.terminal.replace(/\D/g, '') || '9';
    if (gate.contact) return `${digit}${gate.gate.padStart(2, '0')}`;
    const pool = pierOf(gate);
    const offset = pool === 'T3-dom' ? REMOTE_STANDS : 0;
    const stands = Array.from(
      { length: REMOTE_STANDS },
      (_, i) => `R${digit}${String(offset + i + 1).padStart(2, '0')}`,
    );
    const ordered = [...stands].sort(
      (a, b) => hashString(`${visit.key}:${a}`) - hashString(`${visit.key}:${b}`),
    );
    const stand = choose(
      ordered,
      (candidate) => (Number(candidate.slice(-2)) % 2 === 1 ? 'early' : 'late'),
      visit.night,
      (candidate) => this.stands.overlap(candidate, visit.standSpan),
    ) as string;
    this.stands.add(stand, visit.standSpan);
    return stand;
  }
}

/** Synthetic DEL reclaim belts: T1 1–8, T2 1–6, T3 domestic 1–6 and international 7–14. */
const BELTS: Record<string, readonly string[]> = {
  T1: ['1', '2', '3', '4', '5', '6', '7', '8'],
  T2: ['1', '2', '3', '4', '5', '6'],
  'T3-dom': ['1', '2', '3', '4', '5', '6'],
  'T3-intl': ['7', '8', '9', '10', '11', '12', '13', '14'],
};

export class DemoBeltPlanner {
  private readonly belts = new Occupancy(0);

  /** A belt for an arrival's bags over the span, or null in a terminal without belts. */
  assign(key: string, terminal: string | null, domestic: boolean, span: Span): string | null {
    const name = terminal ? poolName(terminal, domestic) : null;
    const belts = name ? BELTS[name] : undefined;
    if (!name || !belts) return null;
    const ordered = [...belts].sort(
      (a, b) => hashString(`${key}:${a}`) - hashString(`${key}:${b}`),
    );
    const belt = choose(
      ordered,
      () => null,
      null,
      (candidate) => this.belts.overlap(`${name}/${candidate}`, span),
    ) as string;
    this.belts.add(`${name}/${belt}`, span);
    return belt;
  }
}
