import { z } from 'zod';
import { EDITABLE_FIELDS, flightChangesSchema, flightSchema } from '../../../core';
import { usePendingEditsStore, type PendingEditEntry } from '../stores/pendingEditsStore';
import { restorePendingEdits } from './pendingEdits';

/**
 * Keeps the console's outbox in this workstation's storage, per hub and user, so that a reload,
 * a crash or a closed window never drops what the agent typed: at the next sign-in of the same
 * user on the same hub the edits come back, visibly pending, and go out with their original
 * opIds (the hub applies each at most once).
 */
const storedEditSchema = z.object({
  opId: z.uuid(),
  flightId: z.string().min(1).max(64),
  flightNumber: z.string().max(64),
  baseVersion: z.number().int().nonnegative(),
  changes: flightChangesSchema,
  createdAt: z.number(),
  state: z.enum(['queued', 'sending', 'conflict', 'refused']),
  attempts: z.number().int().nonnegative(),
  message: z.string().nullable(),
  current: flightSchema.nullable(),
  conflicts: z.array(
    z.object({
      field: z.enum(EDITABLE_FIELDS),
      mine: z.unknown(),
      current: z.unknown(),
      by: z.string().nullable(),
      at: z.string().nullable(),
    }),
  ),
});

/** Where the outbox is kept: the browser's localStorage, or a fake in tests. */
export type OutboxStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function pendingEditsStorageKey(hubUrl: string, username: string): string {
  return `jetbridge.pendingEdits.v1 ${hubUrl} ${username}`;
}

/** Restores what was kept for this hub and user, then keeps every change of the outbox. */
export function startPendingEditsPersistence(
  hubUrl: string,
  username: string,
  storage: OutboxStorage = localStorage,
): () => void {
  const key = pendingEditsStorageKey(hubUrl, username);
  restorePendingEdits(readStoredEdits(storage, key));
  const unsubscribe = usePendingEditsStore.subscribe((state, previous) => {
    if (state.edits === previous.edits) return;
    try {
      if (state.edits.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(state.edits));
    } catch {
      // Storage full or unavailable: the edits are still held in memory and shown as pending.
    }
  });
  return unsubscribe;
}

function readStoredEdits(storage: OutboxStorage, key: string): PendingEditEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(key) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  // Each entry on its own: one damaged entry does not cost the agent the others.
  return raw.flatMap((item) => {
    const parsed = storedEditSchema.safeParse(item);
    return parsed.success ? [parsed.data as PendingEditEntry] : [];
  });
}
