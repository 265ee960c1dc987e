/**
 * `npm run feed:opensky`: live ADS-B positions around the airport from the OpenSky Network (or any
 * OpenSky-compatible REST API), forwarded to the hub as they come (scripts/feed/README.md).
 *
 *   JETBRIDGE_FEED_KEY=<key> npm run feed:opensky
 *
 * JETBRIDGE_HUB_URL (default http://127.0.0.1:4300); OPENSKY_API_BASE (default
 * https://opensky-network.org/api); OPENSKY_BBOX=lamin,lomin,lamax,lomax (default: 5° × 5° around
 * JETBRIDGE_AIRPORT, DEL unless set, one credit a request); OPENSKY_CLIENT_ID and
 * OPENSKY_CLIENT_SECRET (an OpenSky API client; anonymous without), OPENSKY_TOKEN_URL;
 * OPENSKY_POLL_SECONDS (default: a day's credits spread evenly), OPENSKY_DAILY_CREDITS.
 * Stops cleanly on SIGINT/SIGTERM; exits 1 when refused for good, 2 on bad settings.
 */
import { z } from 'zod';
import { describeZodError } from '../../core/protocol';
import { loadDemoGeography } from './demo-geography';
import { createHubFeedClient } from './hub-feed-client';
import {
  OPENSKY_API_BASE,
  OPENSKY_RESOLUTION_MS,
  OPENSKY_TOKEN_URL,
  boundingBoxAround,
  createOpenSkyClient,
  defaultPollIntervalMs,
  openSkyCreditCost,
  parseBoundingBox,
  type BoundingBox,
} from './opensky-client';
import { runOpenSkyForwarder } from './opensky-forwarding';
import { logLine, stopOnSignals } from './process-lifecycle';

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, message: `must be an http(s) URL, e.g. ${example}` });

const settingsSchema = z
  .object({
    JETBRIDGE_HUB_URL: httpUrl('http://127.0.0.1:4300').default('http://127.0.0.1:4300'),
    JETBRIDGE_FEED_KEY: z
      .string('must be set to a feed key (npm run hub -- keys add <name>)')
      .min(1, 'must be set to a feed key (npm run hub -- keys add <name>)'),
    JETBRIDGE_AIRPORT: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an IATA airport code')
      .default('DEL'),
    OPENSKY_API_BASE: httpUrl(OPENSKY_API_BASE).default(OPENSKY_API_BASE),
    OPENSKY_BBOX: z.string().optional(),
    OPENSKY_CLIENT_ID: z.string().min(1).optional(),
    OPENSKY_CLIENT_SECRET: z.string().min(1).optional(),
    OPENSKY_TOKEN_URL: httpUrl(OPENSKY_TOKEN_URL).default(OPENSKY_TOKEN_URL),
    OPENSKY_POLL_SECONDS: z.coerce.number().positive('must be a number of seconds').optional(),
    OPENSKY_DAILY_CREDITS: z.coerce.number().int().positive().optional(),
  })
  .refine(
    (env) => (env.OPENSKY_CLIENT_ID === undefined) === (env.OPENSKY_CLIENT_SECRET === undefined),
    {
      message: 'set both OPENSKY_CLIENT_ID and OPENSKY_CLIENT_SECRET, or neither',
      path: ['OPENSKY_CLIENT_ID'],
    },
  );

function boxFor(
  settings: z.infer<typeof settingsSchema>,
): { box: BoundingBox; from: string } | { error: string } {
  if (settings.OPENSKY_BBOX !== undefined) {
    const parsed = parseBoundingBox(settings.OPENSKY_BBOX);
    return 'error' in parsed
      ? { error: `OPENSKY_BBOX: ${parsed.error}` }
      : { box: parsed, from: 'OPENSKY_BBOX' };
  }
  const airport = loadDemoGeography().airport(settings.JETBRIDGE_AIRPORT);
  if (!airport) {
    return {
      error: `no position known for ${settings.JETBRIDGE_AIRPORT}: set OPENSKY_BBOX=lamin,lomin,lamax,lomax`,
    };
  }
  return { box: boundingBoxAround(airport), from: `around ${settings.JETBRIDGE_AIRPORT}` };
}

async function main(): Promise<number> {
  const log = logLine('feed:opensky');
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    log(describeZodError(parsed.error, 'environment'));
    return 2;
  }
  const settings = parsed.data;
  const area = boxFor(settings);
  if ('error' in area) {
    log(area.error);
    return 2;
  }
  const credentials =
    settings.OPENSKY_CLIENT_ID && settings.OPENSKY_CLIENT_SECRET
      ? {
          clientId: settings.OPENSKY_CLIENT_ID,
          clientSecret: settings.OPENSKY_CLIENT_SECRET,
          tokenUrl: settings.OPENSKY_TOKEN_URL,
        }
      : undefined;
  const opensky = createOpenSkyClient({
    apiBase: settings.OPENSKY_API_BASE,
    ...(credentials ? { credentials } : {}),
  });
  const tier = opensky.authenticated ? 'authenticated' : 'anonymous';
  const budgetMs = defaultPollIntervalMs({
    authenticated: opensky.authenticated,
    box: area.box,
    ...(settings.OPENSKY_DAILY_CREDITS ? { dailyCredits: settings.OPENSKY_DAILY_CREDITS } : {}),
  });
  const pollIntervalMs =
    settings.OPENSKY_POLL_SECONDS !== undefined ? settings.OPENSKY_POLL_SECONDS * 1000 : budgetMs;
  if (pollIntervalMs < OPENSKY_RESOLUTION_MS[tier]) {
    log(`note: OpenSky's ${tier} data changes only every ${OPENSKY_RESOLUTION_MS[tier] / 1000} s`);
  }
  if (pollIntervalMs < budgetMs) {
    log(`note: polling every ${pollIntervalMs / 1000} s spends a day's credits early; expect 429s`);
  }
  const { lamin, lomin, lamax, lomax } = area.box;
  log(
    `polling ${settings.OPENSKY_API_BASE}/states/all (${tier}) for ${lamin},${lomin},${lamax},${lomax} ` +
      `(${area.from}; ${openSkyCreditCost(area.box)} credit a request) every ${pollIntervalMs / 1000} s, ` +
      `forwarding to ${settings.JETBRIDGE_HUB_URL}/api/feed/positions`,
  );
  const signal = stopOnSignals(() => log('stopping'));
  const end = await runOpenSkyForwarder(
    {
      opensky,
      hub: createHubFeedClient({
        hubUrl: settings.JETBRIDGE_HUB_URL,
        feedKey: settings.JETBRIDGE_FEED_KEY,
      }),
      box: area.box,
      pollIntervalMs,
      log,
    },
    signal,
  );
  log(end === 'stopped' ? 'stopped' : 'stopped: refused for good (see above)');
  return end === 'stopped' ? 0 : 1;
}

process.exitCode = await main();
