import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import { LoginThrottle, type LoginThrottleOptions } from './auth/login-throttle';
import { RevokedSessions } from './auth/revoked-sessions';
import { createSessions } from './auth/sessions';
import { UserDirectory } from './auth/user-directory';
import { loadDemoSeed, type HubSeedWithManifests } from './demo-seed';
import { createOriginPolicy } from './http/allowed-origins';
import { createHttpApp } from './http/http-app';
import {
  disconnectEndedSessions,
  guardSocketEvents,
  type EventGuardOptions,
} from './socket/event-guard';
import { broadcastChanges, type BacklogLimits } from './socket/broadcast';
import { registerFlightEvents } from './socket/flight-events';
import { registerHistoryEvents } from './socket/history-events';
import { registerNotificationEvents } from './socket/notification-events';
import type { RetryPolicy } from './notifications/dispatcher';
import { HubNotifications } from './notifications/hub-notifications';
import {
  readNotificationSettings,
  type NotificationSettings,
} from './notifications/notification-config';
import type { ChannelName } from './notifications/outbox';
import { requireSession, type HubServer } from './socket/handshake';
import { withPersonalDataRedacted } from './log-redaction';
import { PassengerSide, type PassengerHubOptions } from './passengers/passenger-side';
import { USERS_FILE, openDataFolder } from './store/data-folder';
import type { TlsFiles } from './tls';

export interface HubOptions {
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 (the default here) picks a free one. */
  port?: number;
  dataDir: string;
  /** Seed the demo airport, flights and users when the data folder is empty. */
  demo?: boolean;
  /** Seed used instead of the demo one when the data folder is empty (tests, fixtures). */
  seed?: HubSeedWithManifests | (() => HubSeedWithManifests | Promise<HubSeedWithManifests>);
  /** Session signing key; default: generated and kept in the data folder. */
  secret?: string;
  /** How long a session token lasts (default 12, a shift). */
  sessionHours?: number;
  /** Browser origins allowed besides the hub's own and the desktop console (allowed-origins.ts). */
  allowedOrigins?: string[];
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
  /** Twilio and SMTP (server/config.ts reads them); default: neither, notifications are skipped. */
  notifications?: NotificationSettings;
  /** Sends at once per channel (default sms 50, email 30, push 50). */
  notifyConcurrency?: Partial<Record<ChannelName, number>>;
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
  /** The passengers' side: lookup, `/passenger`, preferences, Web Push, `/my` (server/passengers). */
  passengers?: PassengerHubOptions;
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
  const seed = options.seed ?? (options.demo ? () => loadDemoSeed(now(), logger) : undefined);
  // Manifests of a seed are written once the new folder exists (only when it was empty).
  let seededManifests: HubSeedWithManifests['passengers'];
  const data = await openDataFolder(options.dataDir, {
    logger,
    now,
    seed:
      seed &&
      (async () => {
        const seeded = typeof seed === 'function' ? await seed() : seed;
        seededManifests = seeded.passengers;
        return seeded;
      }),
    secret: options.secret,
    recentChanges: options.recentChanges,
    compactEvery: options.compactEvery,
    segmentMaxEntries: options.segmentMaxEntries,
  });
  if (seededManifests) await data.passengers.replaceMany(seededManifests);
  const passengerSide = await PassengerSide.startForHub({
    ...options.passengers,
    dataDir: options.dataDir,
    secret: data.secret,
    store: data.flights,
    directory: data.passengers,
    logger,
    now,
  });
  const configured = options.notifications ?? readNotificationSettings({});
  const notifications = await HubNotifications.start({
    dataDir: options.dataDir,
    settings: {
      ...configured,
      coalesceMs: options.notifyCoalesceMs ?? configured.coalesceMs,
      delayThresholdMinutes: options.notifyDelayMin ?? configured.delayThresholdMinutes,
    },
    store: data.flights,
    passengers: data.passengers,
    logger,
    ...(options.notifyConcurrency ? { concurrency: options.notifyConcurrency } : {}),
    ...(options.notifyRetry ? { retry: options.notifyRetry } : {}),
    selfService: passengerSide.notificationHooks,
  });
  const store = data.flights;
  data.passengers.onReplaced = (flightId) => notifications.manifestReplaced(flightId);
  const users = new UserDirectory(data.users, join(options.dataDir, USERS_FILE), logger);
  const sessions = createSessions({
    secret: data.secret,
    users,
    revoked: await RevokedSessions.open(options.dataDir),
    now,
    hours: options.sessionHours,
  });
  const originPolicy = createOriginPolicy({
    allowed: options.allowedOrigins,
    secure: options.tls !== undefined,
  });

  const app = createHttpApp({
    sessions,
    loginThrottle: new LoginThrottle({ now: () => now().getTime(), ...options.loginThrottle }),
    originPolicy,
    store,
    passengers: data.passengers,
    notifications,
    airport: data.airport,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    logger,
    health: () => store.health(),
    passengerRoutes: passengerSide.apiRoutes({
      sessions,
      notificationsOf: (flightId) => notifications.list(flightId),
    }),
    passengerSite: passengerSide.site(),
  });
  const httpServer = options.tls ? createHttpsServer(options.tls, app) : createServer(app);
  // Idle keep-alive connections stay open longer than clients and load balancers keep theirs
  // (60 s is the common idle timeout), so a client never sends on a socket the hub is closing.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const io: HubServer = new Server(httpServer, {
    // Browsers from other origins are refused at the handshake (WebSocket and polling alike).
    allowRequest: (req, callback) => {
      const allowed = originPolicy.allows(req.headers.origin, req.headers.host);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
    cors: { origin: (origin, callback) => callback(null, origin ?? false) },
    // A bigger message closes the connection (Socket.IO's own limit).
    maxHttpBufferSize: 64 * 1024,
  });
  requireSession(io, sessions);
  users.onChange(() => disconnectEndedSessions(io, sessions, logger));
  sessions.onLogout(() => disconnectEndedSessions(io, sessions, logger));
  users.watch();
  io.on('connection', (socket) => {
    guardSocketEvents(socket, {
      sessions,
      logger,
      now,
      updateRate: options.updateRate,
      floodRate: options.floodRate,
    });
    registerFlightEvents(socket, { store, logger, now });
    registerHistoryEvents(socket, { store, logger, now });
    registerNotificationEvents(socket, { store, notifications, logger });
  });
  notifications.onSummary((summary) => io.emit('notifications:summary', summary));
  broadcastChanges(io, store, logger, options.backlogLimits);
  passengerSide.attach(io);
  store.startBackgroundWork();

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    users.close();
    await notifications.stop();
    await passengerSide.close();
    await store.close();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  passengerSide.listeningAt(url);

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    close() {
      closing ??= (async () => {
        users.close();
        httpServer.close();
        httpServer.closeIdleConnections();
        // Accepted changes reach the disk and their acks and broadcasts go out first.
        await store.drain();
        const ioClosed = io.close();
        // io.close() waits for the HTTP server, which waits for every open connection.
        httpServer.closeAllConnections();
        await ioClosed;
        // Every durable change has been absorbed: the engine records that, lets the sends under
        // way be recorded, and closes its journal.
        await notifications.stop();
        await passengerSide.close();
        await store.close();
        await data.passengers.flush();
        logger.info('hub stopped');
      })();
      return closing;
    },
  };
}
