import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpErrorBody } from '../../core';
import { clientMessage } from '../hub-error';

/**
 * The names the hub answers under, against DNS rebinding: a web page whose own name is made to
 * resolve to the hub's address is, for the browser, same-origin with the hub, so the Origin
 * check passes; only the `Host` header still carries the page's name. So every request and
 * WebSocket upgrade whose Host is not one of the hub's names is refused with
 * `421 Misdirected Request`, before anything else sees it.
 *
 * The hub's names: `localhost`, `127.0.0.1` and `[::1]`, and the configured host unless it binds
 * every interface (`0.0.0.0`, `::`), each with the hub's own port; and `JETBRIDGE_PUBLIC_HOSTS`
 * (`name` or `name:port`; a name without a port also matches without one, as a reverse proxy
 * on the default port sends it).
 */
export interface HostPolicy {
  allows(hostHeader: string | undefined): boolean;
}

export const PUBLIC_HOSTS_VARIABLE = 'JETBRIDGE_PUBLIC_HOSTS';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]', '']);
const HOST_PATTERN = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::(\d{1,5}))?$/;

/** `name[:port]` split and lowercased; null when it is not a plain host name or address. */
export function parseHostAndPort(text: string): { name: string; port: number | null } | null {
  const match = HOST_PATTERN.exec(text.trim().toLowerCase());
  if (!match) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { name: match[1]!, port };
}

/** Splits `JETBRIDGE_PUBLIC_HOSTS`; throws naming the first entry that is not `host[:port]`. */
export function parsePublicHosts(text: string | undefined): string[] {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return entries.map((entry) => {
    const parsed = parseHostAndPort(entry);
    if (!parsed) {
      throw new Error(
        `"${entry}" is not a host name or address with an optional port (e.g. ops.example.aero or ops.example.aero:4300)`,
      );
    }
    return parsed.port === null ? parsed.name : `${parsed.name}:${parsed.port}`;
  });
}

/** The configured bind address as a Host name, or null for a wildcard bind. */
function configuredName(host: string | undefined): string | null {
  const trimmed = (host ?? '').trim().toLowerCase();
  if (WILDCARD_ADDRESSES.has(trimmed)) return null;
  return trimmed.includes(':') && !trimmed.startsWith('[') ? `[${trimmed}]` : trimmed;
}

export function createHostPolicy(options: {
  /** The configured bind address (`JETBRIDGE_HOST`). */
  host: string | undefined;
  /** The port the hub listens on (read per request: port 0 is only known after listening). */
  port: () => number;
  publicHosts?: readonly string[];
  secure: boolean;
}): HostPolicy {
  const ownNames = new Set(LOOPBACK_NAMES);
  const configured = configuredName(options.host);
  if (configured) ownNames.add(configured);
  const publicNames = new Set<string>();
  const publicWithPort = new Set<string>();
  for (const entry of options.publicHosts ?? []) {
    const parsed = parseHostAndPort(entry);
    if (!parsed) continue;
    if (parsed.port === null) publicNames.add(parsed.name);
    else publicWithPort.add(`${parsed.name}:${parsed.port}`);
  }
  const defaultPort = options.secure ? 443 : 80;
  return {
    allows(hostHeader) {
      const parsed = hostHeader === undefined ? null : parseHostAndPort(hostHeader);
      if (!parsed) return false;
      const port = parsed.port ?? defaultPort;
      if (ownNames.has(parsed.name) && port === options.port()) return true;
      if (publicNames.has(parsed.name) && (parsed.port === null || port === options.port())) {
        return true;
      }
      return publicWithPort.has(`${parsed.name}:${port}`);
    },
  };
}

type HeaderSetter = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Makes `server` refuse requests and WebSocket upgrades under a foreign Host with 421. It wraps
 * the server's `emit` rather than adding a listener: Socket.IO replaces the `request` listeners
 * when it attaches, and a wrapper of `emit` is ahead of every listener whenever it was added.
 */
export function refuseForeignHosts(
  server: Server,
  policy: HostPolicy,
  options: {
    /** Security headers for the refusal (helmet), like every other answer of the hub. */
    securityHeaders: HeaderSetter;
    onRefused?: (host: string | undefined) => void;
  },
): void {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event !== 'request' && event !== 'upgrade') return emit(event, ...args);
    const req = args[0] as IncomingMessage;
    if (policy.allows(req.headers.host)) return emit(event, ...args);
    options.onRefused?.(req.headers.host);
    const body = JSON.stringify(refusal(req.headers.host));
    if (event === 'request') {
      const res = args[1] as ServerResponse;
      options.securityHeaders(req, res, () => {
        res.writeHead(421, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
        });
        res.end(body);
      });
    } else {
      const socket = args[1] as Duplex;
      socket.end(
        'HTTP/1.1 421 Misdirected Request\r\n' +
          'Content-Type: application/json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          'Connection: close\r\n\r\n' +
          body,
      );
    }
    return true;
  }) as Server['emit'];
}

function refusal(host: string | undefined): HttpErrorBody {
  // The name goes last: a long one is cut, the advice is not.
  const named = host === undefined ? 'a request without a Host header' : `the name "${host}"`;
  return {
    error: {
      code: 'FORBIDDEN',
      message: clientMessage(
        `this hub answers only under its own names (the operator lists more in ${PUBLIC_HOSTS_VARIABLE}), not under ${named}`,
      ),
    },
  };
}
