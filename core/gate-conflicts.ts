import { z } from 'zod';
import { compareCodeLetters, type AircraftCategory } from './aircraft-categories';
import { isArrival, type Flight } from './flight';
import type { GateEntry, HoldFlight } from './gates';

/**
 * Gate conflicts (contract section 11): the rules, their wording and the wire shape.
 * `GateConflictIndex` (gate-conflict-index.ts) keeps them up to date as flights change.
 *
 * Rules:
 * - `GATE_OVERLAP`: two holds of one gate overlap or are less than the buffer apart (exactly
 *   the buffer apart is fine). An arrival and a later departure of the same registration do not
 *   conflict: it is one aircraft staying on the gate for its turnaround.
 * - `AIRCRAFT_TOO_BIG`: the aircraft type's code letter is above the gate's.
 * - `UNKNOWN_GATE`: the gate is not in the list, or the flight has no terminal and the gate
 *   number exists in several terminals. Not raised while the gate list is empty (gates not
 *   managed yet: every flight would be one).
 * - `REMOTE_FOR_WIDEBODY` (ours): a wide-body at a gate without a jet bridge. Bussing a few
 *   hundred passengers is what stand planners avoid, and the console can offer a contact gate.
 *
 * A conflict's `from`/`to` is the overlap of the two holds, or for holds too close together
 * the gap between them; for one-flight rules, the flight's hold. Its `id` (an extension) is its
 * identity: rule, gate (terminal-qualified) and flights; the same conflict keeps its id while its
 * times or wording change, so `gates:conflicts:changed` can name what went.
 */

export const GATE_CONFLICT_RULES = [
  'GATE_OVERLAP',
  'AIRCRAFT_TOO_BIG',
  'UNKNOWN_GATE',
  'REMOTE_FOR_WIDEBODY',
] as const;
export type GateConflictRule = (typeof GATE_CONFLICT_RULES)[number];

const isoInstant = z.iso.datetime({ offset: true });
export const gateConflictSchema = z.object({
  id: z.string().min(1),
  rule: z.enum(GATE_CONFLICT_RULES),
  gate: z.string(),
  flightIds: z.array(z.string()),
  from: isoInstant,
  to: isoInstant,
  message: z.string(),
});
export type GateConflict = z.infer<typeof gateConflictSchema>;
/** `GET /api/gates/conflicts` answers it; `gates:conflicts` carries the same body. */
export const gateConflictsBodySchema = z.object({ conflicts: z.array(gateConflictSchema) });
export type GateConflictsBody = z.infer<typeof gateConflictsBodySchema>;
/**
 * Extension: `gates:conflicts:changed`, what changed since the last list or change sent, to a
 * console that asked for changes (handshake `gateConflicts: 'changes'`). `added` holds new and
 * changed conflicts (replace by `id`), `removed` the ids of conflicts gone.
 */
export const gateConflictChangesSchema = z.object({
  added: z.array(gateConflictSchema),
  removed: z.array(z.string()),
});
export type GateConflictChanges = z.infer<typeof gateConflictChangesSchema>;

/** A conflict's identity: its rule, its gate's `gateKey` and its flights (sorted). */
export function gateConflictId(
  rule: GateConflictRule,
  key: string,
  flightIds: readonly string[],
): string {
  return [rule, key, ...[...flightIds].sort()].join('|');
}

/** What the index needs of a flight. */
export type ConflictFlight = HoldFlight &
  Pick<Flight, 'flightNumber'> &
  Partial<Pick<Flight, 'aircraftType' | 'registration'>>;

/** A flight's hold as the index files it: epoch milliseconds, the normalised registration. */
export interface IndexedHold {
  readonly flight: ConflictFlight;
  /** `gateKey(terminal, gate)`; the terminal is empty when the flight's gate cannot name one. */
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly registration: string | null;
  readonly category: AircraftCategory | null;
}

/** A hold with what the rules need of the gate list. */
export interface FiledHold extends IndexedHold {
  /** The gate list's entry, or null for a gate not in the list. */
  gate: GateEntry | null;
  /** Why `gate` is null when the number is listed in several terminals. */
  ambiguousIn: string[] | null;
}

const MINUTE = 60_000;
const RULE_ORDER = new Map(GATE_CONFLICT_RULES.map((rule, index) => [rule, index]));

/**
 * The one-flight rules for a filed hold; `gatesListed` is false while the gate list is empty.
 */
