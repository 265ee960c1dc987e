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
  usePendingEditsStore.setState((state) => ({
    edits: state.edits.filter((edit) => edit.opId !== opId),
  }));
}
