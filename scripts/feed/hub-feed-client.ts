/**
 * How a feed producer talks to the hub, as any integration would: only `/api/feed/*`, with its
 * feed key as `Authorization: Bearer <key>` (contract section 8). It sends positions, may ask
 * which flights exist (`GET /api/feed/flights`; see scripts/feed/README.md), and can
 * tell whether the hub is up at all (`GET /healthz`).
 */
import { z } from 'zod';
import { flightSchema, type Flight } from '../../core/flight';
import { describeFetchError, retryAfterMs } from './http-failures';

export interface HubFeedClientOptions {
  /** Base URL of the hub, e.g. http://127.0.0.1:4300. */
  hubUrl: string;
  feedKey: string;
  /** Per request, ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** What became of one POST. */
export type PostOutcome =
  /** The hub took the body (2xx); `answer` is its JSON answer. */
  | { kind: 'accepted'; answer: unknown }
  /** Worth trying again later: the hub is unreachable, busy (5xx) or rate-limiting (429). */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /**
   * Refused (4xx). `fatal` when no later attempt can succeed: the key is wrong or revoked (401,
   * 403), or the hub has no such endpoint (404). A refused body (400, 413) is not fatal.
   */
  | { kind: 'refused'; status: number; reason: string; fatal: boolean };

const flightsAnswerSchema = z.object({ flights: z.array(flightSchema) });

export interface HubFeedClient {
  readonly hubUrl: string;
  /** POSTs an OpenSky `/states/all` body (a JSON text, sent as is, or a value to serialise). */
  postPositions(body: string | object, signal?: AbortSignal): Promise<PostOutcome>;
  /** The live flights the key may see, or `unavailable` when the hub has no such endpoint. */
  fetchFlights(signal?: AbortSignal): Promise<Flight[] | 'unavailable'>;
  /** True when `GET /healthz` answers 200. */
  isUp(signal?: AbortSignal): Promise<boolean>;
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (body.error?.message) return `${response.status} ${body.error.message}`;
  } catch {
    // not the hub's JSON error: show the start of the text
  }
  return `${response.status} ${text.slice(0, 120)}`.trim();
}

export function createHubFeedClient(options: HubFeedClientOptions): HubFeedClient {
  const hubUrl = options.hubUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const authorization = `Bearer ${options.feedKey}`;
  const signalFor = (signal?: AbortSignal): AbortSignal =>
    signal
      ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);

  return {
    hubUrl,

    async postPositions(body, signal) {
      let response: Response;
      try {
        response = await doFetch(`${hubUrl}/api/feed/positions`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
          signal: signalFor(signal),
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        return { kind: 'retry', reason: describeFetchError(error) };
      }
      if (response.ok) {
        const answer: unknown = await response.json().catch(() => null);
        return { kind: 'accepted', answer };
      }
      const reason = await errorMessage(response);
      if (response.status === 429 || response.status >= 500) {
        const wait = retryAfterMs(response.headers.get('retry-after'));
        return { kind: 'retry', reason, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
      }
      const fatal = [401, 403, 404].includes(response.status);
      return { kind: 'refused', status: response.status, reason, fatal };
    },

    async fetchFlights(signal) {
      const response = await doFetch(`${hubUrl}/api/feed/flights`, {
        headers: { authorization },
        signal: signalFor(signal),
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return 'unavailable';
      }
      if (!response.ok) throw new Error(`GET /api/feed/flights: ${await errorMessage(response)}`);
      const parsed = flightsAnswerSchema.safeParse(await response.json());
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `GET /api/feed/flights answered an unexpected body: ${issue?.path.join('.')} ${issue?.message}`,
        );
      }
      return parsed.data.flights;
    },

    async isUp(signal) {
      try {
        const response = await doFetch(`${hubUrl}/healthz`, { signal: signalFor(signal) });
        await response.body?.cancel();
        return response.ok;
      } catch (error) {
        if (signal?.aborted) throw error;
        return false;
      }
    },
  };
}
