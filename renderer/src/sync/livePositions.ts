import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../core';
import {
  applyPositionsUpdate,
  markPositionsStale,
  replaceAllPositions,
} from '../stores/positionsStore';
import { parsePositionsSnapshotAck, parsePositionsUpdate } from './positionsPayloads';

const ACK_TIMEOUT_MS = 10_000;

/**
 * Keeps the positions store equal to the hub's traffic picture (contract section 8): a
 * `positions:snapshot` after every (re)connect, then each `positions:update` applied in the order
 * it came. Reading a payload yields to the main thread, so the work goes through one queue: an
 * update that arrived before the snapshot's answer is applied before it (and then replaced by it).
 * A payload the console cannot read is skipped with a warning, and a fresh snapshot puts right
 * whatever it would have changed. A hub without traffic (no feed, or older than positions) just
 * leaves the store empty.
 */
export function followPositions(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      console.warn(`Traffic: ${(error as Error).message}`);
      if (socket.connected) requestSnapshot();
    });
  };

  // The answer joins the queue when it arrives, not when asked: updates are applied in the
  // order the hub sent them, the snapshot included.
  const requestSnapshot = () => {
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('positions:snapshot', {})
      .then(
        (raw: unknown) =>
          enqueue(async () => {
            const ack = await parsePositionsSnapshotAck(raw);
            if (ack.ok) replaceAllPositions(ack);
            else console.warn(`Traffic: the hub sends no positions (${ack.error.message})`);
          }),
        // No answer in time: the next reconnect asks again; updates keep the picture meanwhile.
        () => undefined,
      );
  };

  socket.on('connect', requestSnapshot);
  socket.on('disconnect', () => enqueue(async () => markPositionsStale()));
  socket.on('positions:update', (raw: unknown) =>
    enqueue(async () => applyPositionsUpdate(await parsePositionsUpdate(raw))),
  );
}
