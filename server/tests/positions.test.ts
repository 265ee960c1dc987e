import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, Flight } from '../../core';
import { etaFromPosition } from '../../core/geo';
import type { AircraftPosition, PositionsSnapshot, PositionsUpdate } from '../../core/positions';
import { delhiArrival } from '../../test-support/flight-fixture';
import {
  fixtureSeed,
  request,
  requestRaw,
  startTestHub,
  type HubClient,
  type TestHub,
  type TestHubOptions,
} from '../../test-support/hub-harness';
import { postPositions, stateVector, type StateInput } from '../../test-support/position-states';
import { addApiKey } from '../feed/api-keys';
import { loadDemoGeography } from '../../scripts/feed/demo-geography';
import { hubFlightsSource } from '../../scripts/feed/flight-sources';
import { createHubFeedClient } from '../../scripts/feed/hub-feed-client';
import { runPositionSimulator } from '../../scripts/feed/position-simulator';
import { findAirport } from '../reference/reference-data';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

const DEL = findAirport('DEL')!;
/** The hub's clock runs this far ahead of the real one (tests move it). */
let offsetMs = 0;
const hubNow = () => new Date(Date.now() + offsetMs);
const nowSeconds = () => Math.floor(hubNow().getTime() / 1000);

/** The fixture's departures, plus two inbound flights in the air: 6E 2135 and AI 888. */
function trafficSeed(now: Date) {
  const base = fixtureSeed(now);
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const inbound = (fields: Partial<Flight>) =>
    delhiArrival({
      std: at(-90),
      etd: at(-90),
      sta: at(30),
      eta: at(30),
      version: 0,
      updatedAt: now.toISOString(),
      ...fields,
    });
  return {
    ...base,
    flights: [
      ...base.flights,
      inbound({ id: 'a-6e2135', flightNumber: '6E 2135', airline: '6E', origin: 'BOM' }),
      inbound({ id: 'a-ai888', flightNumber: 'AI 888', airline: 'AI', origin: 'BLR' }),
    ],
  };
}

/** A hub with the traffic seed and a feed key (with `airlines` if given). */
async function trafficHub(
  options: TestHubOptions & { airlines?: string[] } = {},
): Promise<{ hub: TestHub; key: string }> {
  offsetMs = 0;
  const { airlines, ...hubOptions } = options;
  const started = await startTestHub({
    seed: () => trafficSeed(hubNow()),
    now: hubNow,
    ...hubOptions,
  });
  hub = started;
  const key = await addApiKey(started.dataDir, {
    name: 'adsb',
    ...(airlines ? { airlines } : {}),
  });
  await started.restart();
  return { hub: started, key };
}

/** An aircraft south-west of Delhi on the way in from Mumbai, `km` out (roughly). */
function inbound(
  icao24: string,
  callsign: string | null,
  km: number,
  extra: Partial<StateInput> = {},
) {
  return {
    icao24,
    callsign,
    lat: DEL.lat - km / 111 / Math.SQRT2,
    lon: DEL.lon - km / 98 / Math.SQRT2,
    time: nowSeconds(),
    ...extra,
  };
}

const body = (...states: StateInput[]) => ({
  time: nowSeconds(),
  states: states.map(stateVector),
});

/** Every `positions:update` a console receives, with a way to wait for one. */
function recordUpdates(socket: HubClient) {
  const seen: { update: PositionsUpdate; at: number }[] = [];
  const waiters: (() => void)[] = [];
  socket.on('positions:update', (update) => {
    seen.push({ update, at: Date.now() });
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    seen,
    /** The first update from index `from` on that satisfies `test`. */
    async next(test: (update: PositionsUpdate) => boolean, from = 0, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = seen.slice(from).find(({ update }) => test(update));
        if (found) return found.update;
        if (Date.now() > deadline) throw new Error('no such positions:update');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, deadline - Date.now()).unref();
        });
      }
    },
  };
}

const has = (icao24: string) => (update: PositionsUpdate) =>
  update.positions.some((position) => position.icao24 === icao24);

async function snapshot(socket: HubClient): Promise<PositionsSnapshot> {
  const ack = (await requestRaw(socket, 'positions:snapshot', {})) as
    ({ ok: true } & PositionsSnapshot) | { ok: false; error: { message: string } };
  if (!ack.ok) throw new Error(ack.error.message);
  return { at: ack.at, positions: ack.positions };
}

