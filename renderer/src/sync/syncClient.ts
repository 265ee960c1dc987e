import { io, type Socket } from 'socket.io-client';
import type {
  Change,
  ClientToServerEvents,
  FlightUpdatePayload,
  ServerToClientEvents,
} from '../../../core';
import { useConnectionStore } from '../stores/connectionStore';
import { applyOrderedChanges, replaceAllFlights, useFlightsStore } from '../stores/flightsStore';
import { parseChange, parseSnapshotAck, parseSyncSinceAck, parseUpdateAck } from './hubPayloads';
import { followGateConflicts } from './gateConflicts';
import { followPositions } from './livePositions';
import { followPositionsInWorker, type PositionsFollower } from './positionsInWorker';
import { markPositionsStale, showPositionsFrame } from '../stores/positionsStore';
import { followNotificationSummaries } from './notificationSummaries';
import { followScheduleProgress } from './scheduleProgress';
import { loadSnapshotInWorker, type FlightSnapshot } from './snapshotLoader';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SyncClientOptions {
  hubUrl: string;
  token: string;
  workstation: string;
  /** The hub refused the token (expired, revoked, hub re-keyed): the session is over. */
  onUnauthorized: () => void;
}

/** What the client needs from its surroundings; tests pass a fake socket and no browser. */
export interface SyncClientDeps {
  /**
   * A socket to the hub, not yet connected; `positionsElsewhere`: another connection follows the
   * traffic, so this one asks the hub for no `positions:update` (handshake `positions: 'none'`).
   */
  openSocket: (options: SyncClientOptions, positionsElsewhere: boolean) => HubSocket;
  /**
   * Follows the traffic off the main thread on a connection of its own; throws when it cannot
   * (then the socket follows it). `onFailed`: it broke later.
   */
  followPositionsOffMainThread?: (
    options: SyncClientOptions,
    onFailed: (problem: string) => void,
  ) => PositionsFollower;
  /** Calls `listener` when the browser says the network is gone; returns the unsubscribe. */
  watchBrowserOffline: (listener: () => void) => () => void;
  /**
   * The first snapshot, loaded off the main thread; when absent or failing, the client asks
   * over the socket (`flights:snapshot`).
   */
  loadSnapshot?: (options: SyncClientOptions) => Promise<FlightSnapshot>;
}

const browserDeps: SyncClientDeps = {
  openSocket: (options, positionsElsewhere) =>
    io(options.hubUrl, {
      auth: {
        token: options.token,
        workstation: options.workstation,
        // Conflicts as changes after the first list: whole lists cost the hub and every console.
        gateConflicts: 'changes',
        ...(positionsElsewhere ? { positions: 'none' } : {}),
      },
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      autoConnect: false,
    }),
  watchBrowserOffline: (listener) => {
    window.addEventListener('offline', listener);
    return () => window.removeEventListener('offline', listener);
  },
  loadSnapshot: (options) => loadSnapshotInWorker(options.hubUrl, options.token),
  followPositionsOffMainThread: followPositionsInWorker,
};

const ACK_TIMEOUT_MS = 10_000;
/** After this long without the hub, "reconnecting" becomes "offline". */
const OFFLINE_AFTER_MS = 15_000;
const CATCH_UP_RETRY_MS = 3_000;
/** Remote changes are applied at most once per this many ms (about a frame). */
const APPLY_BATCH_MS = 16;

/**
 * Owns the socket and keeps the flights store equal to the hub: a snapshot on first connect,
 * `flight:changed` applied strictly in `seq` order, `sync:since` to fill a gap or to catch up
 * after a reconnect. Lives outside React; components only read the stores.
 */
export class HubSyncClient {
  private readonly socket: HubSocket;
  /** Changes that arrived ahead of their turn (during a catch-up, or after a gap). */
  private readonly waiting = new Map<number, Change>();
  private catchingUp = false;
  private catchUpAgain = false;
  private stopped = false;
  /** The first snapshot, on its way off the main thread while the socket connects. */
  private firstSnapshot: Promise<FlightSnapshot | null> | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private applyTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly stopWatchingOffline: () => void;
  /** The traffic is followed in a worker (started once the flights are in); false: here. */
  private positionsOffMainThread: boolean;
  private positions: PositionsFollower | null = null;

