/**
 * A stand-in for the hub's feed endpoints, for testing producers: a real HTTP server on a free
 * port that checks the feed key (`Authorization: Bearer <key>`), records every positions body it
 * takes, answers as the real endpoint would (`parsePositionsBody`), serves `GET /healthz` and,
 * when given flights, `GET /api/feed/flights` (as the hub serves it). It can be switched "down"
 * (every connection is dropped) and told to fail the next requests with a status.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Flight } from '../core/flight';
import { POSITIONS_BODY_LIMIT_BYTES, parsePositionsBody } from '../server/traffic/opensky-states';

export interface RecordedPost {
  /** The body exactly as received. */
  text: string;
  /** Parsed JSON. */
  json: unknown;
  at: number;
}

export interface FakeFeedHub {
  url: string;
  posts: RecordedPost[];
  /** Requests refused for a missing or wrong key. */
  unauthorized: number;
  /** Connections dropped while down. */
  dropped: number;
  /** Resolves once `count` positions bodies have been taken in all. */
  waitForPosts(count: number): Promise<RecordedPost[]>;
  /** Resolves once `count` connections have been dropped in all. */
  waitForDropped(count: number): Promise<void>;
  setDown(down: boolean): void;
  /** The next `times` positions POSTs get `status` (with `Retry-After` when given). */
  failNext(times: number, status: number, retryAfterSeconds?: number): void;
  /** Serve `GET /api/feed/flights` with these flights (404 while undefined). */
  setFlights(flights: Flight[] | undefined): void;
  close(): Promise<void>;
}

export async function startFakeFeedHub(options: { feedKey: string }): Promise<FakeFeedHub> {
  const posts: RecordedPost[] = [];
  const waiters: Array<() => void> = [];
  let down = false;
  let failures: { times: number; status: number; retryAfterSeconds?: number } | undefined;
  let flights: Flight[] | undefined;
  let unauthorized = 0;
  let dropped = 0;
  const notify = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, code: string, message: string): void =>
    json(res, status, { error: { code, message } });

  const readBody = async (req: IncomingMessage): Promise<string | undefined> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > POSITIONS_BODY_LIMIT_BYTES) return undefined;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (down) {
        dropped += 1;
        notify();
        req.socket.destroy();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://hub');
      if (req.method === 'GET' && url.pathname === '/healthz') return json(res, 200, { ok: true });
      if (!url.pathname.startsWith('/api/feed/')) return error(res, 404, 'NOT_FOUND', 'no route');
      if (req.headers.authorization !== `Bearer ${options.feedKey}`) {
        unauthorized += 1;
        notify();
        return error(res, 401, 'UNAUTHORIZED', 'unknown feed key');
      }
      if (req.method === 'GET' && url.pathname === '/api/feed/flights') {
        if (!flights) return error(res, 404, 'NOT_FOUND', 'no route');
        return json(res, 200, { flights });
      }
      if (req.method !== 'POST' || url.pathname !== '/api/feed/positions') {
        return error(res, 404, 'NOT_FOUND', 'no route');
      }
      if (failures && failures.times > 0) {
        failures.times -= 1;
        if (failures.retryAfterSeconds !== undefined) {
          res.setHeader('retry-after', String(failures.retryAfterSeconds));
        }
        return error(res, failures.status, 'INTERNAL', 'failing on purpose');
      }
      const text = await readBody(req);
      if (text === undefined) return error(res, 413, 'INVALID', 'body too large');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return error(res, 400, 'INVALID', 'body: not JSON');
      }
      const parsed = parsePositionsBody(body);
      if (!parsed.ok) return error(res, 400, 'INVALID', parsed.message);
      posts.push({ text, json: body, at: Date.now() });
      notify();
      json(res, 200, {
        accepted: parsed.body.states.length,
        rejected: parsed.body.rejected,
        rejectedCount: parsed.body.rejectedCount,
      });
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const until = (done: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (done()) resolve();
        else waiters.push(check);
      };
      check();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    get unauthorized() {
      return unauthorized;
    },
    get dropped() {
      return dropped;
    },
    waitForPosts: async (count) => {
      await until(() => posts.length >= count);
      return posts.slice(0, count);
    },
    waitForDropped: (count) => until(() => dropped >= count),
    setDown: (value) => {
      down = value;
    },
    failNext: (times, status, retryAfterSeconds) => {
      failures = {
        times,
        status,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      };
    },
    setFlights: (value) => {
      flights = value;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
