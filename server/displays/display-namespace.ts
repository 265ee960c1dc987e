import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  DISPLAY_NAMESPACE,
  belongsOnBoard,
  type Change,
  type DisplayClientToServerEvents,
  type DisplayServerToClientEvents,
  type DisplayStatus,
  type PublicFlight,
} from '../../core';
import { TokenBucket } from '../token-bucket';
import type { DisplayBoards } from './display-boards';
import { displaySettingsOf, type DisplayRegistry, type DisplayRecord } from './display-registry';

interface DisplaySocketData {
  /** The display's name and token hash: a revoked or re-added display no longer matches. */
  name: string;
  hash: string;
  /** Flights this screen holds, so it hears when one leaves its board. */
  shown: Set<string>;
}
type DisplayNamespace = Namespace<
  DisplayClientToServerEvents,
  DisplayServerToClientEvents,
  object,
  DisplaySocketData
>;
type DisplaySocket = Socket<
  DisplayClientToServerEvents,
  DisplayServerToClientEvents,
  object,
  DisplaySocketData
>;

export interface DisplayNamespaceDeps {
  registry: DisplayRegistry;
  boards: DisplayBoards;
  airportCountry: string | undefined;
  logger: Logger;
  now: () => Date;
  /** How often every screen gets its whole board again (the time window moves on); default 5 min. */
  refreshMs?: number;
}

export interface DisplayNamespaceHandle {
  publish(changes: readonly Change[]): void;
  /** Each display, with its connections and when it was last seen and updated. */
  statuses(): DisplayStatus[];
  close(): void;
}

/**
 * Socket.IO namespace `/display` (contract section 12). A display token admits a connection
 * (anything else, a staff token included, fails the handshake with `UNAUTHORIZED`); the screen
 * gets `display:board` at once and every few minutes, then `display:flight` / `display:removed`
 * for its own flights only. Displays send nothing: events are dropped, a flood cuts the
 * connection. Revoking a display sends `display:revoked` and closes its connections.
 */
export function attachDisplayNamespace(
  io: Server,
  deps: DisplayNamespaceDeps,
): DisplayNamespaceHandle {
  const nsp = io.of(DISPLAY_NAMESPACE) as unknown as DisplayNamespace;
  const seen = new Map<string, { lastSeenAt: string | null; lastUpdateAt: string | null }>();
  const stamp = (name: string, field: 'lastSeenAt' | 'lastUpdateAt') => {
    const entry = seen.get(name) ?? { lastSeenAt: null, lastUpdateAt: null };
    entry[field] = deps.now().toISOString();
    seen.set(name, entry);
  };
  const current = (socket: DisplaySocket): DisplayRecord | undefined =>
    deps.registry
      .list()
      .find((display) => display.name === socket.data.name && display.hash === socket.data.hash);

  const sendBoard = async (socket: DisplaySocket, record: DisplayRecord) => {
    const board = await deps.boards.board(displaySettingsOf(record, deps.airportCountry));
    socket.data.shown = new Set(board.flights.map((flight) => flight.id));
    socket.emit('display:board', board);
    stamp(record.name, 'lastUpdateAt');
  };

  nsp.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const record = deps.registry.verify(token);
    if (!record) return next(new Error('UNAUTHORIZED'));
    socket.data.name = record.name;
    socket.data.hash = record.hash;
    socket.data.shown = new Set();
    next();
  });
  nsp.on('connection', (socket) => {
    const record = current(socket);
    if (!record) return void socket.disconnect(true);
    stamp(record.name, 'lastSeenAt');
    const flood = new TokenBucket({ perSecond: 2, burst: 10 }, Date.now());
    socket.use(() => {
      if (!flood.take(Date.now())) socket.disconnect(true);
    });
    socket.on('disconnect', () => stamp(record.name, 'lastSeenAt'));
    sendBoard(socket, record).catch((error: unknown) => {
      deps.logger.error({ err: error, display: record.name }, 'sending a display its board failed');
      socket.disconnect(true);
    });
  });

  const refresh = setInterval(
    () => {
      for (const socket of nsp.sockets.values()) {
        const record = current(socket);
        if (!record) continue;
        stamp(record.name, 'lastSeenAt');
        sendBoard(socket, record).catch((error: unknown) => {
          deps.logger.error({ err: error, display: record.name }, 'refreshing a display failed');
        });
      }
    },
    deps.refreshMs ?? 5 * 60_000,
  );
  refresh.unref();

  deps.registry.onChange(() => {
    for (const socket of nsp.sockets.values()) {
      if (current(socket)) continue;
      deps.logger.info({ display: socket.data.name }, 'display revoked; its screen goes neutral');
      socket.emit('display:revoked');
      socket.disconnect(true);
    }
  });

  return {
    publish(changes) {
      if (nsp.sockets.size === 0) return;
      for (const change of changes) {
        let shown: PublicFlight | null = null;
        const { flight } = change;
        const onBoard = {
          direction: flight.direction ?? 'departure',
          terminal: flight.terminal ?? null,
        };
        for (const socket of nsp.sockets.values()) {
          const record = current(socket);
          if (!record) continue;
          const belongs = change.change.kind !== 'archived' && belongsOnBoard(onBoard, record);
          if (belongs) {
            shown ??= deps.boards.publicFlightNow(flight);
            socket.data.shown.add(flight.id);
            socket.emit('display:flight', shown);
          } else if (socket.data.shown.delete(flight.id)) {
            socket.emit('display:removed', { id: flight.id });
          } else {
            continue;
          }
          stamp(record.name, 'lastUpdateAt');
        }
      }
    },
    statuses() {
      const connections = new Map<string, number>();
      for (const socket of nsp.sockets.values()) {
        connections.set(socket.data.name, (connections.get(socket.data.name) ?? 0) + 1);
      }
      const now = deps.now().toISOString();
      return deps.registry.list().map((display) => {
        const count = connections.get(display.name) ?? 0;
        const entry = seen.get(display.name);
        return {
          name: display.name,
          kind: display.kind,
          terminal: display.terminal,
          createdAt: display.createdAt,
          connections: count,
          lastSeenAt: count > 0 ? now : (entry?.lastSeenAt ?? null),
          lastUpdateAt: entry?.lastUpdateAt ?? null,
        };
      });
    },
    close() {
      clearInterval(refresh);
    },
  };
}
