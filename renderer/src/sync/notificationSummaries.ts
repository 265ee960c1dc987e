import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import {
  notificationSummarySchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../core';
import {
  applyNotificationSummary,
  replaceNotificationSummaries,
} from '../stores/notificationsStore';

const summariesAckSchema = z.object({
  ok: z.literal(true),
  summaries: z.array(notificationSummarySchema),
});

/**
 * Keeps the notifications store equal to the hub: every summary on (re)connect, then each
 * `notifications:summary` as counts change. A hub without notifications just answers no summary.
 */
export function followNotificationSummaries(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
): void {
  socket.on('notifications:summary', (raw: unknown) => {
    const parsed = notificationSummarySchema.safeParse(raw);
    if (parsed.success) applyNotificationSummary(parsed.data);
  });
  socket.on('connect', () => {
    socket
      .timeout(10_000)
      .emitWithAck('notifications:summaries', {})
      .then((ack: unknown) => {
        const parsed = summariesAckSchema.safeParse(ack);
        if (parsed.success) replaceNotificationSummaries(parsed.data.summaries);
      })
      .catch(() => {
        // A timeout: the next reconnect asks again; live summaries still arrive meanwhile.
      });
  });
}
