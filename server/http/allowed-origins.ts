import type { IncomingMessage } from 'node:http';

/**
 * Which browser origins may call the hub (HTTP API and Socket.IO). Closed by default:
 *
 * - no `Origin` header: not a browser page (integrations, monitoring, the CLI, Node clients).
 *   Browsers always send one on cross-origin requests and WebSocket handshakes, so a web page
 *   cannot fall into this case. Auth is a bearer token, never a cookie, so such clients gain
 *   nothing from the missing header they could not do anyway.
 * - the hub's own origin: the web console the hub serves.
 * - `file://`: the Electron console, which loads from a file and sends this origin. No web
 *   page can send it (a browser gives local files and sandboxed frames the origin `null`,
 *   which stays refused unless listed).
 * - whatever `JETBRIDGE_ALLOWED_ORIGINS` lists (comma-separated, e.g. a dev server
 *   `http://localhost:5173`; `null` if a desktop build sends that).
 */
export const DESKTOP_CONSOLE_ORIGIN = 'file://';

export interface OriginPolicy {
  /** `origin`: the request's Origin header; `host`: its Host header. */
  allows(origin: string | undefined, host: string | undefined): boolean;
}

export function createOriginPolicy(options: {
  allowed?: readonly string[];
  secure: boolean;
}): OriginPolicy {
  const listed = new Set([DESKTOP_CONSOLE_ORIGIN, ...(options.allowed ?? []).map(normalizeOrigin)]);
  const scheme = options.secure ? 'https:' : 'http:';
  return {
    allows(origin, host) {
      if (origin === undefined) return true;
      const normalized = normalizeOrigin(origin);
      if (listed.has(normalized)) return true;
      if (!host) return false;
      try {
        const url = new URL(origin);
        return url.protocol === scheme && url.host === host.toLowerCase();
      } catch {
        return false;
      }
    },
  };
}

/** Splits `JETBRIDGE_ALLOWED_ORIGINS`. */
export function parseAllowedOrigins(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map(normalizeOrigin);
}

function normalizeOrigin(origin: string): string {
  const trimmed = origin.trim().replace(/\/+$/, '');
  if (trimmed === 'null' || trimmed === 'file:' || trimmed === 'file://') {
    return trimmed === 'null' ? 'null' : DESKTOP_CONSOLE_ORIGIN;
  }
  try {
    return new URL(trimmed).origin;
  } catch {
    return trimmed.toLowerCase();
  }
}

export function requestOrigin(req: IncomingMessage): {
  origin: string | undefined;
  host: string | undefined;
} {
  const origin = req.headers.origin;
  return { origin: typeof origin === 'string' ? origin : undefined, host: req.headers.host };
}
