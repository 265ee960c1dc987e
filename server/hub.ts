import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import type { LoginThrottleOptions } from './auth/login-throttle';
import { openHubAuth } from './auth/hub-auth';
import { createSessions } from './auth/sessions';
import { demoSeedFor, type HubSeedWithManifests } from './demo-seed';
import { createOriginPolicy } from './http/allowed-origins';
import { createHostPolicy, refuseForeignHosts } from './http/host-allow-list';
import { createHttpApp } from './http/http-app';
import { hubHelmet } from './http/security-headers';
import {
  cutExpiredSessions,
  disconnectEndedSessions,
  guardSocketEvents,
  type EventGuardOptions,
} from './socket/event-guard';
import { broadcastChanges, disconnectClientsBehind, type BacklogLimits } from './socket/broadcast';
import { SUPERVISORS_ROOM, throttledImportProgress } from './socket/schedule-progress';
import { ScheduleImports, type ImportProgress } from './schedules/schedule-imports';
import { scheduleRoutes } from './http/schedule-routes';
import { feedRoutes } from './http/feed-routes';
import { gateRoutes } from './http/gate-routes';
import {
  GATE_CONFLICT_CHANGES_ROOM,
  GATE_CONFLICT_LISTS_ROOM,
  LiveGateConflicts,
} from './gates/live-gate-conflicts';
import { demoGates } from './gates/demo-gates';
import { DEFAULT_GATE_BUFFER_MINUTES, type GateEntry } from '../core/gates';
import { FeedProcessor } from './feed/feed-messages';
import { flightCreationListeners } from './socket/flight-creation';
import { ARCHIVE_RETENTION_DAYS, RollingWindow } from './window/rolling-window';
import { DayFlights } from './window/day-flights';
import { kpiRoutes } from './http/kpi-routes';
import { systemClock, type Clock } from './clock';
import { DEMO_AIRPORT } from './airport';
import { DemoOperator } from './demo/demo-operator';
import { demoManifests } from './demo/demo-passengers';
import type { Flight, GateConflictChanges, NotificationChannelName } from '../core';
import { EveryHubBroadcast } from './cluster/every-hub-broadcast';
import { connectRedisFanOut } from './cluster/redis-fan-out';
import { disconnectSessionEverywhere, joinSessionRoom } from './cluster/session-rooms';
import { HubMetrics } from './http/hub-metrics';
import {
  flightsInDataFolder,
  openFeedAndSchedules,
  openFlightStore,
  openDisplays,
  openArchiveRegister,
  openGateList,
  openPassengerStorage,
} from './store/hub-storage';
import { flightEventListeners } from './socket/flight-events';
import { historyEventListeners } from './socket/history-events';
import { notificationEventListeners } from './socket/notification-events';
import {
  joinPositionRooms,
  positionEventListeners,
  POSITIONS_ONLY_ROOM,
  POSITIONS_ROOM,
} from './socket/position-events';
import { listen } from './socket/socket-listeners';
import { isSharedPositions, LiveTraffic, type SharedPositions } from './traffic/live-traffic';
import type { EtaFromPositionMode } from './traffic/position-eta-updates';
import type { RetryPolicy } from './notifications/dispatcher';
import { HubNotifications } from './notifications/hub-notifications';
import {
  readNotificationSettings,
  type NotificationSettings,
} from './notifications/notification-config';
import { requireSession, type HubServer } from './socket/handshake';
import { withPersonalDataRedacted } from './log-redaction';
import { PassengerSide, type PassengerHubOptions } from './passengers/passenger-side';
import { DisplaySide } from './displays/display-side';
import { openDataFolder } from './store/data-folder';
import type { TlsFiles } from './tls';

