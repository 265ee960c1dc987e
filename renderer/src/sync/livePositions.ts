import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../core';
import { PositionsPicture, type PositionsFrame } from './positionsFrame';
import { parsePositionsSnapshotAck, parsePositionsUpdate } from './positionsPayloads';

const ACK_TIMEOUT_MS = 10_000;

export type PositionsSocket = Pick<
  Socket<ServerToClientEvents, ClientToServerEvents>,
  'on' | 'timeout' | 'connected'
>;

/** Where the picture goes: each new frame, and the word that the connection dropped. */
export interface PositionsSink {
  show: (frame: PositionsFrame, transfer: ArrayBuffer[]) => void;
  stale: () => void;
}

/**
 * Keeps a picture of the hub's traffic (contract section 8) from `socket`: a `positions:snapshot`
 * after every (re)connect, then each `positions:update` applied in the order it came, each turned
 * into a frame for `sink`. Reading a payload yields between slices, so the work goes through one
 * queue: an update that arrived before the snapshot's answer is applied before it (and then
 * replaced by it). A payload that cannot be read is skipped with a warning, and a fresh snapshot
 * puts right whatever it would have changed. A hub without traffic (no feed, or older than
 * positions) sends no frame. The console runs this in its positions worker (positionsWorker.ts),
 * and on its main connection where there are no workers.
 */
export function followPositions(socket: PositionsSocket, sink: PositionsSink): PositionsPicture {
  const picture = new PositionsPicture();
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      console.warn(`Traffic: ${(error as Error).message}`);
      if (socket.connected) requestSnapshot();
    });
  };
  const show = () => {
    const { frame, transfer } = picture.frame();
    sink.show(frame, transfer);
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
            if (!ack.ok) {
              console.warn(`Traffic: the hub sends no positions (${ack.error.message})`);
              return;
            }
            picture.replaceAll(ack);
            show();
          }),
        // No answer in time: the next reconnect asks again; updates keep the picture meanwhile.
        () => undefined,
      );
  };

  socket.on('connect', requestSnapshot);
  socket.on('disconnect', () =>
    enqueue(async () => {
      picture.markStale();
      sink.stale();
    }),
  );
  socket.on('positions:update', (raw: unknown) =>
    enqueue(async () => {
      if (picture.apply(await parsePositionsUpdate(raw))) show();
    }),
  );
  return picture;
}