async function flights(url: string, key: string): Promise<{ seq: number; flights: Flight[] }> {
  const response = await fetch(`${url}/api/feed/flights`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { seq: number; flights: Flight[] };
}

/**
 * Makes an agent's change to another flight and resolves with every `flight:changed` heard up to
 * and including it: the store commits in order, so a change the hub had asked for before is seen.
 */
async function changesUpToFence(socket: HubClient, heard: Change[]): Promise<Change[]> {
  const fence = heard.length;
  const flight = (await request(socket, 'flights:snapshot', {})) as {
    ok: true;
    flights: Flight[];
  };
  const target = flight.flights.find((each) => each.id === 'f-uk955')!;
  const remark = `fence ${fence} ${randomUUID().slice(0, 8)}`;
  const ack = await request(socket, 'flight:update', {
    flightId: target.id,
    baseVersion: target.version,
    opId: randomUUID(),
    changes: { remark },
  });
  expect(ack.ok).toBe(true);
  const deadline = Date.now() + 5_000;
  while (!heard.some((change) => change.flight.remark === remark)) {
    if (Date.now() > deadline) throw new Error('the fence change never came');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return heard.filter((change) => change.flight.remark !== remark);
}

function listen(socket: HubClient): Change[] {
  const heard: Change[] = [];
  socket.on('flight:changed', (change) => heard.push(change));
  return heard;
}

describe('POST /api/feed/positions', () => {
  it('refuses a missing key, a non-JSON body, a malformed envelope and a 10 MB body, changing nothing', async () => {
    const { hub, key } = await trafficHub();
    const console = await hub.connect(await hub.login('agent1'));
    const before = await flights(hub.url, key);
    const good = body(inbound('800001', 'IGO2135', 300));

    const noKey = await postPositions(hub.url, null, good);
    expect(noKey.status).toBe(401);
    const sessionToken = await postPositions(hub.url, await hub.login('super'), good);
    expect(sessionToken.status).toBe(401);

    const text = await postPositions(hub.url, key, 'time=1&states=', 'text/plain');
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({
      error: { code: 'INVALID', message: expect.stringMatching(/^body: must be JSON/) },
    });
    const garbled = await postPositions(
      hub.url,
      key,
      '{"time": 1, "states": [',
      'application/json',
    );
    expect(garbled.status).toBe(400);
    expect(garbled.body).toMatchObject({ error: { message: 'body: is not valid JSON' } });
    const notStates = await postPositions(hub.url, key, { time: nowSeconds(), states: 'none' });
    expect(notStates.status).toBe(400);
    expect(notStates.body).toMatchObject({
      error: { message: 'states: must be an array of state vectors or null' },
    });
    const noTime = await postPositions(hub.url, key, { states: [] });
    expect(noTime.status).toBe(400);
    expect(noTime.body).toMatchObject({ error: { message: expect.stringMatching(/^time: /) } });

    // 10 MB of well-formed states: refused by its size, never parsed.
    const many = body(
      ...Array.from({ length: 80_000 }, (_, index) =>
        inbound((0x900000 + index).toString(16), 'IGO2135', 300),
      ),
    );
    const huge = JSON.stringify(many);
    expect(huge.length).toBeGreaterThan(10 * 1024 * 1024);
    const tooBig = await postPositions(hub.url, key, huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({
      error: { message: 'request body is too large (at most 5 MB)' },
    });

    expect((await snapshot(console)).positions).toEqual([]);
    expect((await flights(hub.url, key)).seq).toBe(before.seq);
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^jetbridge_tracked_aircraft 0$/m);
  });

  it('refuses a key posting faster than 5 bodies a second, unread, with Retry-After', async () => {
    const { hub, key } = await trafficHub();
    const posts = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        fetch(`${hub.url}/api/feed/positions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body(inbound((0x800100 + index).toString(16), null, 100))),
        }),
      ),
    );
    const refused = posts.filter((response) => response.status === 429);
    expect(posts.filter((response) => response.status === 200).length).toBeLessThanOrEqual(22);
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
    expect(await refused[0]!.json()).toMatchObject({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^key adsb posts positions/) },
    });
  });

  it('refuses bad states by index and field and keeps the good ones; positions never become changes', async () => {
    const { hub, key } = await trafficHub();
    const console = await hub.connect(await hub.login('agent1'));
    const heard = listen(console);
    const before = await flights(hub.url, key);
    const good = stateVector(inbound('800001', 'IGO2135', 300));
    const shortState = good.slice(0, 16);
    const offTheMap = stateVector({ ...inbound('800002', 'AIC888', 300), lat: 91 });
    const badLongitude = stateVector({ ...inbound('800003', null, 300), lon: -181 });
    const badAddress = stateVector({ ...inbound('80000g', null, 300) });

    const answer = await postPositions(hub.url, key, {
      time: nowSeconds(),
      states: [shortState, good, offTheMap, badLongitude, badAddress],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accepted: 1,
      withoutPosition: 0,
      outOfOrder: 0,
      dropped: 0,
      refused: 4,
      refusals: [
        {
          index: 0,
          icao24: '800001',
          message: 'states[0]: must have 17 fields (18 with category), has 16',
        },
        {
          index: 2,
          icao24: '800002',
          message: 'states[2][6] latitude: must be between -90 and 90, got 91',
        },
        {
          index: 3,
          icao24: '800003',
          message: 'states[3][5] longitude: must be between -180 and 180, got -181',
        },
        {
          index: 4,
          message: expect.stringMatching(/^states\[4\]\[0\] icao24: must be a 24-bit ICAO address/),
        },
      ],
    });
    const positions = (await snapshot(console)).positions;
    expect(positions.map((position) => position.icao24)).toEqual(['800001']);

    expect(await changesUpToFence(console, heard)).toEqual([]);
    expect((await flights(hub.url, key)).seq).toBe(before.seq + 1); // the fence alone

    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^jetbridge_positions_total\{result="accepted"\} 1$/m);
    expect(metrics).toMatch(/^jetbridge_positions_total\{result="refused"\} 4$/m);
    expect(metrics).toMatch(/^jetbridge_tracked_aircraft 1$/m);
  });

  it('matches callsigns to live flights; a key limited to airlines matches only theirs', async () => {
    const { hub, key } = await trafficHub({ airlines: ['AI'] });
    const console = await hub.connect(await hub.login('board'));
    const answer = await postPositions(
      hub.url,
      key,
      body(
        inbound('800001', 'IGO2135', 300),
        inbound('800002', 'AIC888', 200),
        inbound('800003', 'AIC0888', 250),
        inbound('800004', 'VTABC', 100),
      ),
    );
    expect(answer.body).toMatchObject({ accepted: 4, refused: 0 });
    const byAddress = new Map(
      (await snapshot(console)).positions.map((position) => [position.icao24, position]),
    );
    expect(byAddress.get('800001')?.flightId).toBeNull(); // 6E: outside the key's airlines
    expect(byAddress.get('800002')?.flightId).toBe('a-ai888');
    expect(byAddress.get('800003')?.flightId).toBe('a-ai888');
    expect(byAddress.get('800004')?.flightId).toBeNull();

    // An unlimited key matches every airline, and a new flight as soon as the store has it.
    const everyAirline = await addApiKey(hub.dataDir, { name: 'adsb-all' });
    await hub.restart();
    const again = await hub.connect(await hub.login('agent1'));
    await postPositions(hub.url, everyAirline, body(inbound('800001', 'IGO2135', 290)));
    const matched = (await snapshot(again)).positions.find((each) => each.icao24 === '800001');
    expect(matched?.flightId).toBe('a-6e2135');
  });

  it('follows flight changes: a flight created after the start is matched', async () => {
    const { hub, key } = await trafficHub();
    const supervisor = await hub.connect(await hub.login('super'));
    const heard = listen(supervisor);
    const at = (minutes: number) => new Date(hubNow().getTime() + minutes * 60_000).toISOString();
    const created = await requestRaw(supervisor, 'flight:create', {
      opId: randomUUID(),
      airline: 'UK',
      flightNumber: '944',
      direction: 'arrival',
      date: DateTime.fromISO(at(20)).setZone('Asia/Kolkata').toISODate(),
      origin: 'BOM',
      destination: 'DEL',
      std: at(-100),
      sta: at(20),
    });
    expect(created).toMatchObject({ ok: true });
    const flightId = (created as { flight: Flight }).flight.id;
    await changesUpToFence(supervisor, heard);
    await postPositions(hub.url, key, body(inbound('800005', 'VTI944', 150)));
    const position = (await snapshot(supervisor)).positions.find(
      (each) => each.icao24 === '800005',
    );
    expect(position?.flightId).toBe(flightId);
  });
});

describe('positions:update to consoles', () => {
  it('sends at most one update a second with only what changed, and nothing when nothing did', async () => {
    const { hub, key } = await trafficHub();
    const agent = await hub.connect(await hub.login('agent1'));
    const viewer = await hub.connect(await hub.login('board'));
    const updates = recordUpdates(agent);
    const viewerUpdates = recordUpdates(viewer);

    await postPositions(
      hub.url,
      key,
      body(inbound('800001', 'IGO2135', 300), inbound('800002', 'AIC888', 200)),
    );
    const first = await updates.next(has('800002'));
    expect(first.positions.map((position) => position.icao24).sort()).toEqual(['800001', '800002']);
    await viewerUpdates.next(has('800002'));

    // Three bodies in quick succession; only 800001 moves, 800002 is reported where it was.
    const reports = [295, 290, 285].map((km) =>
      body(inbound('800001', 'IGO2135', km), inbound('800002', 'AIC888', 200)),
    );
    for (const report of reports) await postPositions(hub.url, key, report);
    const lat285 = inbound('800001', null, 285).lat;
    await updates.next(
      (update) =>
        update.positions.some(
          (each) => each.icao24 === '800001' && Math.abs(each.lat - lat285) < 1e-4,
        ),
      1,
    );
    for (const { update } of updates.seen.slice(1)) {
      expect(update.positions.map((position) => position.icao24)).toEqual(['800001']);
    }
    const times = updates.seen.map(({ at }) => at);
    for (let index = 1; index < times.length; index += 1) {
      // The hub's poll runs every 250 ms: an update is due a second after the previous one.
      expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(900);
    }

    // The same report again: nothing to send. Then one new aircraft: the next update is it alone.
    // (The same report, times included: a later report time moves IGO2135's ETA, which is then
    // rightly sent, whenever the ETA crosses a minute.)
    const count = updates.seen.length;
    await postPositions(hub.url, key, reports.at(-1)!);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(updates.seen.length).toBe(count);
    await postPositions(hub.url, key, body(inbound('800003', null, 100)));
    const next = await updates.next(has('800003'), count);
    expect(next.positions.map((position) => position.icao24)).toEqual(['800003']);
    expect(next.removed).toEqual([]);
    expect(updates.seen.length).toBe(count + 1);
  });

  it('drops aircraft not heard of within the expiry, on the hub clock', async () => {
    const { hub, key } = await trafficHub();
    const agent = await hub.connect(await hub.login('agent1'));
    const updates = recordUpdates(agent);
    await postPositions(
      hub.url,
      key,
      body(inbound('800001', 'IGO2135', 300), inbound('800002', null, 50)),
    );
    await updates.next(has('800001'));

    offsetMs += 45_000;
    await postPositions(hub.url, key, body(inbound('800002', null, 49)));
    await updates.next(has('800002'), 1);
    offsetMs += 20_000; // 65 s after 800001 was last heard of, 20 s after 800002
    const gone = await updates.next((update) => update.removed.length > 0);
    expect(gone.removed).toEqual(['800001']);
    const left = (await snapshot(agent)).positions.map((position) => position.icao24);
    expect(left).toEqual(['800002']);
  });
});

describe('which connection follows the traffic (handshake `positions`, an extension)', () => {
  it('a console without it gets everything; `none` gets no positions:update; `only` gets positions alone', async () => {
    const { hub, key } = await trafficHub();
    const token = await hub.login('agent1');
    const contract = await hub.connect(token);
    const main = await hub.connect(token, { positions: 'none' });
    const worker = await hub.connect(token, { positions: 'only' });
    const heard = new Map<HubClient, string[]>();
    for (const socket of [contract, main, worker]) {
      const events: string[] = [];
      heard.set(socket, events);
      socket.onAny((event: string) => events.push(event));
    }
    const contractUpdates = recordUpdates(contract);
    const workerUpdates = recordUpdates(worker);
    // The worker's connection is the console's: not another client.
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^jetbridge_connected_clients 2$/m);

    await postPositions(hub.url, key, body(inbound('800001', 'IGO2135', 300)));
    const update = await contractUpdates.next(has('800001'));
    expect(await workerUpdates.next(has('800001'))).toEqual(update);
    // An ack comes after what the hub sent the socket before it: an update would be in first.
    const seenByMain = await snapshot(main);
    expect(seenByMain.positions.map((position) => position.icao24)).toEqual(['800001']);
    expect(heard.get(main)).not.toContain('positions:update');

    // A flight change reaches the consoles' connections, not the worker's.
    const changes = listen(contract);
    const mainChanges = listen(main);
    await changesUpToFence(contract, changes);
    await changesUpToFence(main, mainChanges);
    expect((await snapshot(worker)).positions).toHaveLength(1);
    expect(heard.get(worker)).toEqual(['positions:update']);
    expect(heard.get(contract)).toContain('flight:changed');
    expect(heard.get(main)).toContain('flight:changed');

    // The worker's connection answers positions:snapshot and nothing else.
    expect(await requestRaw(worker, 'flights:snapshot', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID', message: 'unknown event' },
    });
  });
});

describe('estimates from position', () => {
  it('gives a matched inbound aircraft in the air its distance to go and ETA; others none', async () => {
    const { hub, key } = await trafficHub();
    const agent = await hub.connect(await hub.login('agent1'));
    const inboundState = inbound('800001', 'IGO2135', 300, { groundSpeedKt: 420 });
    await postPositions(
      hub.url,
      key,
      body(
        inboundState,
        inbound('800002', 'IGO2134', 20), // the departure 6E 2134
        inbound('800003', 'AIC888', 5, { onGround: true, groundSpeedKt: 20 }),
        inbound('800004', null, 80),
      ),
    );
    const byAddress = new Map<string, AircraftPosition>(
      (await snapshot(agent)).positions.map((position) => [position.icao24, position]),
    );
    const position = byAddress.get('800001')!;
    const expected = etaFromPosition({
      position,
      groundSpeedKt: position.groundSpeedKt!,
      destination: DEL,
      now: new Date(position.at),
    })!;
    expect(position.estimate).toEqual({
      distanceToGoKm: Math.round(expected.distanceKm * 10) / 10,
      eta: new Date(Math.round(expected.eta.getTime() / 60_000) * 60_000).toISOString(),
    });
    expect(position.estimate!.distanceToGoKm).toBeGreaterThan(280);
    expect(position.estimate!.distanceToGoKm).toBeLessThan(320);
    expect(byAddress.get('800002')!.flightId).toBe('f-6e2134');
    expect(byAddress.get('800002')!.estimate).toBeNull();
    expect(byAddress.get('800003')!.flightId).toBe('a-ai888');
    expect(byAddress.get('800003')!.estimate).toBeNull();
    expect(byAddress.get('800004')!.estimate).toBeNull();

    // Closer in: a new estimate with the new position.
    const updates = recordUpdates(agent);
    await postPositions(
      hub.url,
      key,
      body(inbound('800001', 'IGO2135', 150, { groundSpeedKt: 420 })),
    );
    const closer = (await updates.next(has('800001'))).positions[0]!;
    expect(closer.estimate!.distanceToGoKm).toBeLessThan(170);
    expect(Date.parse(closer.estimate!.eta)).toBeLessThan(Date.parse(position.estimate!.eta));
  });

  it('suggest mode (the default) changes no flight', async () => {
    const { hub, key } = await trafficHub();
    const agent = await hub.connect(await hub.login('agent1'));
    const heard = listen(agent);
    // About 100 minutes out; the flight's eta is in 30.
    await postPositions(hub.url, key, body(inbound('800001', 'IGO2135', 1200)));
    const position = (await snapshot(agent)).positions[0]!;
    expect(position.estimate).not.toBeNull();
    expect(await changesUpToFence(agent, heard)).toEqual([]);
  });

  it('apply mode sets eta once through the feed, not again within the hysteresis, and again after it', async () => {
    const { hub, key } = await trafficHub({ etaFromPosition: 'apply' });
    const agent = await hub.connect(await hub.login('agent1'));
    const heard = listen(agent);
    await postPositions(hub.url, key, body(inbound('800001', 'IGO2135', 1200)));
    const estimate = (await snapshot(agent)).positions[0]!.estimate!;
    const applied = await changesUpToFence(agent, heard);
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({
      flight: { id: 'a-6e2135', eta: estimate.eta, updatedBy: 'feed:adsb' },
      change: { by: 'feed:adsb', fields: { eta: { to: estimate.eta } } },
    });

    // Within 5 minutes: a much later estimate is not applied yet.
    heard.length = 0;
    offsetMs += 60_000;
    await postPositions(hub.url, key, body(inbound('800001', 'IGO2135', 1600)));
    expect(await changesUpToFence(agent, heard)).toEqual([]);
    heard.length = 0;

    // Six minutes on, the same position keeps the estimate ≥ 10 minutes off: applied again.
    offsetMs += 5 * 60_000;
    await postPositions(hub.url, key, body(inbound('800001', 'IGO2135', 1600)));
    const later = (await snapshot(agent)).positions[0]!.estimate!;
    const second = await changesUpToFence(agent, heard);
    expect(second.map((change) => change.flight.eta)).toEqual([later.eta]);

    // Close to the applied estimate (under 10 minutes off): nothing more, even after the interval.
    heard.length = 0;
    offsetMs += 6 * 60_000;
    const sameEta = Date.parse(later.eta) - hubNow().getTime();
    expect(sameEta).toBeGreaterThan(0);
    await postPositions(
      hub.url,
      key,
      // Six minutes at 450 kt nearer.
      body(inbound('800001', 'IGO2135', 1600 - 0.1 * 450 * 1.852)),
    );
    expect(await changesUpToFence(agent, heard)).toEqual([]);
  });

  it('apply mode keeps an eta an agent set by hand within the feed hold', async () => {
    const { hub, key } = await trafficHub({ etaFromPosition: 'apply' });
    const agent = await hub.connect(await hub.login('agent1'));
    const heard = listen(agent);
    const listed = (await request(agent, 'flights:snapshot', {})) as {
      ok: true;
      flights: Flight[];
    };
    const arrival = listed.flights.find((flight) => flight.id === 'a-6e2135')!;
    const byHand = new Date(Date.parse(arrival.sta!) + 15 * 60_000).toISOString();
    const ack = await request(agent, 'flight:update', {
      flightId: arrival.id,
      baseVersion: arrival.version,
      opId: randomUUID(),
      changes: { eta: byHand },
    });
    expect(ack.ok).toBe(true);
    heard.length = 0;
    await postPositions(hub.url, key, body(inbound('800001', 'IGO2135', 1200)));
    expect((await snapshot(agent)).positions[0]!.estimate).not.toBeNull();
    expect(await changesUpToFence(agent, heard)).toEqual([]);
  });
});

describe('the feed producers against a real hub', () => {
  it('GET /api/feed/flights gives the live flights of the key’s airlines', async () => {
    const { hub, key } = await trafficHub({ airlines: ['AI'] });
    const client = createHubFeedClient({ hubUrl: hub.url, feedKey: key });
    const seen = await client.fetchFlights();
    expect(seen).not.toBe('unavailable');
    expect((seen as Flight[]).map((flight) => flight.id).sort()).toEqual(['a-ai888', 'f-ai865']);
    const noKey = await fetch(`${hub.url}/api/feed/flights`);
    expect(noKey.status).toBe(401);
  });

  it('feed:demo’s simulator flies the hub’s inbound flights onto consoles, matched, with estimates', async () => {
    const { hub, key } = await trafficHub();
    const agent = await hub.connect(await hub.login('agent1'));
    const updates = recordUpdates(agent);
    const client = createHubFeedClient({ hubUrl: hub.url, feedKey: key });
    const stop = new AbortController();
    const lines: string[] = [];
    const running = runPositionSimulator(
      {
        client,
        source: hubFlightsSource(client),
        geography: loadDemoGeography(),
        seed: 'positions-test',
        intervalMs: 250,
        log: (line) => lines.push(line),
      },
      stop.signal,
    );
    try {
      const matched = (update: PositionsUpdate) =>
        ['a-6e2135', 'a-ai888'].every((id) =>
          update.positions.some((position) => position.flightId === id),
        );
      const first = await updates.next(matched);
      for (const position of first.positions.filter((each) => each.flightId?.startsWith('a-'))) {
        expect(position).toMatchObject({
          onGround: false,
          estimate: { distanceToGoKm: expect.any(Number), eta: expect.any(String) },
        });
      }
      // And they move: a later update has 6E 2135 somewhere else.
      const at = first.positions.find((position) => position.flightId === 'a-6e2135')!;
      await updates.next((update) =>
        update.positions.some(
          (position) =>
            position.flightId === 'a-6e2135' &&
            (position.lat !== at.lat || position.lon !== at.lon),
        ),
      );
    } finally {
      stop.abort();
      expect(await running).toBe('stopped');
    }
    expect(lines.join('\n')).toMatch(/posted \d+ aircraft .* from http/);
  });
});
