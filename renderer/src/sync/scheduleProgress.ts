import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../core';
import { applyScheduleProgress } from '../stores/scheduleImportStore';

const progressSchema = z.object({
  phase: z.enum(['reading', 'applying']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  by: z.string(),
});

/** Feeds the hub's `schedules:progress` (sent to supervisors only) into the store. */
export function followScheduleProgress(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
): void {
  socket.on('schedules:progress', (raw: unknown) => {
    const parsed = progressSchema.safeParse(raw);
    if (parsed.success) applyScheduleProgress(parsed.data);
  });
}
