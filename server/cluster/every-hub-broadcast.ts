import { randomUUID } from 'node:crypto';
import type { HubServer, HubSocket } from '../socket/handshake';

type Target = ReturnType<HubServer['to']>;

/**
 * Broadcasts meant for the clients of every hub that only one hub knows (`schedules:progress`).
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
   * The targets to emit on, this hub's clients first: `room` narrows both (e.g. supervisors).
   * Use as `for (const target of broadcast.targets()) target.emit(…)`.
   */
  targets(room?: string): Target[] {
    const local = room ? this.io.local.to(room) : this.io.local;
    if (!this.clustered) return [local];
    const others = room ? this.io.to(room).except(this.ownRoom) : this.io.except(this.ownRoom);
    return [local, others];
  }
}
