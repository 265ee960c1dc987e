import type { Flight, FlightChanges } from '../../../core';
import { newUuid } from '../settings/workstationSettings';
import { useConnectionStore } from '../stores/connectionStore';
import { upsertFlightIfNewer, useFlightsStore } from '../stores/flightsStore';
import {
  dropPendingEdit,
  findPendingEdit,
  patchPendingEdit,
  putPendingEdit,
  usePendingEditsStore,
  type ConflictField,
  type PendingEditEntry,
} from '../stores/pendingEditsStore';
import { fetchFlightHistory } from './flightHistory';
import { activeSyncClient } from './syncClient';

export type EditOutcome =
  { ok: true; flight: Flight } | { ok: false; message: string; conflict?: boolean };

/** After a lost ack or RATE_LIMITED, while still connected: try again after this long. */
const RETRY_MS = 1_500;

const settle = new Map<string, (outcome: EditOutcome) => void>();
let flushing = false;
let flushAgain = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The console's outbox. Every edit becomes a pending entry with its opId; it is sent when the hub
 * is reachable, and kept — visibly — while it is not, or while its ack is outstanding. An entry
 * whose ack was lost (timeout, dropped connection) goes again with the SAME opId once the console
 * has caught up after a reconnect, so the hub applies it at most once. Resolves when the hub has
 * accepted or refused it.
 */
export function queueFlightEdit(
  flightId: string,
  baseVersion: number,
  changes: FlightChanges,
): Promise<EditOutcome> {
  const entry: PendingEditEntry = {
    opId: newUuid(),
    flightId,
    flightNumber: useFlightsStore.getState().flights.get(flightId)?.flightNumber ?? flightId,
    baseVersion,
    changes,
    createdAt: Date.now(),
    state: 'queued',
    attempts: 0,
    message: null,
    current: null,
    conflicts: [],
  };
  // A new edit of the flight replaces an earlier refusal or conflict shown for it.
  for (const old of usePendingEditsStore.getState().edits) {
    if (old.flightId === flightId && (old.state === 'refused' || old.state === 'conflict')) {
      dropPendingEdit(old.opId);
    }
  }
  putPendingEdit(entry);
  const outcome = new Promise<EditOutcome>((resolve) => settle.set(entry.opId, resolve));
  void flushPendingEdits();
  return outcome;
}

/**
 * Puts back edits kept from an earlier session (see pendingEditsPersistence). One that was being
 * sent may or may not have reached the hub: it is queued again with its opId, which the hub
 * answers with the first result if it did. Nobody waits on their outcome any more.
 */
export function restorePendingEdits(entries: readonly PendingEditEntry[]): void {
  for (const stored of entries) {
    if (findPendingEdit(stored.opId)) continue;
    const entry: PendingEditEntry =
      stored.state === 'sending' ? { ...stored, state: 'queued' } : stored;
    putPendingEdit(entry);
  }
  void flushPendingEdits();
}

/** Sends every queued entry, oldest first. Runs when connected and caught up, and on new edits. */
export async function flushPendingEdits(): Promise<void> {
  if (flushing) {
    flushAgain = true;
    return;
  }
  flushing = true;
  try {
    do {
      flushAgain = false;
      for (const entry of usePendingEditsStore.getState().edits) {
        const client = activeSyncClient();
        if (!client?.connected) return;
        if (findPendingEdit(entry.opId)?.state === 'queued') await send(entry);
      }
    } while (flushAgain);
  } finally {
    flushing = false;
  }
}

