import { afterEach, describe, expect, it } from 'vitest';
import type { Flight } from '../../core/flight';
import { openSkyStatesBodySchema } from '../../server/traffic/opensky-states';
import { startFakeFeedHub, type FakeFeedHub } from '../../test-support/fake-feed-hub';
import { Backoff } from './backoff';
import { loadDemoGeography } from './demo-geography';
import { demoDayFlightsSource, fallbackFlightsSource, hubFlightsSource } from './flight-sources';
import { createHubFeedClient } from './hub-feed-client';
import { runPositionSimulator, type SimulatorEnd } from './position-simulator';

const KEY = 'jbf_test_key';
const geography = loadDemoGeography();

function hubFlight(
  fields: Partial<Flight> & Pick<Flight, 'id' | 'flightNumber' | 'airline'>,
): Flight {
  const now = Date.now();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  return {
    origin: 'DEL',
    destination: 'BOM',
    std: at(-60),
    etd: at(-60),
    gate: null,
    status: 'DEPARTED',
    delayCode: null,
    remark: null,
    version: 3,
    updatedAt: at(-60),
    updatedBy: null,
    ...fields,
  };
}

let hub: FakeFeedHub | undefined;
let stop: AbortController | undefined;
let running: Promise<SimulatorEnd> | undefined;
const lines: string[] = [];

afterEach(async () => {
  stop?.abort();
  await running;
  await hub?.close();
  hub = undefined;
  running = undefined;
  lines.length = 0;
});

function start(options: { key?: string; flights?: 'hub' | 'fallback' } = {}) {
  if (!hub) throw new Error('no hub');
  const client = createHubFeedClient({ hubUrl: hub.url, feedKey: options.key ?? KEY });
  stop = new AbortController();
  running = runPositionSimulator(
    {
      client,
      source:
        options.flights === 'fallback'
          ? fallbackFlightsSource(hubFlightsSource(client), demoDayFlightsSource(), (line) =>
              lines.push(line),
            )
          : hubFlightsSource(client),
      geography,
      seed: 'test',
      intervalMs: 20,
      refreshFlightsMs: 60_000,
      backoff: new Backoff({ initialMs: 10, maxMs: 40 }),
      log: (line) => lines.push(line),
    },
    stop.signal,
  );
  return running;
}

describe('the demo position simulator', () => {
  it('posts OpenSky bodies with its key, for the airborne flights the hub lists', async () => {
    hub = await startFakeFeedHub({ feedKey: KEY });
    hub.setFlights([
      hubFlight({
        id: 'out',
        flightNumber: '6E 2134',
        airline: '6E',
        atd: new Date(Date.now() - 50 * 60_000).toISOString(),
      }),
      hubFlight({
        id: 'in',
        flightNumber: 'AI 866',
        airline: 'AI',
        direction: 'arrival',
        origin: 'BOM',
        destination: 'DEL',
        status: 'AIRBORNE',
        sta: new Date(Date.now() + 20 * 60_000).toISOString(),
        eta: new Date(Date.now() + 20 * 60_000).toISOString(),
      }),
      hubFlight({
        id: 'later',
        flightNumber: 'UK 955',
        airline: 'UK',
        status: 'SCHEDULED',
        etd: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      hubFlight({ id: 'gone', flightNumber: 'SG 8169', airline: 'SG', status: 'CANCELLED' }),
    ]);
    void start();
    const posts = await hub.waitForPosts(3);
    for (const post of posts) {
      const body = openSkyStatesBodySchema.parse(post.json);
      expect(body.states?.map((state) => state[1]).sort()).toEqual(['AIC866  ', 'IGO2134 ']);
    }
    const last = openSkyStatesBodySchema.parse(posts[2]!.json);
    const inbound = last.states?.find((state) => state[1] === 'AIC866  ');
    // Inbound from Mumbai, 20 minutes out: descending, heading for Delhi (north-north-east).
    expect(inbound?.[11]).toBeLessThan(0);
    expect(inbound?.[10]).toBeGreaterThan(0);
    expect(inbound?.[10]).toBeLessThan(45);
    expect(hub.unauthorized).toBe(0);
    expect(lines.some((line) => line.startsWith('posted 2 aircraft (1 outbound, 1 inbound)'))).toBe(
      true,
    );
  });

  it('flies the shipped demo day when the hub has no flights endpoint', async () => {
    hub = await startFakeFeedHub({ feedKey: KEY });
    void start({ flights: 'fallback' });
    const [post] = await hub.waitForPosts(1);
    const body = openSkyStatesBodySchema.parse(post!.json);
    // The demo day always has aircraft in the air, inbound and outbound.
    expect(body.states?.length).toBeGreaterThan(10);
    expect(lines[0]).toContain('does not exist on this hub; flying the shipped demo day instead');
  });

  it('keeps trying while the hub is down and carries on when it is back', async () => {
    hub = await startFakeFeedHub({ feedKey: KEY });
    hub.setFlights([hubFlight({ id: 'out', flightNumber: '6E 2134', airline: '6E' })]);
    void start();
    await hub.waitForPosts(1);
    hub.setDown(true);
    await hub.waitForDropped(3);
    hub.failNext(2, 503);
    hub.setDown(false);
    const before = hub.posts.length;
    await hub.waitForPosts(before + 2);
    expect(lines.some((line) => line.includes('hub not taking positions'))).toBe(true);
    expect(lines.some((line) => line.includes('failing on purpose'))).toBe(true);
    expect(lines.some((line) => /hub back after \d+ failed attempts/.test(line))).toBe(true);
  });

  it('stops when the hub refuses its key, and on abort', async () => {
    hub = await startFakeFeedHub({ feedKey: KEY });
    hub.setFlights([]);
    expect(await start({ key: 'wrong' })).toBe('refused');
    expect(lines.at(-1)).toContain('401 unknown feed key');
    const end = start();
    await hub.waitForPosts(1);
    stop?.abort();
    expect(await end).toBe('stopped');
  });
});
