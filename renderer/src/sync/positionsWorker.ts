/// <reference lib="webworker" />
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../core';
import { followPositions } from './livePositions';
import type { PositionsPicture } from './positionsFrame';
import type { PositionsWorkerMessage, PositionsWorkerRequest } from './positionsInWorker';

/**
 * Follows the hub's traffic off the console's main thread: a connection of its own (the console's
 * session token; handshake `positions: 'only'`, so the hub sends it positions and nothing else),
 * where a whole sky's `positions:update` (~1 MB of JSON a second) is decoded and checked, and the
 * picture goes to the main thread as frames of transferred typed arrays (positionsFrame.ts).
 */
let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
let picture: PositionsPicture | null = null;
const post = (message: PositionsWorkerMessage, transfer: Transferable[] = []) =>
  self.postMessage(message, transfer);

self.onmessage = (event: MessageEvent<PositionsWorkerRequest>) => {
  const request = event.data;
  if (request.type === 'resend-ids') {
    picture?.resendIds();
    if (picture && picture.size > 0) {
      const { frame, transfer } = picture.frame();
      post({ type: 'frame', frame }, transfer);
    }
    return;
  }
  socket?.disconnect();
  socket = io(request.hubUrl, {
    auth: { token: request.token, workstation: request.workstation, positions: 'only' },
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  // The console's own connection says when the session is over, and stops this worker.
  socket.on('connect_error', (error) => {
    if (error.message === 'UNAUTHORIZED') socket?.disconnect();
  });
  picture = followPositions(socket, {
    show: (frame, transfer) => post({ type: 'frame', frame }, transfer),
    stale: () => post({ type: 'stale' }),
  });
};
