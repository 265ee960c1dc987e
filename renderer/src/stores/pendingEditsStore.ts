import { create } from 'zustand';
import type { Flight, FlightChanges } from '../../../core';

/**
 * `queued`: waiting to be sent (offline, or its ack was lost: it goes again with the same opId);
 * `sending`: sent, ack outstanding; `conflict`: the hub refused it with CONFLICT and the agent
 * decides (keep mine / take theirs); `refused`: any other refusal, kept until dismissed.
 */
export type PendingEditState = 'queued' | 'sending' | 'conflict' | 'refused';

/** Who last changed a conflicting field, from the flight's history. */
export interface ConflictField {
  field: keyof FlightChanges;
  mine: unknown;
  current: unknown;
  by: string | null;
  at: string | null;
}

export interface PendingEditEntry {
  opId: string;
  flightId: string;
  flightNumber: string;
  baseVersion: number;
  changes: FlightChanges;
  createdAt: number;
  state: PendingEditState;
  /** Times it was sent (a resend after a lost ack reuses the opId). */
  attempts: number;
  /** The hub's words, for a refusal or a conflict. */
  message: string | null;
  /** With a conflict: the flight as it is now, and the fields in conflict. */
  current: Flight | null;
  conflicts: ConflictField[];
}

export interface PendingEditsState {
  /** In the order they were made. */
  edits: readonly PendingEditEntry[];
}

export const usePendingEditsStore = create<PendingEditsState>()(() => ({ edits: [] }));

export function resetPendingEditsStore(): void {
  usePendingEditsStore.setState({ edits: [] }, true);
}

export function findPendingEdit(opId: string): PendingEditEntry | undefined {
  return usePendingEditsStore.getState().edits.find((edit) => edit.opId === opId);
}

export function putPendingEdit(entry: PendingEditEntry): void {
  usePendingEditsStore.setState((state) => {
    const index = state.edits.findIndex((edit) => edit.opId === entry.opId);
    const edits = [...state.edits];
    if (index >= 0) edits[index] = entry;
    else edits.push(entry);
    return { edits };
  });
}

export function patchPendingEdit(opId: string, patch: Partial<PendingEditEntry>): void {
  const entry = findPendingEdit(opId);
  if (entry) putPendingEdit({ ...entry, ...patch });
}

export function dropPendingEdit(opId: string): void {
  if (!findPendingEdit(opId)) return;
  usePendingEditsStore.setState((state) => ({
    edits: state.edits.filter((edit) => edit.opId !== opId),
  }));
}

// Everything below is derived from `edits`: the outbox is the only record of unconfirmed work.

export function isUnconfirmed(edit: PendingEditEntry): boolean {
  return edit.state === 'queued' || edit.state === 'sending';
}

const byFlightCache = new WeakMap<
  readonly PendingEditEntry[],
  ReadonlyMap<string, readonly PendingEditEntry[]>
>();

/** The outbox grouped by flight, oldest first; the same Map for the same `edits`. */
export function editsByFlight(
  edits: readonly PendingEditEntry[],
): ReadonlyMap<string, readonly PendingEditEntry[]> {
  let grouped = byFlightCache.get(edits);
  if (!grouped) {
    const map = new Map<string, PendingEditEntry[]>();
    for (const edit of edits) {
      const list = map.get(edit.flightId);
      if (list) list.push(edit);
      else map.set(edit.flightId, [edit]);
    }
    grouped = map;
    byFlightCache.set(edits, grouped);
  }
  return grouped;
}

/** What a flight's row and edit panel show of the outbox. */
export interface FlightEditMarks {
  /** Changes the hub has not confirmed yet (queued or sending), merged in the order made. */
  pendingChanges: FlightChanges | null;
  /** The hub's refusal of the flight's last change, in its words (a conflict is one too). */
  refusal: string | null;
  /** The refusal is a CONFLICT, which the agent settles with keep mine / take theirs. */
  conflict: boolean;
}

const NO_MARKS: FlightEditMarks = { pendingChanges: null, refusal: null, conflict: false };
const marksCache = new WeakMap<readonly PendingEditEntry[], FlightEditMarks>();

/** The marks of one flight's outbox entries; the same object for the same entries. */
export function flightEditMarks(
  flightEdits: readonly PendingEditEntry[] | undefined,
): FlightEditMarks {
  if (!flightEdits || flightEdits.length === 0) return NO_MARKS;
  let marks = marksCache.get(flightEdits);
  if (!marks) {
    let pendingChanges: FlightChanges | null = null;
    for (const edit of flightEdits) {
      if (isUnconfirmed(edit)) pendingChanges = { ...(pendingChanges ?? {}), ...edit.changes };
    }
    const last = flightEdits[flightEdits.length - 1]!;
    const refused = !isUnconfirmed(last);
    marks = {
      pendingChanges,
      refusal: refused ? last.message : null,
      conflict: refused && last.state === 'conflict',
    };
    marksCache.set(flightEdits, marks);
  }
  return marks;
}

/** Selector: the marks of one flight (stable between renders while its entries are). */
export const selectFlightEditMarks =
  (flightId: string) =>
  (state: PendingEditsState): FlightEditMarks =>
    flightEditMarks(editsByFlight(state.edits).get(flightId));
