/**
 * A local stand-in for the OpenSky Network REST API (https://openskynetwork.github.io/opensky-api/
 * rest.html), for testing what polls it: a real HTTP server on a free port that answers
 * `GET /api/states/all` as OpenSky does —
 *
 * - the bounding box `lamin`, `lomin`, `lamax`, `lomax` (all four or none; 400 otherwise), one or
 *   more `icao24`, `time` (ignored for anonymous callers; for authenticated ones rounded down to
 *   5 s, and 400 when more than an hour back), `extended=1` adding the aircraft category;
 * - the answer `{ time, states }`, `states` null when nothing matches; anonymous `time` is the
 *   current time rounded down to 10 s;
 * - API credits per request by box area (1 up to 25 sq°, 2 to 100, 3 to 400, 4 beyond or
 *   without a box), `X-Rate-Limit-Remaining`, and, once spent (or on demand), `429` with
 *   `X-Rate-Limit-Retry-After-Seconds`;
 * - OAuth2 client credentials at `/auth/realms/opensky-network/protocol/openid-connect/token`,
 *   bearer tokens checked (401 when unknown or expired).
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenSkyStateVectorTuple } from '../server/traffic/opensky-states';
import { openSkyCreditCost } from '../scripts/feed/opensky-client';

export const FAKE_OPENSKY_TOKEN_PATH = '/auth/realms/opensky-network/protocol/openid-connect/token';

export interface FakeOpenSkyRequest {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** When the request came in. */
  at: number;
  status: number;
  /** The body answered, exactly. */
  body: string;
}

export interface FakeOpenSky {
  /** The API base, like https://opensky-network.org/api. */
  apiBase: string;
  tokenUrl: string;
  requests: FakeOpenSkyRequest[];
  /** Credits left today, anonymous and authenticated. */
  credits: { anonymous: number; authenticated: number };
  /** The aircraft the fake sees now (17-field vectors; category from `categories` when extended). */
  setStates(states: OpenSkyStateVectorTuple[]): void;
  /** The body `GET /states/all` answers now for these query parameters (anonymous). */
  answerFor(query: Record<string, string>): { time: number; states: unknown[] | null };
  /** The next `times` state requests get 429 with this retry-after. */
  rateLimitNext(times: number, retryAfterSeconds: number): void;
  /** Every token issued so far stops working. */
  expireTokens(): void;
  /** Resolves once `count` `/states/all` requests have been answered in all. */
  waitForStateRequests(count: number): Promise<FakeOpenSkyRequest[]>;
  close(): Promise<void>;
}

const DAILY_CREDITS = { anonymous: 400, authenticated: 4000 };

