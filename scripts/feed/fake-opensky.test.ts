import { afterEach, describe, expect, it } from 'vitest';
import {
  openSkyStatesBodySchema,
  type OpenSkyStateVectorTuple,
} from '../../server/traffic/opensky-states';
import { startFakeOpenSky, type FakeOpenSky } from '../../test-support/fake-opensky';

// The fake stands for OpenSky in the forwarder's tests; these pin down that it answers like it.
const NOW = Date.parse('2026-11-21T10:00:07.000Z');
const NOW_S = NOW / 1000;

function vector(icao24: string, lat: number | null, lon: number | null): OpenSkyStateVectorTuple {
  return [
    icao24,
    'IGO2134 ',
    'India',
    NOW_S,
    NOW_S,
    lon,
    lat,
    3000,
    false,
    120,
    270,
    -5,
    null,
    3050,
    null,
    false,
    0,
  ];
}

let fake: FakeOpenSky | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake!.apiBase}${path}`, { headers });
  const text = await response.text();
  return { response, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('the fake OpenSky', () => {
  it("answers /states/all in OpenSky's shape, filtered by box and address", async () => {
    fake = await startFakeOpenSky({ now: () => NOW, categories: { '800c2e': 4 } });
    fake.setStates([
      vector('800c2e', 28.7, 77.4),
      vector('8006e1', 27.9, 76.2),
      vector('4240ec', 54.9, 21.99),
      vector('abcdef', null, null),
    ]);
    const all = await get('/states/all');
    expect(openSkyStatesBodySchema.safeParse(all.body).success).toBe(true);
    expect(all.body).toMatchObject({ time: NOW_S - 7 }); // anonymous: rounded down to 10 s
    const boxed = await get('/states/all?lamin=26&lomin=74&lamax=31&lomax=79');
    expect((boxed.body as { states: unknown[][] }).states.map((state) => state[0])).toEqual([
      '800c2e',
      '8006e1',
    ]);
    const one = await get('/states/all?icao24=8006E1&icao24=4240ec&extended=1');
    const states = (one.body as { states: unknown[][] }).states;
    expect(states.map((state) => state[0])).toEqual(['8006e1', '4240ec']);
    expect(states[0]).toHaveLength(18);
    expect((await get('/states/all?lamin=60&lomin=0&lamax=61&lomax=1')).body).toEqual({
      time: NOW_S - 7,
      states: null,
    });
    expect((await get('/states/all?lamin=26&lomin=74')).response.status).toBe(400);
  });

  it('counts credits by box area and answers 429 with the retry header when they run out', async () => {
    fake = await startFakeOpenSky({ now: () => NOW });
    fake.credits.anonymous = 3;
    const first = await get('/states/all?lamin=26&lomin=74&lamax=31&lomax=79');
    expect(first.response.headers.get('x-rate-limit-remaining')).toBe('2');
    expect((await get('/states/all?lamin=20&lomin=70&lamax=30&lomax=80')).response.status).toBe(
      200,
    ); // 100 sq°: 2
    const spent = await get('/states/all');
    expect(spent.response.status).toBe(429);
    expect(spent.response.headers.get('x-rate-limit-retry-after-seconds')).toBe('3600');
  });

  it('issues OAuth2 tokens for client credentials and refuses unknown or expired ones', async () => {
    fake = await startFakeOpenSky({ client: { id: 'c', secret: 's' }, now: () => NOW });
    const token = await fetch(fake.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'c',
        client_secret: 's',
      }),
    }).then((response) => response.json() as Promise<{ access_token: string; expires_in: number }>);
    expect(token.expires_in).toBe(1800);
    const authed = await get(`/states/all?time=${NOW_S - 60}`, {
      authorization: `Bearer ${token.access_token}`,
    });
    expect(authed.body).toMatchObject({ time: NOW_S - 60 - ((NOW_S - 60) % 5) });
    expect(
      (
        await get(`/states/all?time=${NOW_S - 4000}`, {
          authorization: `Bearer ${token.access_token}`,
        })
      ).response.status,
    ).toBe(400);
    expect((await get('/states/all', { authorization: 'Bearer nope' })).response.status).toBe(401);
    fake.expireTokens();
    expect(
      (await get('/states/all', { authorization: `Bearer ${token.access_token}` })).response.status,
    ).toBe(401);
  });
});
