/**
 * Polling an OpenSky-compatible `GET /states/all` (https://openskynetwork.github.io/opensky-api/
 * rest.html) within its limits:
 *
 * - API credits: each request costs 1–4 credits by the area of its bounding box (1 up to 25 sq°,
 *   2 to 100, 3 to 400, 4 beyond or without a box); anonymous callers get 400 a day, registered
 *   ones 4,000 (8,000 for active feeders). The default poll interval spends a day's credits evenly
 *   over the day, and never goes below the data's time resolution (10 s anonymous, 5 s registered).
 * - Once spent, OpenSky answers 429 with `X-Rate-Limit-Retry-After-Seconds`; the caller waits that.
 * - Authentication is OAuth2 client credentials: a bearer token from OpenSky's token endpoint,
 *   valid 30 minutes, renewed shortly before it expires, and once more if a request gets 401.
 */
import { z } from 'zod';
import type { LatLon } from '../../core/geo';
import { describeFetchError } from './http-failures';

export const OPENSKY_API_BASE = 'https://opensky-network.org/api';
export const OPENSKY_TOKEN_URL =
  'https://auth.opensky-network.org/auth/realms/opensky-network/protocol/openid-connect/token';
export const OPENSKY_DAILY_CREDITS = { anonymous: 400, authenticated: 4000 } as const;
/** Time resolution of the data: polling faster only returns the same states again. */
export const OPENSKY_RESOLUTION_MS = { anonymous: 10_000, authenticated: 5_000 } as const;

export interface BoundingBox {
  lamin: number;
  lomin: number;
  lamax: number;
  lomax: number;
}

const boundingBoxSchema = z
  .string()
  .transform((text) => text.split(',').map((part) => Number(part.trim())))
  .pipe(
    z.tuple([
      z.number().min(-90).max(90),
      z.number().min(-180).max(180),
      z.number().min(-90).max(90),
      z.number().min(-180).max(180),
    ]),
  )
  .refine(([lamin, lomin, lamax, lomax]) => lamin < lamax && lomin < lomax, {
    message: 'must be lamin,lomin,lamax,lomax with lamin < lamax and lomin < lomax',
  })
  .transform(([lamin, lomin, lamax, lomax]): BoundingBox => ({ lamin, lomin, lamax, lomax }));

/** `OPENSKY_BBOX`: "lamin,lomin,lamax,lomax" in decimal degrees. */
export function parseBoundingBox(text: string): BoundingBox | { error: string } {
  const parsed = boundingBoxSchema.safeParse(text);
  if (parsed.success) return parsed.data;
  return {
    error: `must be lamin,lomin,lamax,lomax in degrees (e.g. 26.07,74.60,31.07,79.60): ${
      parsed.error.issues[0]?.message ?? 'invalid'
    }`,
  };
}

/** A box `halfSideDeg` around a point: 2.5° (the default) is 25 sq°, one credit a request. */
export function boundingBoxAround(point: LatLon, halfSideDeg = 2.5): BoundingBox {
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return {
    lamin: round(Math.max(-90, point.lat - halfSideDeg)),
    lomin: round(Math.max(-180, point.lon - halfSideDeg)),
    lamax: round(Math.min(90, point.lat + halfSideDeg)),
    lomax: round(Math.min(180, point.lon + halfSideDeg)),
  };
}

/** Credits one `/states/all` request costs, by its box's area in square degrees. */
export function openSkyCreditCost(box: BoundingBox | undefined): number {
  if (!box) return 4;
  const area = (box.lamax - box.lamin) * (box.lomax - box.lomin);
  if (area <= 25) return 1;
  if (area <= 100) return 2;
  if (area <= 400) return 3;
  return 4;
}

/** The interval that spends `dailyCredits` evenly over a day, at least the data's resolution. */
export function defaultPollIntervalMs(input: {
  authenticated: boolean;
  box: BoundingBox;
  dailyCredits?: number;
}): number {
  const tier = input.authenticated ? 'authenticated' : 'anonymous';
  const credits = input.dailyCredits ?? OPENSKY_DAILY_CREDITS[tier];
  const evenly = Math.ceil((86_400 * openSkyCreditCost(input.box)) / credits) * 1000;
  return Math.max(OPENSKY_RESOLUTION_MS[tier], evenly);
}

export interface OpenSkyCredentials {
  clientId: string;
  clientSecret: string;
  tokenUrl?: string;
}

