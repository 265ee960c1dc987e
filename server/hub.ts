import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import { createSessions } from './auth/sessions';
import { loadDemoSeed } from './demo-seed';
import { createHttpApp } from './http/http-app';
import { registerFlightEvents } from './socket/flight-events';
import { requireSession, type HubServer } from './socket/handshake';
import { openDataFolder, type HubSeed } from './store/data-folder';

export interface HubOptions {
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 (the default here) picks a free one. */
  port?: number;
  dataDir: string;
  /** Seed the demo airport, flights and users when the data folder is empty. */
  demo?: boolean;
  /** Seed used instead of the demo one when the data folder is empty (tests, fixtures). */
  seed?: HubSeed | (() => HubSeed | Promise<HubSeed>);
  /** Session signing key; default: generated and kept in the data folder. */
  secret?: string;
  /** Folder of the built console; default <repo>/out/renderer. */
  webRoot?: string;
  logger?: Logger;
  now?: () => Date;
  notifyCoalesceMs?: number;
  notifyDelayMin?: number;
  /** Changes kept for `sync:since` and opId retries (default 10,000). */
  recentChanges?: number;
  /** Write the flights snapshot after this many changes (default 1,000). */
  compactEvery?: number;
  /** Lines per change log file (default 10,000). */
  segmentMaxEntries?: number;
}

export interface Hub {
  url: string;
  port: number;
  /** Stops taking connections, lets every accepted change reach the disk, then closes. */
  close(): Promise<void>;
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../out/renderer', import.meta.url));

export async function startHub(options: HubOptions): Promise<Hub> {
  const logger = options.logger ?? pino();
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? (options.demo ? () => loadDemoSeed(now(), logger) : undefined);
  const data = await openDataFolder(options.dataDir, {
    logger,
    now,
    seed: typeof seed === 'function' ? seed : seed && (() => seed),
    secret: options.secret,
    recentChanges: options.recentChanges,
    compactEvery: options.compactEvery,
    segmentMaxEntries: options.segmentMaxEntries,
  });
  const store = data.flights;
  const sessions = createSessions({ secret: data.secret, users: data.users, now });

  const app = createHttpApp({
    sessions,
    store,
    passengers: data.passengers,
    airport: data.airport,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    logger,
  });
  const httpServer = createServer(app);
  const io: HubServer = new Server(httpServer, {
    // Consoles may be served from another origin (Electron, dev server); auth is by token.
    cors: { origin: '*' },
    maxHttpBufferSize: 64 * 1024,
  });
  requireSession(io, sessions);
  io.on('connection', (socket) => {
    registerFlightEvents(socket, { io, store, logger, now });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    close() {
      closing ??= (async () => {
        httpServer.close();
        httpServer.closeIdleConnections();
        // Accepted changes reach the disk and their acks and broadcasts go out first.
        await store.drain();
        const ioClosed = io.close();
        // io.close() waits for the HTTP server, which waits for every open connection.
        httpServer.closeAllConnections();
        await ioClosed;
        await store.close();
        await data.passengers.flush();
        logger.info('hub stopped');
      })();
      return closing;
    },
  };
}