export function holdConflicts(hold: FiledHold, gatesListed: boolean): GateConflict[] {
  const found: GateConflict[] = [];
  const base = {
    gate: hold.flight.gate!,
    flightIds: [hold.flight.id],
    from: iso(hold.start),
    to: iso(hold.end),
  };
  const id = (rule: GateConflictRule) => gateConflictId(rule, hold.key, [hold.flight.id]);
  const who = label(hold);
  const where = gateLabel(hold);
  const { gate, category } = hold;
  if (!gate) {
    if (!gatesListed) return found;
    const message = hold.ambiguousIn
      ? `${who} has no terminal, and gate ${hold.flight.gate} is in ${hold.ambiguousIn.join(' and ')}`
      : `${who} is at ${where}, which is not in the gate list`;
    found.push({ id: id('UNKNOWN_GATE'), rule: 'UNKNOWN_GATE', ...base, message });
    return found;
  }
  if (category && compareCodeLetters(category.codeLetter, gate.maxCodeLetter) > 0) {
    const message =
      `${who}'s ${category.name} (code ${category.codeLetter}) is too big for ${where}, ` +
      `which takes up to code ${gate.maxCodeLetter}`;
    found.push({ id: id('AIRCRAFT_TOO_BIG'), rule: 'AIRCRAFT_TOO_BIG', ...base, message });
  }
  if (category?.body === 'wide' && !gate.contact) {
    const message = `${who}'s ${category.name} is a wide-body at ${where}, a remote stand without a jet bridge`;
    found.push({ id: id('REMOTE_FOR_WIDEBODY'), rule: 'REMOTE_FOR_WIDEBODY', ...base, message });
  }
  return found;
}

/**
 * The GATE_OVERLAP of two holds of one gate closer than the buffer, with local times from
 * `clock` (an `Intl.DateTimeFormat` giving HH:mm in the airport's zone).
 */
export function overlapConflict(
  a: FiledHold,
  b: FiledHold,
  bufferMinutes: number,
  clock: Intl.DateTimeFormat,
): GateConflict {
  const [first, second] =
    a.start < b.start || (a.start === b.start && a.flight.id < b.flight.id) ? [a, b] : [b, a];
  const latestStart = Math.max(a.start, b.start);
  const earliestEnd = Math.min(a.end, b.end);
  const from = Math.min(latestStart, earliestEnd);
  const to = Math.max(latestStart, earliestEnd);
  const time = (ms: number) => clock.format(ms);
  const span = (hold: FiledHold) => `${time(hold.start)}–${time(hold.end)}`;
  let message: string;
  if (latestStart < earliestEnd) {
    message =
      `${label(first)} (${span(first)}) and ${label(second)} (${span(second)}) both hold ` +
      `${gateLabel(first)} from ${time(from)} to ${time(to)}`;
  } else {
    const [leaving, taking] = first.end <= second.start ? [first, second] : [second, first];
    message =
      `${label(taking)} takes ${gateLabel(first)} at ${time(taking.start)}, ` +
      `${Math.round((taking.start - leaving.end) / MINUTE)} min after ${label(leaving)} frees it ` +
      `at ${time(leaving.end)}; the gate needs ${bufferMinutes} min between flights`;
  }
  return {
    id: gateConflictId('GATE_OVERLAP', first.key, [first.flight.id, second.flight.id]),
    rule: 'GATE_OVERLAP',
    gate: first.flight.gate!,
    flightIds: [first.flight.id, second.flight.id],
    from: iso(from),
    to: iso(to),
    message,
  };
}

/** An arrival and a later departure of one registration: one aircraft turning on the gate. */
export function sameAircraftTurn(a: IndexedHold, b: IndexedHold): boolean {
  if (!a.registration || a.registration !== b.registration) return false;
  const aArrives = isArrival(a.flight);
  if (aArrives === isArrival(b.flight)) return false;
  const [arrival, departure] = aArrives ? [a, b] : [b, a];
  return arrival.start <= departure.start;
}

function label(hold: FiledHold): string {
  return isArrival(hold.flight)
    ? `${hold.flight.flightNumber} (arrival)`
    : hold.flight.flightNumber;
}

function gateLabel(hold: FiledHold): string {
  const terminal = hold.gate?.terminal ?? hold.flight.terminal;
  return terminal ? `gate ${hold.flight.gate} (${terminal})` : `gate ${hold.flight.gate}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Time order: `from`, then rule, gate and flights, so lists compare equal when equal. */
export function compareConflicts(a: GateConflict, b: GateConflict): number {
  return (
    compareText(a.from, b.from) ||
    RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! ||
    naturalOrder.compare(a.gate, b.gate) ||
    compareText(a.flightIds.join(), b.flightIds.join())
  );
}

/** Gate "2" before "11": one collator, as `localeCompare` with options builds one per call. */
export const naturalOrder = new Intl.Collator('en', { numeric: true });

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