/** A states answer: `text` exactly as OpenSky sent it. */
export type StatesFetch =
  | { kind: 'ok'; text: string; time: number; count: number; remainingCredits?: number }
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** `fatal`: no retry can succeed (credentials refused, request refused as malformed). */
  | { kind: 'failed'; reason: string; fatal: boolean };

export interface OpenSkyClient {
  readonly authenticated: boolean;
  fetchStates(box: BoundingBox, signal?: AbortSignal): Promise<StatesFetch>;
}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
});
/** The envelope is checked before forwarding; the hub judges each state vector. */
const statesEnvelopeSchema = z.object({
  time: z.int().nonnegative(),
  states: z.array(z.unknown()).nullable(),
});

/** OpenSky's token endpoint refused the client credentials: no retry will do better. */
class TokenRefused extends Error {}

/** Renew a token this long before OpenSky says it expires. */
const TOKEN_MARGIN_MS = 30_000;
/** Without a Retry-After header, a 429 waits this long. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export function createOpenSkyClient(options: {
  apiBase?: string;
  credentials?: OpenSkyCredentials;
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}): OpenSkyClient {
  const apiBase = (options.apiBase ?? OPENSKY_API_BASE).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const credentials = options.credentials;
  let token: { value: string; renewAt: number } | undefined;
  const signalFor = (signal?: AbortSignal) =>
    signal
      ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);

  async function accessToken(signal?: AbortSignal): Promise<string> {
    if (!credentials) throw new Error('no credentials');
    if (token && now() < token.renewAt) return token.value;
    const response = await doFetch(credentials.tokenUrl ?? OPENSKY_TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }),
      signal: signalFor(signal),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new TokenRefused(`OpenSky's token endpoint answered ${response.status}`);
    }
    const parsed = tokenAnswerSchema.safeParse(await response.json());
    if (!parsed.success) throw new Error("OpenSky's token endpoint answered no access_token");
    const lifetimeMs = (parsed.data.expires_in ?? 1800) * 1000;
    token = {
      value: parsed.data.access_token,
      renewAt: now() + Math.max(0, lifetimeMs - TOKEN_MARGIN_MS),
    };
    return token.value;
  }

  async function request(box: BoundingBox, signal?: AbortSignal): Promise<Response> {
    const query = new URLSearchParams({
      lamin: String(box.lamin),
      lomin: String(box.lomin),
      lamax: String(box.lamax),
      lomax: String(box.lomax),
    });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credentials) headers.authorization = `Bearer ${await accessToken(signal)}`;
    return doFetch(`${apiBase}/states/all?${query}`, { headers, signal: signalFor(signal) });
  }

  return {
    authenticated: credentials !== undefined,

    async fetchStates(box, signal) {
      let response: Response;
      try {
        response = await request(box, signal);
        if (response.status === 401 && credentials) {
          // The token expired early or was revoked: one fresh token, one more try.
          await response.body?.cancel();
          token = undefined;
          response = await request(box, signal);
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        if (error instanceof TokenRefused)
          return { kind: 'failed', reason: error.message, fatal: true };
        return { kind: 'failed', reason: describeFetchError(error), fatal: false };
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const seconds = Number(response.headers.get('x-rate-limit-retry-after-seconds'));
        const retryAfterMs =
          Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS;
        return { kind: 'rate-limited', retryAfterMs };
      }
      if (!response.ok) {
        await response.body?.cancel();
        const fatal = [400, 401, 403].includes(response.status);
        const reason =
          response.status === 401
            ? 'OpenSky refused the credentials (401)'
            : `OpenSky answered ${response.status}`;
        return { kind: 'failed', reason, fatal };
      }
      const text = await response.text();
      let envelope;
      try {
        envelope = statesEnvelopeSchema.safeParse(JSON.parse(text));
      } catch {
        return {
          kind: 'failed',
          reason: 'OpenSky answered something other than JSON',
          fatal: false,
        };
      }
      if (!envelope.success) {
        return {
          kind: 'failed',
          reason: 'OpenSky answered no { time, states } body',
          fatal: false,
        };
      }
      const remaining = Number(response.headers.get('x-rate-limit-remaining'));
      return {
        kind: 'ok',
        text,
        time: envelope.data.time,
        count: envelope.data.states?.length ?? 0,
        ...(response.headers.has('x-rate-limit-remaining') && Number.isFinite(remaining)
          ? { remainingCredits: remaining }
          : {}),
      };
    },
  };
}