export async function startFakeOpenSky(
  options: {
    /** Enables authentication with these client credentials. */
    client?: { id: string; secret: string };
    now?: () => number;
    categories?: Record<string, number>;
  } = {},
): Promise<FakeOpenSky> {
  const now = options.now ?? Date.now;
  let states: OpenSkyStateVectorTuple[] = [];
  const requests: FakeOpenSkyRequest[] = [];
  const tokens = new Map<string, number>();
  const credits = { ...DAILY_CREDITS };
  let forced: { times: number; retryAfterSeconds: number } | undefined;
  const waiters: Array<() => void> = [];
  const stateRequests = () => requests.filter((request) => request.path === '/api/states/all');

  function select(query: URLSearchParams, authenticated: boolean) {
    const names = ['lamin', 'lomin', 'lamax', 'lomax'] as const;
    const given = names.filter((name) => query.has(name));
    if (given.length !== 0 && given.length !== 4)
      return { error: 'incomplete bounding box' } as const;
    const box =
      given.length === 4
        ? {
            lamin: Number(query.get('lamin')),
            lomin: Number(query.get('lomin')),
            lamax: Number(query.get('lamax')),
            lomax: Number(query.get('lomax')),
          }
        : undefined;
    if (box && Object.values(box).some((value) => !Number.isFinite(value))) {
      return { error: 'bounding box is not numeric' } as const;
    }
    const nowSeconds = Math.floor(now() / 1000);
    let time = nowSeconds - (nowSeconds % 10);
    if (authenticated && query.has('time')) {
      const asked = Number(query.get('time'));
      if (!Number.isInteger(asked) || asked < nowSeconds - 3600)
        return { error: 'time out of range' } as const;
      time = asked - (asked % 5);
    } else if (authenticated) {
      time = nowSeconds - (nowSeconds % 5);
    }
    const icao24 = new Set(query.getAll('icao24').map((value) => value.toLowerCase()));
    const extended = query.get('extended') === '1';
    const selected = states
      .filter((state) => icao24.size === 0 || icao24.has(state[0]))
      .filter((state) => {
        if (!box) return true;
        const [lon, lat] = [state[5], state[6]];
        return (
          lat !== null &&
          lon !== null &&
          lat >= box.lamin &&
          lat <= box.lamax &&
          lon >= box.lomin &&
          lon <= box.lomax
        );
      })
      .map((state) =>
        extended
          ? [...state.slice(0, 17), options.categories?.[state[0]] ?? 0]
          : state.slice(0, 17),
      );
    return {
      time,
      states: selected.length > 0 ? selected : null,
      cost: openSkyCreditCost(box),
    } as const;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://opensky');
    const authorization = req.headers.authorization;
    const receivedAt = now();
    /** Answers, and records the request with the answer. */
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(text);
      requests.push({
        path: url.pathname,
        query: url.searchParams,
        authorization,
        at: receivedAt,
        status,
        body: text,
      });
      for (const waiter of waiters.splice(0)) waiter();
    };

    if (req.method === 'POST' && url.pathname === FAKE_OPENSKY_TOKEN_PATH) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const client = options.client;
        if (
          !client ||
          form.get('grant_type') !== 'client_credentials' ||
          form.get('client_id') !== client.id ||
          form.get('client_secret') !== client.secret
        ) {
          return send(401, {
            error: 'invalid_client',
            error_description: 'Invalid client credentials',
          });
        }
        const token = randomBytes(16).toString('hex');
        tokens.set(token, now() + 1800_000);
        send(200, {
          access_token: token,
          expires_in: 1800,
          token_type: 'Bearer',
          scope: 'profile email',
        });
      });
      return;
    }

    if (req.method !== 'GET' || url.pathname !== '/api/states/all') {
      return send(404, undefined);
    }
    let authenticated = false;
    if (authorization !== undefined) {
      const token = /^Bearer (.+)$/.exec(authorization)?.[1];
      const expiresAt = token === undefined ? undefined : tokens.get(token);
      if (expiresAt === undefined || expiresAt <= now()) {
        return send(401, undefined);
      }
      authenticated = true;
    }
    const bucket = authenticated ? 'authenticated' : 'anonymous';
    if (forced && forced.times > 0) {
      forced.times -= 1;
      return send(429, undefined, {
        'X-Rate-Limit-Retry-After-Seconds': String(forced.retryAfterSeconds),
      });
    }
    const answer = select(url.searchParams, authenticated);
    if ('error' in answer) {
      return send(400, undefined);
    }
    if (credits[bucket] < answer.cost) {
      return send(429, undefined, { 'X-Rate-Limit-Retry-After-Seconds': '3600' });
    }
    credits[bucket] -= answer.cost;
    send(
      200,
      { time: answer.time, states: answer.states },
      {
        'X-Rate-Limit-Remaining': String(credits[bucket]),
      },
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiBase: `${origin}/api`,
    tokenUrl: `${origin}${FAKE_OPENSKY_TOKEN_PATH}`,
    requests,
    credits,
    setStates: (value) => {
      states = value;
    },
    answerFor: (query) => {
      const answer = select(new URLSearchParams(query), false);
      if ('error' in answer) throw new Error(answer.error);
      return { time: answer.time, states: answer.states };
    },
    rateLimitNext: (times, retryAfterSeconds) => {
      forced = { times, retryAfterSeconds };
    },
    expireTokens: () => {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    waitForStateRequests: (count) =>
      new Promise((resolve) => {
        const check = () => {
          const answered = stateRequests();
          if (answered.length >= count) resolve(answered.slice(0, count));
          else waiters.push(check);
        };
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
