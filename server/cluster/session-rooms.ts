import type { HubServer, HubSocket } from '../socket/handshake';

/** The room of every socket opened with one session (token id), on whichever hub. */
export function sessionRoom(jti: string): string {
  return `session:${jti}`;
}

/** Puts a newly connected socket in its session's room. */
export function joinSessionRoom(socket: HubSocket): void {
  void socket.join(sessionRoom(socket.data.user.ticket.jti));
}

/**
 * Ends the sockets of a session on every hub: through the cluster adapter when there is one
 * (`disconnectSockets` is a socket operation the adapter forwards), else on this hub.
 */
export function disconnectSessionEverywhere(io: HubServer, jti: string): void {
  io.in(sessionRoom(jti)).disconnectSockets(true);
}
