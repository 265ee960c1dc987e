// Only what the login screen needs from core: the rest (zod schemas, ...) loads after sign-in.
import type { LoginResponse, SessionUser } from '../../../core/protocol';
import { ROLE_PERMISSIONS } from '../../../core/roles';
import type { AirportInfo } from '../stores/sessionStore';

/** A failure the login screen can show as it is. */
export class HubRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'bad-address' | 'unreachable' | 'credentials' | 'throttled' | 'http',
  ) {
    super(message);
    this.name = 'HubRequestError';
  }
}

const REQUEST_TIMEOUT_MS = 8_000;

/** `10.0.0.5:4300` → `http://10.0.0.5:4300`; refuses what is not an http(s) address. */
export function normalizeHubUrl(input: string): string {
  const text = input.trim().replace(/\/+$/, '');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new HubRequestError(
      `"${input.trim()}" is not a hub address (example: http://10.0.0.5:4300)`,
      'bad-address',
    );
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new HubRequestError(
      `"${input.trim()}" is not a hub address (example: http://10.0.0.5:4300)`,
      'bad-address',
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** A request to the hub; an unreachable hub (or no answer in time) is a HubRequestError. */
export async function hubFetch(
  hubUrl: string,
  path: string,
  init: RequestInit,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Response> {
  try {
    return await fetch(`${hubUrl}${path}`, {
      ...init,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new HubRequestError(
      `Cannot reach the hub at ${hubUrl}. Check the address and that the hub is running.`,
      'unreachable',
    );
  }
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON: fall through to the status line.
  }
  return response.statusText || 'no details';
}

export async function loginToHub(
  hubUrl: string,
  username: string,
  password: string,
): Promise<LoginResponse> {
  const response = await hubFetch(hubUrl, '/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status === 401) {
    throw new HubRequestError('Wrong username or password.', 'credentials');
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    const wait =
      Number.isFinite(seconds) && seconds > 0
        ? seconds >= 90
          ? `${Math.ceil(seconds / 60)} minutes`
          : `${Math.ceil(seconds)} seconds`
        : 'a few minutes';
    throw new HubRequestError(
      `Too many failed sign-ins for this user or workstation. Try again in ${wait}.`,
      'throttled',
    );
  }
  if (!response.ok) {
    throw new HubRequestError(
      `The hub at ${hubUrl} refused the sign-in (HTTP ${response.status}: ${await errorMessage(response)}).`,
      'http',
    );
  }
  const body = (await response.json()) as Partial<LoginResponse>;
  if (typeof body.token !== 'string' || !isSessionUser(body.user)) {
    throw new HubRequestError(
      `The server at ${hubUrl} answered, but not like a Jetbridge hub.`,
      'http',
    );
  }
  return { token: body.token, user: body.user };
}

function isSessionUser(value: unknown): value is SessionUser {
  if (typeof value !== 'object' || value === null) return false;
  const user = value as Record<string, unknown>;
  return (
    typeof user.username === 'string' &&
    typeof user.role === 'string' &&
    Object.hasOwn(ROLE_PERMISSIONS, user.role)
  );
}

/** Ends the session at the hub (the token stops working everywhere). Best effort: never throws. */
export async function logoutFromHub(hubUrl: string, token: string): Promise<void> {
  try {
    await hubFetch(hubUrl, '/api/logout', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
  } catch {
    // Unreachable hub: the token still expires at the end of the shift.
  }
}

/** The user a remembered token names, read from its payload (the hub checks it on use). */
export function sessionUserFromToken(token: string): SessionUser | null {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const payload = JSON.parse(json) as { sub?: unknown; role?: unknown; exp?: unknown };
    const user = { username: payload.sub, role: payload.role };
    if (!isSessionUser(user)) return null;
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) return null;
    return user;
  } catch {
    return null;
  }
}

function locationOf(lat: unknown, lon: unknown): AirportInfo['location'] {
  const degrees = (value: unknown, limit: number): value is number =>
    typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
  return degrees(lat, 90) && degrees(lon, 180) ? { lat, lon } : null;
}

/** The airport this hub serves; null when the hub does not say (the console still works). */
export async function fetchAirport(hubUrl: string, token: string): Promise<AirportInfo | null> {
  try {
    const response = await hubFetch(hubUrl, '/api/airport', {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) return null;
    const body = (await response.json()) as Partial<AirportInfo> & { lat?: unknown; lon?: unknown };
    if (typeof body.iata !== 'string' || typeof body.timeZone !== 'string') return null;
    return {
      iata: body.iata,
      name: typeof body.name === 'string' ? body.name : body.iata,
      city: typeof body.city === 'string' ? body.city : '',
      timeZone: body.timeZone,
      location: locationOf(body.lat, body.lon),
    };
  } catch {
    return null;
  }
}
