import path from 'node:path';
import {
  DEFAULT_HUB_PORT,
  startHubPreferringPort,
  type RunningHub,
  type StartHub,
} from '../hub-start';

/**
 * Which hub the console talks to. The `npm start` launcher already runs a hub and says so in
 * JETBRIDGE_HUB_URL; a packaged app started from the desktop has none, so main starts a demo hub
 * in its own process, keeping its data under Electron's userData folder.
 */
export interface HubConnection {
  /** The hub this Electron process came with: the launcher's, or the one it started itself. */
  hubUrl: string;
  /** Set when this process started the hub and must close it on quit. */
  embedded: RunningHub | null;
}

export interface ConnectHubOptions {
  env: NodeJS.ProcessEnv;
  userDataDir: string;
  /** The built console, served by the embedded hub to browsers (departure boards, ...). */
  webRoot: string;
  loadStartHub(): Promise<StartHub>;
  log?(message: string): void;
}

export function hubUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  const raw = env.JETBRIDGE_HUB_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function embeddedHubDataDir(userDataDir: string): string {
  return path.join(userDataDir, 'hub-data');
}

export async function connectHub(options: ConnectHubOptions): Promise<HubConnection> {
  const log = options.log ?? console.log;
  const fromEnv = hubUrlFromEnv(options.env);
  if (fromEnv) return { hubUrl: fromEnv, embedded: null };
  if (options.env.JETBRIDGE_HUB_URL?.trim()) {
    log('JETBRIDGE_HUB_URL is not an http(s) address; starting the embedded demo hub instead');
  }
  const startHub = await options.loadStartHub();
  const hub = await startHubPreferringPort(startHub, {
    host: '127.0.0.1',
    port: DEFAULT_HUB_PORT,
    dataDir: embeddedHubDataDir(options.userDataDir),
    demo: true,
    webRoot: options.webRoot,
  });
  log(`Jetbridge embedded hub listening on ${hub.url}`);
  return { hubUrl: hub.url, embedded: hub };
}
