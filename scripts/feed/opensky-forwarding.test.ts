import { afterEach, describe, expect, it } from 'vitest';
import type { OpenSkyStateVectorTuple } from '../../server/traffic/opensky-states';
import { startFakeFeedHub, type FakeFeedHub } from '../../test-support/fake-feed-hub';
import { startFakeOpenSky, type FakeOpenSky } from '../../test-support/fake-opensky';
import { Backoff } from './backoff';
import { createHubFeedClient } from './hub-feed-client';
import {
  boundingBoxAround,
  createOpenSkyClient,
  defaultPollIntervalMs,
  openSkyCreditCost,
  parseBoundingBox,
  type BoundingBox,
  type OpenSkyCredentials,
} from './opensky-client';
import { runOpenSkyForwarder, type ForwarderEnd } from './opensky-forwarding';

const KEY = 'jbf_forwarder_key';
const CLIENT = { id: 'jetbridge-test', secret: 's3cret' };
const DEL = { lat: 28.5665, lon: 77.103104 };
const BOX: BoundingBox = boundingBoxAround(DEL);

function vector(
  icao24: string,
  callsign: string,
  lat: number,
  lon: number,
): OpenSkyStateVectorTuple {
  const now = Math.floor(Date.now() / 1000);
  return [
    icao24,
    callsign,
    'India',
    now,
    now,
    lon,
    lat,
    3000,
    false,
    120.5,
    270,
    -5,
    null,
    3050,
    '4317',
    false,
    0,
  ];
}

const NEAR_DELHI = [
  vector('800c2e', 'IGO2134 ', 28.7, 77.4),
  vector('8006e1', 'AIC866  ', 27.9, 76.2),
  vector('800aa1', 'VTI955  ', 29.9, 78.8),
];
const FAR_AWAY = [
  vector('4240ec', 'UTA394  ', 54.9, 21.99),
  vector('a0b1c2', 'AAL100  ', 40.6, -73.8),
];

let opensky: FakeOpenSky | undefined;
let hub: FakeFeedHub | undefined;
let stop: AbortController | undefined;
let running: Promise<ForwarderEnd> | undefined;
const lines: string[] = [];

afterEach(async () => {
  stop?.abort();
  await running;
  await Promise.all([opensky?.close(), hub?.close()]);
  opensky = hub = running = undefined;
  lines.length = 0;
});

async function start(
  options: { credentials?: OpenSkyCredentials; key?: string; pollIntervalMs?: number } = {},
) {
  opensky ??= await startFakeOpenSky({ client: CLIENT });
  hub ??= await startFakeFeedHub({ feedKey: KEY });
  opensky.setStates([...NEAR_DELHI, ...FAR_AWAY]);
  stop = new AbortController();
  running = runOpenSkyForwarder(
    {
      opensky: createOpenSkyClient({
        apiBase: opensky.apiBase,
        ...(options.credentials ? { credentials: options.credentials } : {}),
      }),
      hub: createHubFeedClient({ hubUrl: hub.url, feedKey: options.key ?? KEY }),
      box: BOX,
      pollIntervalMs: options.pollIntervalMs ?? 20,
      summaryEvery: 1,
      log: (line) => lines.push(line),
      openSkyBackoff: new Backoff({ initialMs: 10, maxMs: 40 }),
      hubBackoff: new Backoff({ initialMs: 10, maxMs: 40 }),
    },
    stop.signal,
  );
  return { opensky, hub, running };
}

const stateAnswers = (fake: FakeOpenSky) =>
  fake.requests.filter((request) => request.path === '/api/states/all' && request.status === 200);

describe('OpenSky limits', () => {
  it('costs credits by the box area, as OpenSky documents', () => {
    expect(openSkyCreditCost(BOX)).toBe(1); // 5° × 5° = 25 sq°
    expect(openSkyCreditCost({ lamin: 46.5, lomin: -1.4, lamax: 49.9, lomax: 6.8 })).toBe(2);
    expect(openSkyCreditCost({ lamin: 42.2, lomin: -4.7, lamax: 49.8, lomax: 10.9 })).toBe(3);
    expect(openSkyCreditCost({ lamin: -90, lomin: -180, lamax: 90, lomax: 180 })).toBe(4);
    expect(openSkyCreditCost(undefined)).toBe(4);
  });

  it("spreads a day's credits over the day, never faster than the data's resolution", () => {
    expect(defaultPollIntervalMs({ authenticated: false, box: BOX })).toBe(216_000);
    expect(defaultPollIntervalMs({ authenticated: true, box: BOX })).toBe(22_000);
    expect(defaultPollIntervalMs({ authenticated: true, box: BOX, dailyCredits: 8000 })).toBe(
      11_000,
    );
    expect(defaultPollIntervalMs({ authenticated: true, box: BOX, dailyCredits: 1_000_000 })).toBe(
      5_000,
    );
  });

  it('reads a bounding box, and says what is wrong with a bad one', () => {
    expect(parseBoundingBox('26.07, 74.60,31.07,79.60')).toEqual({
      lamin: 26.07,
      lomin: 74.6,
      lamax: 31.07,
      lomax: 79.6,
    });
    expect(parseBoundingBox('26,74,31')).toHaveProperty('error');
    expect(parseBoundingBox('31,74,26,79')).toHaveProperty('error');
    expect(parseBoundingBox('26,74,95,79')).toHaveProperty('error');
    expect(parseBoundingBox('a,b,c,d')).toHaveProperty('error');
  });
});

