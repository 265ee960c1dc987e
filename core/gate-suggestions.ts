import { compareCodeLetters } from './aircraft-categories';
import type { GateConflictIndex } from './gate-conflict-index';
import {
  naturalOrder,
  sameAircraftTurn,
  type ConflictFlight,
  type IndexedHold,
} from './gate-conflicts';
import type { GateEntry } from './gates';

const MINUTE = 60_000;
/** Beyond two hours of free time either side, a gate is as good as empty. */
const SLACK_CAP_MINUTES = 120;

/**
 * Free gates a flight could take instead of its own, best first, for the console's one-action
 * "take gate X":
 * 1. in the flight's terminal (when it has one);
 * 2. with a jet bridge — and only those for a wide-body;
 * 3. the smallest code letter that takes the aircraft (keeping big gates for big aircraft);
 * 4. the most free time around the hold (up to 2 h), so a further delay still fits;
 * 5. terminal and gate in natural order.
 * Free means no other hold at the gate closer than the buffer; an arrival and departure of the
 * same registration may share it. An unknown aircraft type is not filtered by code letter.
 * Costs one pass over the gates and their holds.
 */
export function suggestGates(
  flight: ConflictFlight,
  index: GateConflictIndex,
  limit = 5,
): GateEntry[] {
  // The hold's times do not depend on the gate: a placeholder gives them to a flight without one.
  const hold = index.holdOf({ ...flight, gate: flight.gate ?? '?' });
  if (!hold) return [];
  const current = flight.gate ? hold.key : null;
  const letter = hold.category?.codeLetter ?? null;
  const wide = hold.category?.body === 'wide';
  const terminal = flight.terminal?.trim().toUpperCase() || null;

  const ranked: Array<{ gate: GateEntry; slack: number }> = [];
  for (const [key, gate] of index.gateEntries()) {
    if (key === current) continue;
    if (letter && compareCodeLetters(letter, gate.maxCodeLetter) > 0) continue;
    if (wide && !gate.contact) continue;
    const slack = slackMinutes(hold, index.holdsAt(key), index);
    if (slack !== null) ranked.push({ gate, slack });
  }
  ranked.sort(
    (a, b) =>
      Number(b.gate.terminal === terminal) - Number(a.gate.terminal === terminal) ||
      Number(b.gate.contact) - Number(a.gate.contact) ||
      (letter ? compareCodeLetters(a.gate.maxCodeLetter, b.gate.maxCodeLetter) : 0) ||
      b.slack - a.slack ||
      naturalOrder.compare(a.gate.terminal, b.gate.terminal) ||
      naturalOrder.compare(a.gate.gate, b.gate.gate),
  );
  return ranked.slice(0, limit).map((entry) => entry.gate);
}

/** Minutes to the nearest other hold at the gate, capped; null when one is too close. */
function slackMinutes(
  hold: IndexedHold,
  others: Iterable<IndexedHold>,
  index: GateConflictIndex,
): number | null {
  let slack = SLACK_CAP_MINUTES * MINUTE;
  for (const other of others) {
    if (other.flight.id === hold.flight.id || sameAircraftTurn(hold, other)) continue;
    if (index.tooClose(hold, other)) return null;
    const gap = other.start >= hold.end ? other.start - hold.end : hold.start - other.end;
    slack = Math.min(slack, gap);
  }
  return slack / MINUTE;
}
