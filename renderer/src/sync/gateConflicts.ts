import type { Socket } from 'socket.io-client';
import {
  gateConflictChangesSchema,
  gateConflictsBodySchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../core';
import { applyGateConflictChanges, replaceGateConflicts } from '../stores/gatesStore';

/**
 * Keeps the gates store's conflicts equal to the hub's. The console connects with
 * `gateConflicts: 'changes'` (see syncClient): the hub sends the whole list on every connect
 * (`gates:conflicts`, contract section 11), then only what changed (`gates:conflicts:changed`).
 */
export function followGateConflicts(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
): void {
  socket.on('gates:conflicts', (raw: unknown) => {
    const parsed = gateConflictsBodySchema.safeParse(raw);
    if (parsed.success) replaceGateConflicts(parsed.data.conflicts);
    else console.warn('Ignoring a gates:conflicts the console cannot read');
  });
  socket.on('gates:conflicts:changed', (raw: unknown) => {
    const parsed = gateConflictChangesSchema.safeParse(raw);
    if (parsed.success) applyGateConflictChanges(parsed.data);
    else console.warn('Ignoring a gates:conflicts:changed the console cannot read');
  });
}