export interface HubOptions {
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 (the default here) picks a free one. */
  port?: number;
  dataDir: string;
  /** Seed the demo airport, flights and users when the data folder is empty. */
  demo?: boolean;
  /** `JETBRIDGE_AIRPORT`: needed for a new folder without the demo; must match an existing one. */
  airport?: string;
  /** Days after today kept ready in the live table (default 2). */
  daysAhead?: number;
  /** Hours a finished flight stays before it is archived (default 12). */
  keepHours?: number;
  /** Minutes a gate stays blocked after a flight (default 15). */
  gateBufferMin?: number;
  /**
   * The gate list a data folder without `gates.json` starts with; default: the demo airport's
   * gates with the demo on DEL, else none.
   */
  gates?: readonly GateEntry[];
  /** False: no gate conflicts at all (benchmarks measure what keeping them costs). */
  gateConflicts?: boolean;
  /** Least time between two `gates:conflicts` (default 250 ms). */
  gateConflictsIntervalMs?: number;
  /** Minutes a field set by hand is held against the feed (default 30). */
  feedHoldMin?: number;
  /** `JETBRIDGE_ETA_FROM_POSITION`: `suggest` (default; the console suggests) or `apply`. */
  etaFromPosition?: EtaFromPositionMode;
  /** How long an aircraft not heard of keeps its position (default 60 s). */
  positionExpiryMs?: number;
  /** The rolling window's clock (tests move it by hand); default: the system clock. */
  windowClock?: Clock;
  /** Seed used instead of the demo one when the data folder is empty (tests, fixtures). */
  seed?: HubSeedWithManifests | (() => HubSeedWithManifests | Promise<HubSeedWithManifests>);
  /** Session signing key; default: generated and kept in the data folder. */
  secret?: string;
  /** How long a session token lasts (default 12, a shift). */
  sessionHours?: number;
  /** Browser origins allowed besides the hub's own and the desktop console (allowed-origins.ts). */
  allowedOrigins?: string[];
  /** Host names the hub answers under besides its own (host-allow-list.ts), `host[:port]`. */
  publicHosts?: string[];
  /** Serve https/wss with this certificate and key. */
  tls?: TlsFiles;
  loginThrottle?: LoginThrottleOptions;
  /** Per-connection limits (event-guard.ts). */
  updateRate?: EventGuardOptions['updateRate'];
  floodRate?: EventGuardOptions['floodRate'];
  /** Folder of the built console; default <repo>/out/renderer. */
  webRoot?: string;
  logger?: Logger;
  now?: () => Date;
  notifyCoalesceMs?: number;
  notifyDelayMin?: number;
  /** Providers' requests on a thread of their own (server/notifications/sending-thread.ts). */
  notifyThread?: boolean;
  /** Twilio and SMTP (server/config.ts reads them); default: neither, notifications are skipped. */
  notifications?: NotificationSettings;
  /** Sends at once per channel (default sms 50, email 30, push 50). */
  notifyConcurrency?: Partial<Record<NotificationChannelName, number>>;
  /** Backoff of temporary send failures (default 1 s doubling to 5 min, 8 tries). */
  notifyRetry?: RetryPolicy;
  /** Changes kept for `sync:since` and opId retries (default 10,000). */
  recentChanges?: number;
  /** Write the flights snapshot after this many changes (default 1,000). */
  compactEvery?: number;
  /** Lines per change log file (default 10,000). */
  segmentMaxEntries?: number;
  /** When a client that does not keep up is cut (socket/broadcast.ts). */
  backlogLimits?: BacklogLimits;
  /** `JETBRIDGE_DATABASE_URL`: flights in PostgreSQL, shared with other hubs (store/hub-storage.ts). */
  databaseUrl?: string;
  /** `JETBRIDGE_REDIS_URL`: fan-out to the clients of the other hubs (cluster/redis-fan-out.ts). */
  redisUrl?: string;
  /** Messages for the other hubs held while Redis is away (default DEFAULT_OFFLINE_QUEUE). */
  redisOfflineQueue?: number;
  /** The passengers' side: lookup, `/passenger`, preferences, Web Push, `/my` (server/passengers). */
  passengers?: PassengerHubOptions;
  /** Folder of the display page's build; default <repo>/out/display. */
  displayWebRoot?: string;
}

