import type { HistoryEntry } from '../../../core';
import { newUuid } from '../settings/workstationSettings';
import { upsertFlightIfNewer } from '../stores/flightsStore';
import { parseHistoryAck, parseUndoAck, type HistoryAck, type UndoAck } from './historyPayloads';
import { activeSyncClient } from './syncClient';

/** A flight's audit trail from the hub (`flight:history`), newest first. */
export async function fetchFlightHistory(flightId: string, limit = 50): Promise<HistoryAck> {
  const client = activeSyncClient();
  if (!client) throw new Error('not connected to the hub');
  return parseHistoryAck(await client.request('flight:history', { flightId, limit }));
}

/**
 * The change `username` could undo now: their newest change that is not an undo and was not
 * undone (the hub applies the same rule and refuses with CONFLICT if `target` is stale).
 */
export function undoableChange(entries: readonly HistoryEntry[], username: string) {
  const undone = new Set(entries.flatMap((entry) => (entry.undoOf ? [entry.undoOf] : [])));
  return entries.find((entry) => entry.by === username && !entry.undoOf && !undone.has(entry.opId));
}

/** `flight:undo` with a fresh opId; the answer's flight goes into the store at once. */
export async function undoLastChange(flightId: string, target: string): Promise<UndoAck> {
  const client = activeSyncClient();
  if (!client) throw new Error('not connected to the hub');
  const ack = parseUndoAck(
    await client.request('flight:undo', { flightId, opId: newUuid(), target }),
  );
  if (ack.ok) upsertFlightIfNewer(ack.flight);
  else if (ack.error.current) upsertFlightIfNewer(ack.error.current);
  return ack;
}
