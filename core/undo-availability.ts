import type { Flight } from './flight';
import type { HistoryEntry } from './flight-history';
import { applyFlightChange } from './flight-change';
import type { FlightChanges } from './protocol';

export type UndoAvailability =
  /** Nothing of the user's own on this flight to undo. */
  | { kind: 'none' }
  | { kind: 'possible'; entry: HistoryEntry }
  /** There is a change, but the hub would refuse to undo it: `reason` says why, plainly. */
  | { kind: 'blocked'; entry: HistoryEntry; reason: string };

/**
 * Whether `username`'s last change to the flight can be undone, judged by the hub's own rules
 * (server/flight-undo.ts): their newest change that is not an undo, not undone and not a
 * creation; refused when someone changed one of its fields since, or when reverting it is a
 * move back the status machine forbids (a cancellation, a departure: a supervisor corrects
 * those). So the console offers Undo only where it can work, and says why not otherwise.
 */
export function undoAvailability(
  entries: readonly HistoryEntry[],
  username: string,
  flight: Flight,
  at: string,
): UndoAvailability {
  const undone = new Set(entries.flatMap((entry) => (entry.undoOf ? [entry.undoOf] : [])));
  const entry = entries.find(
    (candidate) =>
      candidate.by === username &&
      !candidate.undoOf &&
      !undone.has(candidate.opId) &&
      !candidate.kind,
  );
  if (!entry) return { kind: 'none' };
  const fields = Object.keys(entry.fields) as (keyof FlightChanges)[];

  const laterByOthers = entries.find(
    (later) =>
      later.version > entry.version &&
      !later.undoOf &&
      !undone.has(later.opId) &&
      fields.some((field) => later.fields[field] !== undefined),
  );
  if (laterByOthers) {
    return {
      kind: 'blocked',
      entry,
      reason: `${laterByOthers.by} changed this flight after your change (${laterByOthers.at})`,
    };
  }

  const status = entry.fields.status;
  if (status && (status.to === 'CANCELLED' || status.to === 'DEPARTED')) {
    const what = status.to === 'CANCELLED' ? 'A cancellation' : 'A departure';
    const who =
      status.to === 'CANCELLED'
        ? 'a supervisor can reinstate the flight'
        : 'a supervisor can take back the departure';
    return { kind: 'blocked', entry, reason: `${what} cannot be undone: ${who}` };
  }
  const reverted: Record<string, unknown> = {};
  for (const field of fields) reverted[field] = entry.fields[field]!.from;
  const result = applyFlightChange(flight, reverted as FlightChanges, { by: username, at });
  if (!result.ok) return { kind: 'blocked', entry, reason: result.message };
  return { kind: 'possible', entry };
}
