import { io, type Socket } from 'socket.io-client';
import { create } from 'zustand';
import {
  DISPLAY_NAMESPACE,
  DISPLAY_TOKEN_PATTERN,
  displayBoardSchema,
  displayRemovedSchema,
  publicFlightSchema,
  type DisplayBoard,
  type DisplayClientToServerEvents,
  type DisplayServerToClientEvents,
  type PublicFlight,
} from '../../../core';

/** After this long without the hub, the board says its information may not be current… */
export const STALE_AFTER_MS = 3 * 60_000;
/** …and after this long it gives way to a safe screen: old gates and times mislead. */
export const SAFE_SCREEN_AFTER_MS = 15 * 60_000;
/** A refused screen asks again this often (a display added moments before the hub read it). */
const REFUSED_RETRY_MS = 60_000;

export type DisplayPhase =
  /** No board yet: a neutral screen. */
  | 'starting'
  | 'live'
  /** Cut off from the hub since `lostAt`. */
  | 'offline'
  /** The token is not (or no longer) a display's: a neutral screen, never a form. */
  | 'refused';

export interface DisplayFeedState {
  phase: DisplayPhase;
  board: Omit<DisplayBoard, 'flights'> | null;
  flights: Map<string, PublicFlight>;
  /** The hub's clock minus this screen's, from the last board (a TV's clock may be wrong). */
  clockOffsetMs: number;
  /** When the connection was lost (this screen's clock); null while connected. */
  lostAt: number | null;
}

export const useDisplayFeed = create<DisplayFeedState>(() => ({
  phase: 'starting',
  board: null,
  flights: new Map(),
  clockOffsetMs: 0,
  lostAt: null,
}));

/** The token in `/display/<token>`, or null. */
export function tokenFromPath(pathname: string): string | null {
  const token = /^\/display\/([^/?#]+)\/?$/.exec(pathname)?.[1] ?? null;
  return token && DISPLAY_TOKEN_PATTERN.test(token) ? token : null;
}

/**
 * Connects the screen to its board on the hub's `/display` namespace and keeps it connected: it
 * reconnects by itself after an outage (Socket.IO's backoff, forever), and every (re)connection
 * brings the whole board again, so nothing depends on what the screen remembered.
 */
export function connectDisplay(token: string | null): () => void {
  if (!token) {
    useDisplayFeed.setState({ phase: 'refused' });
    return () => undefined;
  }
  const socket: Socket<DisplayServerToClientEvents, DisplayClientToServerEvents> = io(
    DISPLAY_NAMESPACE,
    {
      auth: { token },
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 30_000,
      randomizationFactor: 0.5,
    },
  );
  let retry: ReturnType<typeof setTimeout> | undefined;
  const lost = () => {
    const { phase, lostAt } = useDisplayFeed.getState();
    if (phase === 'refused') return;
    useDisplayFeed.setState({ phase: 'offline', lostAt: lostAt ?? Date.now() });
  };
  const refused = () => {
    useDisplayFeed.setState({ phase: 'refused', board: null, flights: new Map(), lostAt: null });
    clearTimeout(retry);
    retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  };
  socket.on('display:board', (raw) => {
    const parsed = displayBoardSchema.safeParse(raw);
    if (!parsed.success) return;
    const { flights, ...board } = parsed.data;
    useDisplayFeed.setState({
      phase: 'live',
      board,
      flights: new Map(flights.map((flight) => [flight.id, flight])),
      clockOffsetMs: Date.parse(board.sentAt) - Date.now(),
      lostAt: null,
    });
  });
  socket.on('display:flight', (raw) => {
    const parsed = publicFlightSchema.safeParse(raw);
    if (!parsed.success) return;
    useDisplayFeed.setState((state) => ({
      flights: new Map(state.flights).set(parsed.data.id, parsed.data),
    }));
  });
  socket.on('display:removed', (raw) => {
    const parsed = displayRemovedSchema.safeParse(raw);
    if (!parsed.success) return;
    useDisplayFeed.setState((state) => {
      const flights = new Map(state.flights);
      flights.delete(parsed.data.id);
      return { flights };
    });
  });
  socket.on('display:revoked', refused);
  socket.on('disconnect', (reason) => {
    // The hub closing a revoked display's connection: the refusal came just before.
    if (reason === 'io server disconnect' && useDisplayFeed.getState().phase === 'refused') return;
    lost();
    // Socket.IO does not come back by itself after the server closed the connection.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (error) => {
    if (error.message === 'UNAUTHORIZED') refused();
    else lost();
  });
  return () => {
    clearTimeout(retry);
    socket.close();
  };
}
