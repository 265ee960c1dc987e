import { randomUUID } from 'node:crypto';
import type { HubServer, HubSocket } from '../socket/handshake';

type Target = ReturnType<HubServer['to']>;

/**
 * Broadcasts meant for the clients of every hub (`notifications:summary`, `schedules:progress`).
 * Through the cluster adapter, a broadcast reaches this hub's own clients only once Redis has
 * taken it: while Redis is away that would be never, or late. So this hub's clients get it at
 * once (`io.local`), and the other hubs' through the adapter, with this hub's sockets excluded
 * (they are all in a room of this hub's own).
 */
export class EveryHubBroadcast {
  private readonly ownRoom = `hub:${randomUUID()}`;

  /** `clustered`: the server has a cluster adapter (Redis); else everything is local. */
  constructor(
    private readonly io: HubServer,
    private readonly clustered: boolean,
  ) {}

  /** Every socket of the default namespace joins this hub's room as it connects. */
  join(socket: HubSocket): void {
    if (this.clustered) void socket.join(this.ownRoom);
  }

  /**
   * The targets to emit on, this hub's clients first: `room` narrows both (e.g. supervisors),
   * `except` leaves a room out of both (e.g. positions-only connections).
   * Use as `for (const target of broadcast.targets()) target.emit(…)`.
   */
  targets(room?: string, except?: string): Target[] {
    let local: Target = room ? this.io.local.to(room) : this.io.local;
    if (except) local = local.except(except);
    if (!this.clustered) return [local];
    const left = except ? [this.ownRoom, except] : this.ownRoom;
    const others = room ? this.io.to(room).except(left) : this.io.except(left);
    return [local, others];
  }
}