  constructor(
    private readonly options: SyncClientOptions,
    private readonly deps: SyncClientDeps = browserDeps,
  ) {
    this.positionsOffMainThread = deps.followPositionsOffMainThread !== undefined;
    this.socket = deps.openSocket(options, this.positionsOffMainThread);
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.socket.on('connect_error', this.onConnectError);
    this.socket.on('flight:changed', this.onFlightChanged);
    followNotificationSummaries(this.socket);
    followScheduleProgress(this.socket);
    followGateConflicts(this.socket);
    if (!this.positionsOffMainThread) this.followPositionsHere();
    this.stopWatchingOffline = deps.watchBrowserOffline(this.onBrowserOffline);
  }

  start(): void {
    useConnectionStore.setState({ status: 'connecting', problem: null });
    this.firstSnapshot = this.snapshotOffMainThread();
    this.socket.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.offlineTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.applyTimer);
    this.stopWatchingOffline();
    this.positions?.stop();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  /** Sends one `flight:update`; resolves with the parsed ack, rejects on timeout. */
  async updateFlight(payload: FlightUpdatePayload) {
    const ack: unknown = await this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('flight:update', payload);
    return parseUpdateAck(ack);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Any other client → hub event (history, undo, create): resolves with the raw ack, to be parsed. */
  async request(
    event: 'flight:history' | 'flight:undo' | 'flight:create',
    payload: object,
  ): Promise<unknown> {
    if (!this.socket.connected) throw new Error('not connected to the hub');
    const socket = this.socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(event: string, payload: object): Promise<unknown>;
    };
    return socket.emitWithAck(event, payload);
  }

  /** The traffic on this socket: decoded on the main thread (no workers here). */
  private followPositionsHere(): void {
    const picture = followPositions(this.socket, {
      show: (frame) => {
        if (showPositionsFrame(frame)) return;
        picture.resendIds();
        showPositionsFrame(picture.frame().frame);
      },
      stale: markPositionsStale,
    });
  }

  /** The worker broke: this socket asks the hub for positions again, with a new handshake. */
  private readonly onPositionsWorkerFailed = (problem: string): void => {
    this.positions = null;
    this.positionsOffMainThread = false;
    if (this.stopped) return;
    console.warn(`Following the traffic on the main thread: ${problem}`);
    this.socket.auth = { ...(this.socket.auth as object), positions: 'all' };
    this.followPositionsHere();
    if (this.socket.connected) this.socket.disconnect().connect();
  };

  private readonly onConnect = (): void => {
    clearTimeout(this.offlineTimer);
    useConnectionStore.setState({ status: 'connected', disconnectedAt: null, problem: null });
    void this.catchUp();
  };

  private readonly onDisconnect = (reason: string): void => {
    if (this.stopped) return;
    const now = Date.now();
    // Up to the drop the console held the hub's state, unless it was still catching up.
    const inSync = !this.catchingUp && this.waiting.size === 0;
    useConnectionStore.setState((state) => ({
      lastSyncAt: state.status === 'connected' && inSync ? now : state.lastSyncAt,
      status: state.status === 'offline' ? 'offline' : 'reconnecting',
      disconnectedAt: state.disconnectedAt ?? now,
      problem: reason === 'io server disconnect' ? 'the hub closed the connection' : null,
    }));
    // A disconnect the hub chose is not retried by Socket.IO on its own.
    if (reason === 'io server disconnect') this.socket.connect();
    this.armOfflineTimer();
  };

  private readonly onConnectError = (error: Error): void => {
    if (this.stopped) return;
    if (error.message === 'UNAUTHORIZED') {
      this.stop();
      this.options.onUnauthorized();
      return;
    }
    useConnectionStore.setState((state) => ({
      status: state.status === 'offline' ? 'offline' : 'reconnecting',
      disconnectedAt: state.disconnectedAt ?? Date.now(),
      problem: `cannot reach ${this.options.hubUrl}`,
    }));
    this.armOfflineTimer();
  };

  private readonly onBrowserOffline = (): void => {
    if (!this.socket.connected) useConnectionStore.setState({ status: 'offline' });
  };

  private armOfflineTimer(): void {
    clearTimeout(this.offlineTimer);
    this.offlineTimer = setTimeout(() => {
      if (!this.socket.connected && !this.stopped) {
        useConnectionStore.setState({ status: 'offline' });
      }
    }, OFFLINE_AFTER_MS);
  }

