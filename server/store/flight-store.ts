import type {
  Change,
  ChangeKind,
  FieldChanges,
  Flight,
  SnapshotResult,
  SyncSinceResult,
} from '../../core';
import type { HubError } from '../hub-error';
import type { ChangeLogEntry, FieldVersions, FlightRecord } from './file-schemas';

export type { FlightRecord, FieldVersions };

/** A change as the audit trail keeps it (who, where, when, each field from → to, the flight after). */
export type StoredChange = ChangeLogEntry;

/** What a change request decides, against the flight as it is at that instant. */
export type ChangeDecision =
  | {
      kind: 'commit';
      /** The flight after the change (version, updatedAt, updatedBy already set). */
      flight: Flight;
      fields: FieldChanges;
      /** Absent: `update`. */
      changeKind?: ChangeKind;
      undoOf?: string;
    }
  /** Nothing would change: answered with the flight as it is, no seq is used. */
  | { kind: 'unchanged'; flight: Flight }
  /** Fields someone else changed after the editor's base version. */
  | { kind: 'conflict'; fields: string[] };

/**
 * One change to check and commit. `decide` runs against the flight as it is at that instant —
 * in the file store synchronously in the hub's one writer, in PostgreSQL inside the committing
 * transaction with the flight's row locked — so nothing can change the flight between the check
 * and the commit. It is pure and synchronous; it refuses by throwing a HubError, or StaleRead
 * when what the caller read beforehand (e.g. the history, for an undo) is out of date.
 */
export interface ChangeRequest {
  opId: string;
  flightId: string;
  by: string;
  workstation: string | null;
  at: string;
  decide(record: FlightRecord | undefined): ChangeDecision;
}

export type ChangeOutcome =
  | { kind: 'committed'; change: Change }
  /** The opId was seen before: its first result (nothing changed). */
  | { kind: 'repeat'; change: Change }
  | { kind: 'unchanged'; flight: Flight }
  /** With the flight as durably stored, the conflicting change included. */
  | { kind: 'conflict'; fields: string[]; current: Flight | undefined }
  | { kind: 'refused'; error: HubError }
  /** `decide` threw StaleRead: read again and retry. */
  | { kind: 'stale' };

/** Thrown by `decide` when what the caller read before the commit is out of date. */
export class StaleRead extends Error {
  override name = 'StaleRead';
}

/** Why a store takes no changes right now (a full disk, a deleted folder, a lost database). */
export interface StoreHealth {
  ok: boolean;
  problem?: string;
}

/**
 * Where flight state lives, whatever the backend (the embedded data folder, PostgreSQL, memory
 * for unit tests). Everything else in the hub talks to this interface.
 *
 * Reads (`flight`, `flights`, `snapshot`) come from this hub's replica of the live table and show
 * only durable changes, so no client ever sees a state a crash could take back. Changes go
 * through `apply`: checked and committed in one call, in batches (one durable write per batch),
 * each request with its own outcome. Durable changes reach `subscribe`rs in seq order, every
 * change once, after the outcomes of their batch (so acknowledgements go out before broadcasts).
 */
export interface FlightStore {
  /** Seq of the newest durable change this hub has applied (0: none yet). */
  readonly seq: number;
  flight(flightId: string): Flight | undefined;
  /** The flight with its per-field versions and sources, as durably stored. */
  record(flightId: string): FlightRecord | undefined;
  /** Every flight of the live table. */
  flights(): IterableIterator<Flight>;
  snapshot(): SnapshotResult;
  changesSince(seq: number): Promise<SyncSinceResult>;
  /**
   * Every durable change after `seq`, from the trail itself however old (the notifications
   * replay what they had not absorbed when the hub stopped).
   */
  changesAfter(seq: number): Promise<Change[]>;
  /** The change an opId produced (durable, or still being written), if the store still knows it. */
  findOp(opId: string): Promise<Change | undefined>;
  /** Checks and commits the requests, in order, as one batch. Never rejects for a refusal. */
  apply(requests: readonly ChangeRequest[]): Promise<ChangeOutcome[]>;
  /** A flight's durable changes (its audit trail, archived flights included), newest first. */
  history(
    flightId: string,
    options: { limit: number; before?: number },
  ): Promise<{ entries: StoredChange[]; total: number }>;
  /** Durable changes, in seq order, batch by batch. Returns the unsubscribe function. */
  subscribe(listener: (changes: readonly Change[]) => void): () => void;
  health(): StoreHealth;
  /** Waits until every accepted change is durable (or refused). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The record after `entry`: its flight, and its fields marked as changed at the new version, by
 * the change's author at its time (the feed and the schedule leave alone what an agent set).
 */
export function advanceRecord(
  record: FlightRecord | undefined,
  entry: ChangeLogEntry,
): FlightRecord {
  const fieldVersions = { ...(record?.fieldVersions ?? {}) };
  const fieldSources = { ...(record?.fieldSources ?? {}) };
  for (const field of Object.keys(entry.fields) as (keyof FieldChanges)[]) {
    fieldVersions[field] = entry.version;
    fieldSources[field] = { by: entry.by, at: entry.at };
  }
  return Object.keys(fieldSources).length > 0
    ? { flight: entry.flight, fieldVersions, fieldSources }
    : { flight: entry.flight, fieldVersions };
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

/** Whether a durable change takes the flight out of the live table. */
export function isArchival(change: Pick<StoredChange, 'kind'>): boolean {
  return change.kind === 'archived';
}