export interface Hub {
  url: string;
  port: number;
  /** Stops taking connections, lets every accepted change reach the disk, then closes. */
  close(): Promise<void>;
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../out/renderer', import.meta.url));

export async function startHub(options: HubOptions): Promise<Hub> {
  const logger = withPersonalDataRedacted(options.logger ?? pino());
  const now = options.now ?? (() => new Date());
  const seed =
    options.seed ?? (options.demo ? () => demoSeedFor(options.airport, now(), logger) : undefined);
  // Manifests of a seed are written once the new folder exists (only when it was empty).
  let seededManifests: HubSeedWithManifests['passengers'];
  let seededSchedule: HubSeedWithManifests['schedule'];
  let seededFlights: HubSeedWithManifests['flights'] | undefined;
  const data = await openDataFolder(options.dataDir, {
    logger,
    now,
    seed:
      seed &&
      (async () => {
        const seeded = typeof seed === 'function' ? await seed() : seed;
        seededManifests = seeded.passengers;
        seededSchedule = seeded.schedule;
        seededFlights = seeded.flights;
        return seeded;
      }),
    secret: options.secret,
    airport: options.airport,
    recentChanges: options.recentChanges,
    compactEvery: options.compactEvery,
    segmentMaxEntries: options.segmentMaxEntries,
    withFlights: flightsInDataFolder(options),
  });
  const metrics = new HubMetrics({
    // A console's positions worker is the same console: its connection is not counted.
    connectedClients: () =>
      io.of('/').sockets.size - (io.of('/').adapter.rooms.get(POSITIONS_ONLY_ROOM)?.size ?? 0),
    notificationCounts: () => notifications.countsByChannel(),
    trackedAircraft: (): number => traffic.tracker.size,
    redisConnected: () => (fanOut ? fanOut.health().ok : null),
  });
  const store = metrics.measure(
    await openFlightStore(options, data, {
      logger,
      seed: seededFlights?.map((flight) => ({ flight, fieldVersions: {} })) ?? null,
    }),
  );
  const passengerStorage = await openPassengerStorage(options, data, logger);
  const passengers = passengerStorage.manifests;
  // Several hubs with new folders: the first fills the database's empty manifests.
  if (seededManifests && passengers.isEmpty) await passengers.replaceMany(seededManifests);
  const passengerSide = await PassengerSide.startForHub({
    ...(passengerStorage.selfService ? { selfService: passengerStorage.selfService } : {}),
    ...options.passengers,
    dataDir: options.dataDir,
    secret: data.secret,
    store,
    directory: passengers,
    logger,
    now,
  });
  const displays = await DisplaySide.start({
    displays: await openDisplays(options, options.dataDir, logger),
    store,
    gateChanges: passengerSide.gateChanges,
    airport: data.airport,
    ...(options.displayWebRoot ? { webRoot: options.displayWebRoot } : {}),
    logger,
    now,
  });
  const configured = options.notifications ?? readNotificationSettings({});
  const notifications = await HubNotifications.start({
    dataDir: options.dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    settings: {
      ...configured,
      coalesceMs: options.notifyCoalesceMs ?? configured.coalesceMs,
      delayThresholdMinutes: options.notifyDelayMin ?? configured.delayThresholdMinutes,
    },
    store,
    passengers,
    logger,
    retention: { days: passengerSide.retentionDays, now },
    ...(options.notifyConcurrency ? { concurrency: options.notifyConcurrency } : {}),
    ...(options.notifyRetry ? { retry: options.notifyRetry } : {}),
    selfService: passengerSide.notificationHooks,
    sendThread: options.notifyThread ?? false,
  });
  passengers.onReplaced = (flightId) => notifications.manifestReplaced(flightId);
  const auth = await openHubAuth({
    dataDir: options.dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    secret: data.secret,
    users: data.users,
    // Only a folder created just now seeds a database's users.
    seedUsers: seededFlights ? data.users : null,
    ...(options.loginThrottle ? { throttle: options.loginThrottle } : {}),
    logger,
    now,
  });
  const { users } = auth;
  const sessions = createSessions({
    secret: data.secret,
    users,
    ledger: auth.ledger,
    ...(auth.refresh ? { refresh: auth.refresh } : {}),
    now,
    hours: options.sessionHours,
  });
  const originPolicy = createOriginPolicy({
    allowed: options.allowedOrigins,
    secure: options.tls !== undefined,
  });

  const shared = await openFeedAndSchedules(options, options.dataDir, logger);
  const { schedule, keys, feedResults } = shared;
  // Several hubs with new folders: the first fills the database's empty schedule.
  if (seededSchedule && schedule.legs().length === 0) await schedule.replace(seededSchedule);
  const windowClock = options.windowClock ?? systemClock;
  // The demo airport plays its operating day as time passes (server/demo/demo-operator.ts).
  const demo =
    options.demo && data.airport.iata === DEMO_AIRPORT
      ? new DemoOperator({ store, schedule, clock: windowClock, logger })
      : null;
  const archive = await openArchiveRegister(options, options.dataDir, logger);
  const window = new RollingWindow({
    store,
    schedule,
    archive,
    airport: data.airport,
    daysAhead: options.daysAhead ?? 2,
    keepHours: options.keepHours ?? 12,
    logger,
    clock: windowClock,
    // Notifications name passengers: they go with the rest of the passengers' data.
    retentionDays: passengerSide.retentionDays,
    onRetired: async (flightIds) => {
      await notifications.pruneFlights(flightIds);
    },
    ...(demo
      ? {
          decorateCreated: (flight: Flight, at: Date) => demo.decorate(flight, at),
          onCreated: (flights: readonly Flight[]) => passengers.replaceMany(demoManifests(flights)),
        }
      : {}),
  });
  const imports = new ScheduleImports({ airport: data.airport.iata, schedule, window, logger });
  const feed = new FeedProcessor({
    store,
    results: feedResults,
    airport: data.airport,
    holdMinutes: options.feedHoldMin ?? 30,
    now,
    logger,
  });
  // Positions from ADS-B feeds (contract section 8): memory only, never the change log. With
  // several hubs, what is posted to one is shared with the others (set once Redis is connected).
  let sharePositions: ((shared: SharedPositions) => void) | null = null;
  const traffic = new LiveTraffic({
    share: (shared) => sharePositions?.(shared),
    store,
    airport: data.airport,
    now,
    logger,
    etaMode: options.etaFromPosition ?? 'suggest',
    applyEta: (principal, flightId, eta, opId) =>
      feed.applyFields(principal, flightId, { eta }, opId),
    ...(options.positionExpiryMs !== undefined ? { expiryMs: options.positionExpiryMs } : {}),
  });
  const gateList = await openGateList(
    options,
    options.dataDir,
    logger,
    () => options.gates ?? (options.demo && data.airport.iata === DEMO_AIRPORT ? demoGates() : []),
  );
  // Filled in once Socket.IO is up: consoles follow the conflicts.
  let tellGateConflicts: (changes: GateConflictChanges) => void = () => undefined;
  const gateConflicts = new LiveGateConflicts({
    store,
    gates: gateList.gates(),
    timeZone: data.airport.timeZone,
    bufferMinutes: options.gateBufferMin ?? DEFAULT_GATE_BUFFER_MINUTES,
    onChange: (changes) => tellGateConflicts(changes),
    ...(options.gateConflictsIntervalMs !== undefined
      ? { minIntervalMs: options.gateConflictsIntervalMs }
      : {}),
  });
  if (options.gateConflicts !== false) gateConflicts.start();
  // A list changed on another hub (PostgreSQL): this hub's conflicts and consoles follow it.
  gateList.onChange((gates) => gateConflicts.setGates(gates));
  // Filled in once Socket.IO is up: supervisors' consoles follow an import's progress.
  let tellImportProgress: (progress: ImportProgress & { by: string }) => void = () => undefined;

  let closing: Promise<void> | null = null;
  const app = createHttpApp({
    sessions,
    loginThrottle: auth.throttle,
    originPolicy,
    store,
    passengers,
    notifications,
    airport: data.airport,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    logger,
    health: () => store.health(),
    ownBodyRoutes: [
      scheduleRoutes({ sessions, imports, onProgress: (progress) => tellImportProgress(progress) }),
      feedRoutes({
        keys,
        feed,
        store,
        countMessage: (result) => metrics.feedMessages.inc({ result }),
        traffic,
        countPositions: (answer) => metrics.countPositions(answer),
      }),
      gateRoutes({
        sessions,
        gates: gateList,
        conflicts: gateConflicts,
        timeZone: data.airport.timeZone,
        now,
      }),
    ],
    routes: [
      kpiRoutes({
        sessions,
        flights: new DayFlights({
          store,
          archive,
          timeZone: data.airport.timeZone,
          retentionDays: ARCHIVE_RETENTION_DAYS,
        }),
        timeZone: data.airport.timeZone,
        now,
      }),
      ...displays.apiRoutes(sessions),
    ],
    readiness: () => (closing ? { ok: false, problem: 'the hub is stopping' } : readiness()),
    metrics: metrics.registry,
    passengerRoutes: passengerSide.apiRoutes({
      sessions,
      notificationsOf: (flightId) => notifications.list(flightId),
    }),
    passengerSite: passengerSide.site(),
    displaySite: displays.site(),
  });
  const httpServer = options.tls ? createHttpsServer(options.tls, app) : createServer(app);
  // Idle keep-alive connections stay open longer than clients and load balancers keep theirs
  // (60 s is the common idle timeout), so a client never sends on a socket the hub is closing.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const fanOut = options.redisUrl
    ? await connectRedisFanOut(options.redisUrl, logger, {
        ...(options.redisOfflineQueue ? { offlineQueue: options.redisOfflineQueue } : {}),
      })
    : null;
  if (fanOut) {
    sharePositions = (shared) => fanOut.positions.publish(shared);
    await fanOut.positions.follow((message) => {
      if (!isSharedPositions(message)) {
        logger.warn('positions from another hub in an unknown shape; ignored');
        return;
      }
      try {
        traffic.ingestShared(message);
      } catch (error) {
        logger.warn({ err: error }, 'positions from another hub could not be taken; ignored');
      }
    });
  }
  const readiness = () => {
    const stored = store.health();
    if (!stored.ok || !fanOut) return stored;
    return fanOut.health();
  };
  const io: HubServer = new Server(httpServer, {
    ...(fanOut ? { adapter: fanOut.adapter } : {}),
    // Browsers from other origins are refused at the handshake (WebSocket and polling alike).
    allowRequest: (req, callback) => {
      const allowed = originPolicy.allows(req.headers.origin, req.headers.host);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
    cors: { origin: (origin, callback) => callback(null, origin ?? false) },
    // A bigger message closes the connection (Socket.IO's own limit).
    maxHttpBufferSize: 64 * 1024,
  });
  const everyHub = new EveryHubBroadcast(io, fanOut !== null);
  // Before anything else, HTTP and Socket.IO alike: only the hub's own names (DNS rebinding).
  const refusedHosts = new Set<string>();
  refuseForeignHosts(
    httpServer,
    createHostPolicy({
      host: options.host,
      port: () => (httpServer.address() as AddressInfo | null)?.port ?? 0,
      publicHosts: options.publicHosts,
      secure: options.tls !== undefined,
    }),
    {
      securityHeaders: hubHelmet,
      onRefused: (host) => {
        if (refusedHosts.size >= 100 || refusedHosts.has(String(host))) return;
        refusedHosts.add(String(host));
        logger.warn(
          { host },
          'refused a request under a foreign Host (see JETBRIDGE_PUBLIC_HOSTS)',
        );
      },
    },
  );
  requireSession(io, sessions);
  users.onChange(() => disconnectEndedSessions(io, sessions, logger));
  sessions.onLogout((jti) => {
    disconnectEndedSessions(io, sessions, logger);
    // The session's sockets on the other hubs too.
    disconnectSessionEverywhere(io, jti);
  });
  users.watch();
  const stopExpirySweep = cutExpiredSessions(io, { logger, now });
  // Made once: every socket shares them (a connection costs no closures per event).
  const positionEvents = positionEventListeners({ traffic, logger });
  const clientEvents = {
    ...flightEventListeners({ store, logger, now }),
    ...historyEventListeners({ store, logger, now }),
    ...flightCreationListeners({ store, logger, now, airport: data.airport }),
    ...notificationEventListeners({ store, notifications, logger }),
    ...positionEvents,
  };
  io.on('connection', (socket) => {
    joinSessionRoom(socket);
    everyHub.join(socket);
    joinPositionRooms(socket);
    guardSocketEvents(socket, {
      sessions,
      logger,
      now,
      updateRate: options.updateRate,
      floodRate: options.floodRate,
    });
    // A console's positions worker (handshake `positions: 'only'`) follows the traffic alone.
    if (socket.data.positions === 'only') return listen(socket, positionEvents);
    if (socket.data.user.role === 'supervisor') void socket.join(SUPERVISORS_ROOM);
    listen(socket, clientEvents);
    // A console that connects (or comes back) starts from the current list, then follows
    // either whole lists (the contract) or what changed (it asked in the handshake).
    void socket.join(
      socket.data.gateConflicts === 'changes'
        ? GATE_CONFLICT_CHANGES_ROOM
        : GATE_CONFLICT_LISTS_ROOM,
    );
    socket.emit('gates:conflicts', gateConflicts.body());
  });
  // This hub's clients only: with several hubs every hub follows the shared outbox and manifests
  // itself (PostgreSQL), so each tells its own consoles; none through Redis, which would tell
  // them twice. Not to consoles' positions workers: they follow the traffic alone.
  notifications.onSummary((summary) =>
    io.local.except(POSITIONS_ONLY_ROOM).emit('notifications:summary', summary),
  );
  broadcastChanges(io, store, logger, options.backlogLimits);
  tellImportProgress = throttledImportProgress(everyHub);
  // Every hub follows every change itself: its own clients only (see broadcast.ts).
  tellGateConflicts = (changes) => {
    const rooms = io.of('/').adapter.rooms;
    if (rooms.get(GATE_CONFLICT_CHANGES_ROOM)?.size) {
      io.local.to(GATE_CONFLICT_CHANGES_ROOM).emit('gates:conflicts:changed', changes);
    }
    // The whole list is built and sent only when a socket follows whole lists.
    if (rooms.get(GATE_CONFLICT_LISTS_ROOM)?.size) {
      io.local.to(GATE_CONFLICT_LISTS_ROOM).emit('gates:conflicts', gateConflicts.body());
    }
  };
  // This hub's own consoles, from its own tracker (which has every hub's positions).
  traffic.start((update) => {
    io.local.to(POSITIONS_ROOM).emit('positions:update', update);
    disconnectClientsBehind(io, logger, options.backlogLimits);
  });
  await window.start();
  demo?.start();
  data.flights?.startBackgroundWork();
  passengerSide.attach(io);
  displays.attach(io);

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    stopExpirySweep();
    window.stop();
    demo?.stop();
    await traffic.stop();
    gateConflicts.stop();
    await gateList.close();
    displays.close();
    users.close();
    await shared.close();
    await notifications.stop();
    await passengerSide.close();
    await passengerStorage.close();
    await archive.close?.();
    await store.close();
    await auth.close();
    await fanOut?.close();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  if (['0.0.0.0', '::'].includes(options.host ?? '') && !options.publicHosts?.length) {
    logger.warn(
      `listening on every interface, but only localhost names are answered: list the names consoles use in JETBRIDGE_PUBLIC_HOSTS`,
    );
  }
  passengerSide.listeningAt(url);

  return {
    url,
    port: address.port,
    close() {
      closing ??= (async () => {
        stopExpirySweep();
        window.stop();
        demo?.stop();
        gateConflicts.stop();
        await gateList.close();
        displays.close();
        users.close();
        httpServer.close();
        // ETA changes from positions under way are decided before the store drains.
        await traffic.stop();
        httpServer.closeIdleConnections();
        // Accepted changes reach the disk and their acks and broadcasts go out first.
        await store.drain();
        const ioClosed = io.close();
        // io.close() waits for the HTTP server, which waits for every open connection.
        httpServer.closeAllConnections();
        await ioClosed;
        await fanOut?.close();
        // Every durable change has been absorbed: the engine records that, lets the sends under
        // way be recorded, and closes its journal.
        await notifications.stop();
        await passengerSide.close();
        await store.close();
        await shared.close();
        await passengerStorage.close();
        await archive.close?.();
        await auth.close();
        logger.info('hub stopped');
      })();
      return closing;
    },
  };
}
