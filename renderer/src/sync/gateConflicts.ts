import type { Socket } from 'socket.io-client';
import {
  gateConflictsBodySchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../core';
import { replaceGateConflicts } from '../stores/gatesStore';

/**
 * Keeps the gates store's conflicts equal to the hub's: it sends the whole list on connect and
 * whenever the list changes (`gates:conflicts`, contract section 11).
 */
export function followGateConflicts(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
): void {
  socket.on('gates:conflicts', (raw: unknown) => {
    const parsed = gateConflictsBodySchema.safeParse(raw);
    if (parsed.success) replaceGateConflicts(parsed.data.conflicts);
    else console.warn('Ignoring a gates:conflicts the console cannot read');
  });
}
