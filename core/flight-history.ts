import { z } from 'zod';
import type { Flight } from './flight';
import type { ChangeKind, FieldChanges } from './protocol';

/**
 * Contract extension (issue #3): a flight's audit trail, and undoing one's own last change.
 *
 * | client → hub     | payload                                   | ack on success                 |
 * | ---------------- | ----------------------------------------- | ------------------------------ |
 * | `flight:history` | `{ flightId, limit?, before? }`            | `{ ok, flightId, entries }`    |
 * | `flight:undo`    | `{ flightId, opId, target? }`              | `{ ok, flight, undone }`       |
 */

export const HISTORY_DEFAULT_LIMIT = 100;
export const HISTORY_MAX_LIMIT = 500;

export const flightHistoryPayloadSchema = z.strictObject({
  flightId: z.string().min(1).max(64),
  /** Newest first, at most this many (default 100). */
  limit: z.number().int().min(1).max(HISTORY_MAX_LIMIT).optional(),
  /** Only changes with a seq below this one: the next page. */
  before: z.number().int().positive().optional(),
});
export type FlightHistoryPayload = z.input<typeof flightHistoryPayloadSchema>;

/** One accepted change to a flight, as the audit trail keeps it. */
export interface HistoryEntry {
  seq: number;
  opId: string;
  by: string;
  workstation: string | null;
  at: string;
  /** The flight's version after this change. */
  version: number;
  fields: FieldChanges;
  /** When this change undid an earlier one: that change's opId. */
  undoOf?: string;
  /** (v2) `created` or `archived`; absent for an update. */
  kind?: ChangeKind;
}

export interface FlightHistoryResult {
  flightId: string;
  /** Newest first. */
  entries: HistoryEntry[];
  /** How many changes the flight has had in all. */
  total: number;
}

export const flightUndoPayloadSchema = z.strictObject({
  flightId: z.string().min(1).max(64),
  /** The undo's own opId (a UUID): a retry with the same opId returns the first result. */
  opId: z.uuid('must be a UUID'),
  /** The opId of the change the agent means to undo; refused if it is no longer their last. */
  target: z.string().min(1).max(64).optional(),
});
export type FlightUndoPayload = z.input<typeof flightUndoPayloadSchema>;

export interface FlightUndoResult {
  flight: Flight;
  /** The opId of the change that was undone. */
  undone: string;
}
