import type { Logger } from 'pino';
import type { Change } from '../../core';
import type { FlightStore } from '../store/flight-store';
import type { HubServer, HubSocket } from './handshake';
import { POSITIONS_ONLY_ROOM } from './position-events';

/** How much may wait to be sent to one client before it is taken for one that fell behind. */
export interface BacklogLimits {
  /** Bytes queued on the WebSocket (sent by the hub, not yet taken by the client's network). */
  maxBytes: number;
  /** Packets queued in Engine.IO (while the transport is busy, or between long-polls). */
  maxPackets: number;
}

export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxPackets: 2_000,
};

/**
 * Sends every durable change to every client, in seq order, after the acknowledgements of its
 * batch (the store calls listeners only then). A client whose outgoing backlog passes the limits
 * is cut: the hub's memory stays bounded however slow a console is, and the console comes back
 * and catches up with `sync:since`, as after any disconnect.
 */
export function broadcastChanges(
  io: HubServer,
  store: Pick<FlightStore, 'subscribe'>,
  logger: Logger,
  limits: BacklogLimits = DEFAULT_BACKLOG_LIMITS,
): () => void {
  return store.subscribe((changes: readonly Change[]) => {
    // To this hub's own clients only: every hub follows the same changes (with several hubs,
    // io.emit would also send them through the cluster adapter, to clients that get them anyway).
    // A console's positions worker (POSITIONS_ONLY_ROOM) has no use for them.
    const consoles = io.local.except(POSITIONS_ONLY_ROOM);
    for (const change of changes) consoles.emit('flight:changed', change);
    disconnectClientsBehind(io, logger, limits);
  });
}

/** Cuts every client of this hub whose outgoing backlog passes the limits (see broadcastChanges). */
export function disconnectClientsBehind(
  io: HubServer,
  logger: Logger,
  limits: BacklogLimits = DEFAULT_BACKLOG_LIMITS,
): void {
  for (const socket of io.of('/').sockets.values()) {
    const backlog = outgoingBacklog(socket);
    if (backlog.bytes > limits.maxBytes || backlog.packets > limits.maxPackets) {
      logger.warn(
        { user: socket.data.user?.username, socket: socket.id, ...backlog },
        'client fell too far behind; disconnected (it catches up with sync:since)',
      );
      socket.disconnect(true);
    }
  }
}

/** What is waiting to go out to one client. */
export function outgoingBacklog(socket: HubSocket): { bytes: number; packets: number } {
  const conn = socket.conn as unknown as {
    writeBuffer?: unknown[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  return {
    packets: conn.writeBuffer?.length ?? 0,
    bytes: conn.transport?.socket?.bufferedAmount ?? 0,
  };
}