  private readonly onFlightChanged = (raw: unknown): void => {
    let change: Change;
    try {
      change = parseChange(raw);
    } catch (error) {
      // Skip it; the gap it leaves is filled by `sync:since`.
      console.warn(`Ignoring a change: ${(error as Error).message}`);
      return;
    }
    if (change.seq <= useFlightsStore.getState().seq) return;
    this.waiting.set(change.seq, change);
    // Changes arriving together (a busy hub sends hundreds a second) are applied as one store
    // update per frame, still strictly in seq order: one grid transaction instead of hundreds.
    this.applyTimer ??= setTimeout(() => {
      this.applyTimer = undefined;
      if (!this.catchingUp && !this.stopped) this.applyWaiting();
    }, APPLY_BATCH_MS);
  };

  /** Applies the waiting changes that follow on without a hole; a hole means catching up. */
  private applyWaiting(): void {
    let seq = useFlightsStore.getState().seq;
    const ready: Change[] = [];
    for (let next = this.waiting.get(seq + 1); next; next = this.waiting.get(seq + 1)) {
      ready.push(next);
      this.waiting.delete(next.seq);
      seq = next.seq;
    }
    for (const waitingSeq of this.waiting.keys()) {
      if (waitingSeq <= seq) this.waiting.delete(waitingSeq);
    }
    applyOrderedChanges(ready);
    if (this.waiting.size > 0) {
      void this.catchUp();
    } else if (ready.length > 0) {
      useConnectionStore.setState({ lastSyncAt: Date.now() });
    }
  }

  private async catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = true;
    let failed = false;
    try {
      do {
        this.catchUpAgain = false;
        await this.fetchMissing();
      } while (this.catchUpAgain && !this.stopped);
      useConnectionStore.setState({ lastSyncAt: Date.now(), problem: null });
    } catch (error) {
      failed = true;
      useConnectionStore.setState({ problem: `catching up failed: ${(error as Error).message}` });
    } finally {
      this.catchingUp = false;
    }
    if (this.stopped) return;
    if (failed) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        if (this.socket.connected) void this.catchUp();
      }, CATCH_UP_RETRY_MS);
    } else {
      this.applyWaiting();
      this.startPositionsWorker();
    }
  }

  /**
   * The worker and its connection start after the first catch-up: signing in (the grid) does
   * not wait behind a second handshake and a worker's start-up.
   */
  private startPositionsWorker(): void {
    const follow = this.deps.followPositionsOffMainThread;
    if (!follow || !this.positionsOffMainThread || this.positions || this.stopped) return;
    try {
      this.positions = follow(this.options, this.onPositionsWorkerFailed);
    } catch (error) {
      this.onPositionsWorkerFailed((error as Error).message);
    }
  }

  private async snapshotOffMainThread(): Promise<FlightSnapshot | null> {
    if (!this.deps.loadSnapshot) return null;
    try {
      return await this.deps.loadSnapshot(this.options);
    } catch (error) {
      console.warn(`Loading the flights over the socket instead: ${(error as Error).message}`);
      return null;
    }
  }

  private async snapshotOverSocket(): Promise<FlightSnapshot> {
    const socket = this.socket.timeout(ACK_TIMEOUT_MS);
    const ack = await parseSnapshotAck(await socket.emitWithAck('flights:snapshot', {}));
    if (!ack.ok) throw new Error(ack.error.message);
    return ack;
  }

  private async fetchMissing(): Promise<void> {
    const { loaded, seq } = useFlightsStore.getState();
    const socket = this.socket.timeout(ACK_TIMEOUT_MS);
    if (!loaded) {
      const early = this.firstSnapshot ? await this.firstSnapshot : null;
      this.firstSnapshot = null;
      const snapshot = early ?? (await this.snapshotOverSocket());
      if (!this.stopped) replaceAllFlights(snapshot.flights, snapshot.seq);
      // Taken while the socket was still connecting: what changed before it listened comes
      // with one sync:since (the flights are on screen meanwhile).
      if (early) this.catchUpAgain = true;
      return;
    }
    const ack = await parseSyncSinceAck(await socket.emitWithAck('sync:since', { seq }));
    if (!ack.ok) throw new Error(ack.error.message);
    if (this.stopped) return;
    if (ack.reset) {
      replaceAllFlights(ack.flights, ack.seq);
    } else {
      applyOrderedChanges([...ack.changes].sort((a, b) => a.seq - b.seq));
    }
  }
}

let activeClient: HubSyncClient | null = null;

export function startSync(options: SyncClientOptions, deps?: SyncClientDeps): HubSyncClient {
  activeClient?.stop();
  activeClient = new HubSyncClient(options, deps);
  activeClient.start();
  return activeClient;
}

export function stopSync(): void {
  activeClient?.stop();
  activeClient = null;
}

export function activeSyncClient(): HubSyncClient | null {
  return activeClient;
}