describe('the OpenSky forwarder', () => {
  it('forwards exactly what OpenSky returned for the box, with the feed key', async () => {
    const { opensky, hub } = await start();
    const posts = await hub.waitForPosts(2);
    const answers = stateAnswers(opensky);
    expect(posts.map((post) => post.text)).toEqual(
      answers.slice(0, 2).map((answer) => answer.body),
    );
    const first = posts[0]!.json as { time: number; states: OpenSkyStateVectorTuple[] };
    expect(first.states.map((state) => state[0]).sort()).toEqual(['8006e1', '800aa1', '800c2e']);
    expect(first.time % 10).toBe(0); // anonymous: OpenSky's 10 s resolution
    expect(Object.fromEntries(answers[0]!.query)).toEqual({
      lamin: String(BOX.lamin),
      lomin: String(BOX.lomin),
      lamax: String(BOX.lamax),
      lomax: String(BOX.lomax),
    });
    expect(answers[0]!.authorization).toBeUndefined();
    expect(hub.unauthorized).toBe(0);
    expect(
      lines.some((line) => /forwarded 3 aircraft .*; \d+ OpenSky credits left today/.test(line)),
    ).toBe(true);
    // An empty sky is `states: null`, forwarded as is.
    opensky.setStates(FAR_AWAY);
    const count = hub.posts.length;
    const all = await hub.waitForPosts(count + 1);
    expect(all[count]!.json).toMatchObject({ states: null });
  });

  it('authenticates with OAuth2 client credentials and renews a token OpenSky stops taking', async () => {
    opensky = await startFakeOpenSky({ client: CLIENT });
    const { hub } = await start({
      credentials: { clientId: CLIENT.id, clientSecret: CLIENT.secret, tokenUrl: opensky.tokenUrl },
    });
    await hub.waitForPosts(2);
    const tokenRequests = () =>
      opensky!.requests.filter((request) => request.path.endsWith('/token'));
    expect(tokenRequests()).toHaveLength(1);
    expect(stateAnswers(opensky)[0]?.authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
    opensky.expireTokens();
    await hub.waitForPosts(hub.posts.length + 2);
    expect(tokenRequests()).toHaveLength(2);
    expect(opensky.requests.some((request) => request.status === 401)).toBe(true);
  });

  it('stops when OpenSky refuses the credentials', async () => {
    opensky = await startFakeOpenSky({ client: CLIENT });
    const { running } = await start({
      credentials: { clientId: CLIENT.id, clientSecret: 'wrong', tokenUrl: opensky.tokenUrl },
    });
    expect(await running).toBe('refused');
    expect(lines.at(-1)).toContain("OpenSky's token endpoint answered 401");
    expect(hub!.posts).toHaveLength(0);
  });

  it('backs off on 429 for as long as X-Rate-Limit-Retry-After-Seconds says', async () => {
    opensky = await startFakeOpenSky();
    opensky.rateLimitNext(1, 1);
    const { hub } = await start();
    await hub.waitForPosts(1);
    const [limited, next] = opensky.requests.filter(
      (request) => request.path === '/api/states/all',
    );
    expect(limited?.status).toBe(429);
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(lines).toContain('OpenSky rate limit reached; waiting 1 s as it asks');
  });

  it('survives the hub being down, without spending OpenSky credits meanwhile', async () => {
    const { opensky, hub } = await start();
    await hub.waitForPosts(1);
    hub.setDown(true);
    await hub.waitForDropped(1);
    const polledWhenItWentDown = stateAnswers(opensky).length;
    await hub.waitForDropped(4); // health probes, backing off
    expect(stateAnswers(opensky).length).toBe(polledWhenItWentDown);
    const before = hub.posts.length;
    hub.setDown(false);
    await hub.waitForPosts(before + 2);
    expect(lines.some((line) => line.includes('pausing OpenSky polls until it is back'))).toBe(
      true,
    );
    expect(lines.some((line) => /hub is back after \d+ probes/.test(line))).toBe(true);
  });

  it('keeps polling at its interval while the hub answers 5xx, and waits a 429 Retry-After', async () => {
    const { opensky, hub } = await start({ pollIntervalMs: 50 });
    await hub.waitForPosts(1);
    hub.failNext(3, 500);
    await hub.waitForPosts(2);
    // Polls start at least an interval apart (timers may fire a millisecond early); only the first
    // poll's network delay can shorten the span, so allow it one interval.
    const answers = stateAnswers(opensky);
    expect(answers.length).toBeGreaterThanOrEqual(5);
    expect(answers.at(-1)!.at - answers[0]!.at).toBeGreaterThanOrEqual((answers.length - 2) * 45);
    hub.failNext(1, 429, 1);
    const count = hub.posts.length;
    await hub.waitForPosts(count + 1);
    expect(lines.some((line) => line.includes('hub busy') && line.includes('waiting 1 s'))).toBe(
      true,
    );
  });

  it('stops when the hub refuses its key', async () => {
    const { running } = await start({ key: 'not-the-key' });
    expect(await running).toBe('refused');
    expect(lines.at(-1)).toContain('401 unknown feed key');
  });
});
