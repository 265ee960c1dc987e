import type { Change, FieldChanges, Flight, SnapshotResult, SyncSinceResult } from '../../core';
import type { ChangeLogEntry, FlightRecord } from './file-schemas';

export type { FlightRecord };

/** An accepted change, ready to be stored: `flight` is the flight after it. */
export interface CommitRequest {
  flightId: string;
  opId: string;
  by: string;
  workstation: string | null;
  at: string;
  flight: Flight;
  fields: FieldChanges;
  /** Set when this change undoes an earlier one (its opId). */
  undoOf?: string;
}

/**
 * What the hub's handlers need from storage. Two views: `current` is every accepted change
 * (what new changes are checked against), the reads (`snapshot`, `changesSince`) show only
 * durable changes, so no client ever sees a state a crash could take back.
 */
export interface FlightStore {
  /** Seq of the newest durable change (0: none yet). */
  readonly seq: number;
  snapshot(): SnapshotResult;
  /** The flight as durably stored. */
  flight(flightId: string): Flight | undefined;
  /** The flight with every accepted change applied, and when each field last changed. */
  current(flightId: string): FlightRecord | undefined;
  /** The change an opId produced, durable or still being written. */
  findOp(opId: string): Promise<Change> | undefined;
  /**
   * Stores the change under the next seq. Settles once it is durable; `onDurable` runs first,
   * synchronously and in seq order across all commits (acks and broadcasts go there).
   */
  commit(request: CommitRequest, onDurable?: (change: Change) => void): Promise<Change>;
  changesSince(seq: number): SyncSinceResult;
  /** A flight's durable changes (the audit trail), newest first. */
  history(
    flightId: string,
    options: { limit: number; before?: number },
  ): Promise<{ entries: ChangeLogEntry[]; total: number }>;
  /** Waits until every accepted change is durable. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** The record after `entry`: its flight, and its fields marked as changed at the new version. */
export function advanceRecord(record: FlightRecord, entry: ChangeLogEntry): FlightRecord {
  const fieldVersions = { ...record.fieldVersions };
  for (const field of Object.keys(entry.fields) as (keyof FieldChanges)[]) {
    fieldVersions[field] = entry.version;
  }
  return { flight: entry.flight, fieldVersions };
}

export function changeFromEntry(entry: ChangeLogEntry): Change {
  return {
    seq: entry.seq,
    flight: entry.flight,
    change: {
      opId: entry.opId,
      by: entry.by,
      at: entry.at,
      fields: entry.fields,
      ...(entry.kind && entry.kind !== 'update' ? { kind: entry.kind } : {}),
      ...(entry.undoOf ? { undoOf: entry.undoOf } : {}),
    },
  };
}
