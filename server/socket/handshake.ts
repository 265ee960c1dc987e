import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core';
import type { Principal, Sessions } from '../auth/sessions';

export interface SocketData {
  user: Principal;
  workstation: string | null;
  /**
   * How the socket follows gate conflicts after the list it gets on connect: `lists` (the
   * contract's `gates:conflicts` whole list on every change) or `changes`
   * (`gates:conflicts:changed`, what changed; the console asks for that).
   */
  gateConflicts: 'lists' | 'changes';
  /**
   * Which connection follows the traffic (contract section 8): `all` (the contract: this one,
   * with everything else), `none` (the console's main connection when a worker follows positions
   * on a connection of its own) or `only` (that worker's connection: `positions:*` and nothing
   * else). Extension; see docs/api.md.
   */
  positions: PositionsFollowing;
}
export type PositionsFollowing = 'all' | 'none' | 'only';
export type HubServer = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

const handshakeAuthSchema = z.object({
  token: z.string(),
  // Only a label for the audit trail: anything unusable is dropped rather than refused.
  workstation: z
    .unknown()
    .optional()
    .transform((value) => (typeof value === 'string' ? value.trim().slice(0, 64) || null : null)),
  // Extension: anything but `changes` keeps the contract's whole lists.
  gateConflicts: z
    .unknown()
    .optional()
    .transform((value) => (value === 'changes' ? ('changes' as const) : ('lists' as const))),
  // Extension: anything but `none` or `only` keeps the contract's `all`.
  positions: z
    .unknown()
    .optional()
    .transform((value): PositionsFollowing =>
      value === 'none' || value === 'only' ? value : 'all',
    ),
});

/**
 * Admits a connection only with a valid session token. Every refusal carries exactly the
 * message `UNAUTHORIZED` (contract section 3), whatever the reason.
 */
export function requireSession(io: HubServer, sessions: Sessions): void {
  io.use((socket, next) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error('UNAUTHORIZED'));
    sessions.verify(auth.data.token).then(
      (user) => {
        if (!user) return next(new Error('UNAUTHORIZED'));
        socket.data.user = user;
        socket.data.workstation = auth.data.workstation;
        socket.data.gateConflicts = auth.data.gateConflicts;
        socket.data.positions = auth.data.positions;
        next();
      },
      () => next(new Error('UNAUTHORIZED')),
    );
  });
}
