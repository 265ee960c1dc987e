import net from 'node:net';
import type { Logger } from 'pino';

/**
 * Starting the hub in-process, shared by the `npm start` launcher and Electron's embedded hub.
 * The signature mirrors server/hub.ts `startHub`; it is restated here so this module (and its
 * tests) do not pull the whole hub in.
 */
export interface RunningHub {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface HubStartOptions {
  host?: string;
  port?: number;
  dataDir: string;
  demo?: boolean;
  /** IATA code of the airport a new data folder serves (JETBRIDGE_AIRPORT). */
  airport?: string;
  webRoot?: string;
  /** The hub's pino logger; the hub makes its own when absent. */
  logger?: Logger;
}

export type StartHub = (options: HubStartOptions) => Promise<RunningHub>;

export const DEFAULT_HUB_PORT = 4300;
export const DEFAULT_HUB_HOST = '127.0.0.1';

/** Reads JETBRIDGE_PORT; anything that is not a port number falls back to the default. */
export function preferredHubPort(env: NodeJS.ProcessEnv): number {
  const raw = env.JETBRIDGE_PORT?.trim();
  if (!raw || !/^\d+$/.test(raw)) return DEFAULT_HUB_PORT;
  const port = Number(raw);
  return port <= 65535 ? port : DEFAULT_HUB_PORT;
}

function isAddressInUse(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (code === 'EADDRINUSE') return true;
    if (typeof message === 'string' && message.includes('EADDRINUSE')) return true;
    current = cause;
  }
  return false;
}

/** True when nothing listens on host:port right now (a probe, not a reservation). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Starts the hub on the preferred port, or on a free one when that port is taken (by a probe
 * before starting, or by EADDRINUSE from the hub itself when another process wins the race).
 */
export async function startHubPreferringPort(
  startHub: StartHub,
  options: HubStartOptions & { port: number },
  portIsFree: (host: string, port: number) => Promise<boolean> = isPortFree,
): Promise<RunningHub> {
  const host = options.host ?? DEFAULT_HUB_HOST;
  if (options.port !== 0 && !(await portIsFree(host, options.port))) {
    return startHub({ ...options, host, port: 0 });
  }
  try {
    return await startHub({ ...options, host });
  } catch (error) {
    if (options.port === 0 || !isAddressInUse(error)) throw error;
    return startHub({ ...options, host, port: 0 });
  }
}

/** The address a person types into a browser: loopback when the hub binds every interface. */
export function consoleUrlFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  const hostPart = shown.includes(':') ? `[${shown}]` : shown;
  return `http://${hostPart}:${port}/`;
}