async function send(entry: PendingEditEntry): Promise<void> {
  const client = activeSyncClient();
  if (!client) return;
  patchPendingEdit(entry.opId, { state: 'sending', attempts: entry.attempts + 1 });
  let ack: Awaited<ReturnType<typeof client.updateFlight>>;
  try {
    ack = await client.updateFlight({
      flightId: entry.flightId,
      baseVersion: entry.baseVersion,
      opId: entry.opId,
      changes: entry.changes,
    });
  } catch {
    // No answer (timeout, connection dropped): it may or may not have been applied. Keep it;
    // it goes again with the same opId, which the hub answers with the first result.
    patchPendingEdit(entry.opId, { state: 'queued' });
    scheduleRetry();
    return;
  }
  if (ack.ok) {
    upsertFlightIfNewer(ack.flight);
    finish(entry, { ok: true, flight: ack.flight });
    return;
  }
  const { code, message, current } = ack.error;
  if (current) upsertFlightIfNewer(current);
  if (code === 'RATE_LIMITED' || code === 'INTERNAL') {
    patchPendingEdit(entry.opId, { state: 'queued', message: `${refusalTitle(code)}: ${message}` });
    scheduleRetry();
    return;
  }
  if (code === 'CONFLICT' && current) {
    const conflicts = await describeConflicts(entry, current);
    const conflicted: PendingEditEntry = {
      ...entry,
      state: 'conflict',
      message: `${refusalTitle(code)}: ${message}`,
      current,
      conflicts,
    };
    putPendingEdit(conflicted);
    resolveOutcome(entry.opId, { ok: false, conflict: true, message: `${refusalTitle(code)}` });
    return;
  }
  const refused: PendingEditEntry = {
    ...entry,
    state: 'refused',
    message: `${refusalTitle(code)}: ${message}`,
  };
  putPendingEdit(refused);
  resolveOutcome(entry.opId, { ok: false, message: refused.message! });
}

function finish(entry: PendingEditEntry, outcome: EditOutcome): void {
  dropPendingEdit(entry.opId);
  resolveOutcome(entry.opId, outcome);
}

function resolveOutcome(opId: string, outcome: EditOutcome): void {
  settle.get(opId)?.(outcome);
  settle.delete(opId);
}

function scheduleRetry(): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void flushPendingEdits(), RETRY_MS);
}

/** Each conflicting field: mine, the current value, and who changed it when (from the history). */
async function describeConflicts(
  entry: PendingEditEntry,
  current: Flight,
): Promise<ConflictField[]> {
  const fields = Object.keys(entry.changes) as (keyof FlightChanges)[];
  let history: Awaited<ReturnType<typeof fetchFlightHistory>> | null = null;
  try {
    history = await fetchFlightHistory(entry.flightId, 100);
  } catch {
    // Without the history, the flight's own updatedBy / updatedAt still say something.
  }
  const later = history?.ok ? history.entries.filter((e) => e.version > entry.baseVersion) : [];
  const conflicts: ConflictField[] = [];
  for (const field of fields) {
    const change = later.find((e) => e.fields[field] !== undefined);
    if (history?.ok && !change) continue;
    if (!history?.ok && current[field] === entry.changes[field]) continue;
    conflicts.push({
      field,
      mine: entry.changes[field],
      current: current[field],
      by: change?.by ?? current.updatedBy,
      at: change?.at ?? current.updatedAt,
    });
  }
  return conflicts;
}

/** Keep mine: the same changes again, on the version the hub has now, under a new opId. */
export function keepMine(opId: string): Promise<EditOutcome> | null {
  const entry = findPendingEdit(opId);
  if (entry?.state !== 'conflict' || !entry.current) return null;
  dropPendingEdit(opId);
  return queueFlightEdit(entry.flightId, entry.current.version, entry.changes);
}

/** Take theirs (or dismiss a refusal): drop my change; the row shows the hub's flight. */
export function takeTheirs(opId: string): void {
  dropPendingEdit(opId);
}

/** Dismisses the flight's refusals (not its conflicts: those wait for keep mine / take theirs). */
export function dismissRefusals(flightId: string): void {
  for (const edit of usePendingEditsStore.getState().edits) {
    if (edit.flightId === flightId && edit.state === 'refused') dropPendingEdit(edit.opId);
  }
}

export function refusalTitle(code: string): string {
  switch (code) {
    case 'CONFLICT':
      return 'Conflict';
    case 'FORBIDDEN':
      return 'Not allowed';
    case 'INVALID':
      return 'Refused';
    case 'RATE_LIMITED':
      return 'Too many changes, slow down';
    case 'NOT_FOUND':
      return 'Flight not found';
    case 'UNAUTHORIZED':
      return 'Session expired';
    default:
      return 'Hub error';
  }
}

// Once a (re)connected console has caught up (catch-up stamps lastSyncAt), send what waited.
useConnectionStore.subscribe((state, previous) => {
  if (state.status === 'connected' && state.lastSyncAt !== previous.lastSyncAt) {
    void flushPendingEdits();
  }
});
