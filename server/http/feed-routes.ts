import express, { type Request, type Router } from 'express';
import { describeZodError } from '../../core';
import type { ApiKeys, FeedPrincipal } from '../feed/api-keys';
import type { FeedProcessor } from '../feed/feed-messages';
import { feedRequestSchema } from '../feed/feed-messages';
import { HubError, RateLimitedError } from '../hub-error';
import type { FlightStore } from '../store/flight-store';
import { bearerToken } from './request-auth';
import { POSITIONS_BODY_LIMIT_BYTES, parsePositionsBody } from '../traffic/opensky-states';
import type { LiveTraffic, PositionsAnswer } from '../traffic/live-traffic';

export interface FeedRouteDeps {
  keys: ApiKeys;
  feed: FeedProcessor;
  store: Pick<FlightStore, 'flights' | 'seq'>;
  /** Counts each message by its result (jetbridge_feed_messages_total). */
  countMessage?: (result: 'ok' | 'refused') => void;
  /** Where `POST /api/feed/positions` goes; without it the endpoint does not exist. */
  traffic?: Pick<LiveTraffic, 'ingest' | 'admit'>;
  /** Counts the states of each positions body by result (jetbridge_positions_total). */
  countPositions?: (answer: PositionsAnswer) => void;
}

/** 1,000 messages of a few hundred bytes each, with room to spare. */
const FEED_BODY_LIMIT = '2mb';

/**
 * The operational feed (contract section 8), authenticated with an API key — and only with one:
 * a key works nowhere else, and a staff session token does not work here.
 */
export function feedRoutes({
  keys,
  feed,
  store,
  countMessage,
  traffic,
  countPositions,
}: FeedRouteDeps): Router {
  const router = express.Router();

  router.post('/feed/flights', express.json({ limit: FEED_BODY_LIMIT }), async (req, res) => {
    const principal = requireKey(req, keys);
    const parsed = feedRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'body'));
    const { messages } = parsed.data;
    if (!feed.admit(principal, messages.length)) {
      throw new RateLimitedError(
        `key ${principal.name} sends faster than the hub takes; slow down`,
        1,
      );
    }
    const results = await feed.process(principal, messages);
    for (const result of results) countMessage?.(result.ok ? 'ok' : 'refused');
    res.json({ results });
  });

  // What an integration may see: the live table, both directions, of the key's airlines (so a
  // tracker or a DCS adapter knows which flights exist).
  router.get('/feed/flights', async (req, res) => {
    const principal = requireKey(req, keys);
    const flights = [...store.flights()].filter(
      (flight) => !principal.airlines || principal.airlines.includes(flight.airline),
    );
    res.json({ seq: store.seq, flights });
  });

  if (traffic) {
    // The key and the content type are checked before a byte of the body is read.
    router.post(
      '/feed/positions',
      (req, res, next) => {
        const principal = requireKey(req, keys);
        res.locals.principal = principal;
        if (!traffic.admit(principal)) {
          throw new RateLimitedError(
            `key ${principal.name} posts positions faster than the hub takes (5 bodies a second); slow down`,
            1,
          );
        }
        if (!req.is('application/json')) {
          throw new HubError(
            'INVALID',
            'body: must be JSON, the body of OpenSky /states/all (Content-Type: application/json)',
          );
        }
        next();
      },
      express.json({ limit: POSITIONS_BODY_LIMIT_BYTES }),
      (req, res) => {
        const parsed = parsePositionsBody(req.body);
        if (!parsed.ok) throw new HubError('INVALID', parsed.message);
        const answer = traffic.ingest(res.locals.principal as FeedPrincipal, parsed.body);
        countPositions?.(answer);
        res.json(answer);
      },
    );
  }

  return router;
}

function requireKey(req: Request, keys: ApiKeys): FeedPrincipal {
  const principal = keys.verify(bearerToken(req));
  if (!principal)
    throw new HubError('UNAUTHORIZED', 'a valid API key is required (Authorization: Bearer jbk_…)');
  return principal;
}
