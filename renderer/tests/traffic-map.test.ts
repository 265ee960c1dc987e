import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  destinationPoint,
  initialBearingDeg,
  type Flight,
  type PositionsSnapshot,
} from '../../core';
import { addApiKey } from '../../server/feed/api-keys';
import { findAirlineByIcao, findAirport } from '../../server/reference/reference-data';
import { request, requestRaw, type TestHub } from '../../test-support/hub-harness';
import { postPositions, stateVector } from '../../test-support/position-states';
import {
  launchChromium,
  openConsole,
  seriousAxeViolations,
  signInAs,
  startConsoleHub,
} from './consoleDriver';

/**
 * The traffic map in Chromium against a real demo hub fed through `POST /api/feed/positions` with
 * a feed key, as an ADS-B integration would: a simulated inbound aircraft moves on the map, a
 * click on it opens its flight's panel with distance to go and ground speed, and the ETA from
 * its position, applied with one action, becomes the flight's ETA at the hub.
 */
const UI_TIMEOUT = 30_000;
const TEST_TIMEOUT = 240_000;
const DEL = findAirport('DEL')!;
/** Airlines of the demo day whose ICAO designator the reference data knows. */
const ICAO_OF: Record<string, string> = { AI: 'AIC', '6E': 'IGO', UK: 'VTI', SG: 'SEJ' };

let hub: TestHub;
let dataDir: string;
let feedKey: string;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-traffic-map-'));
  hub = await startConsoleHub({ demo: true, seed: undefined, dataDir });
  feedKey = await addApiKey(dataDir, { name: 'adsb' });
  // Keys are read when the hub starts.
  await hub.restart();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * An arrival on its way from Mumbai, due in 35 minutes, of an airline whose callsign the reference
 * data knows (UK: VTI), added as a supervisor adds a flight (`flight:create`). The demo day's own
 * arrivals are not used: late at night in Delhi none is due within the hour.
 */
async function inboundFlight(): Promise<Flight> {
  const supervisor = await hub.connect(await hub.login('super', 'demo'));
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  const created = (await requestRaw(supervisor, 'flight:create', {
    opId: randomUUID(),
    airline: 'UK',
    flightNumber: '9944',
    direction: 'arrival',
    date: DateTime.fromISO(at(35)).setZone(DEL.timeZone).toISODate(),
    origin: 'BOM',
    destination: 'DEL',
    std: at(-90),
    sta: at(35),
  })) as { ok: true; flight: Flight } | { ok: false; error: { message: string } };
  supervisor.close();
  if (!created.ok) throw new Error(`flight:create refused: ${created.error.message}`);
  expect(findAirlineByIcao(ICAO_OF[created.flight.airline]!)).toBeDefined();
  return created.flight;
}

async function flightAtHub(flightId: string): Promise<Flight | undefined> {
  const socket = await hub.connect(await hub.login('agent1', 'demo'));
  const snapshot = await request(socket, 'flights:snapshot', {});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  socket.close();
  return snapshot.flights.find((f) => f.id === flightId);
}

/** Where the list says the aircraft is drawn, CSS px in the canvas. */
async function drawnAt(page: Page, icao24: string): Promise<string> {
  const entry = page.locator(`[data-testid="traffic-entry"][data-icao24="${icao24}"]`);
  return `${await entry.getAttribute('data-x')},${await entry.getAttribute('data-y')}`;
}

describe('the traffic map', () => {
  it(
    'shows a simulated inbound aircraft moving, opens its panel, applies the ETA from position',
    async () => {
      const flight = await inboundFlight();
      const number = flight.flightNumber.split(' ')[1]!;
      const callsign = `${ICAO_OF[flight.airline]}${number}`;
      const icao24 = '8a0f3e';
      // 650 km out, west-south-west of Delhi, heading for it at 300 kt: over an hour to go, so
      // the ETA from position is well past the flight's.
      const start = destinationPoint(DEL, 250, 650);
      const track = initialBearingDeg(start, DEL);

      const { context, page } = await openConsole(browser, hub);
      context.setDefaultTimeout(UI_TIMEOUT);
      // The events each of the page's connections receives (the worker's included).
      const heard: Set<string>[] = [];
      page.on('websocket', (ws) => {
        const events = new Set<string>();
        heard.push(events);
        ws.on('framereceived', ({ payload }) => {
          const event = /^\d+\["([^"]+)"/.exec(String(payload))?.[1];
          if (event) events.add(event);
        });
      });
      await signInAs(page, 'agent1');
      await page.getByTestId('view-traffic').click();
      await page.getByTestId('traffic-canvas').waitFor();
      await page.getByTestId('traffic-empty').waitFor();
      expect(await page.getByTestId('traffic-empty').textContent()).toBe(
        'No positions: no feed is connected.',
      );

      // Three reports, each ~25 km nearer; the map must show each one.
      const seen: string[] = [];
      for (let step = 0; step < 3; step += 1) {
        const point = destinationPoint(start, track, step * 25);
        const posted = await postPositions(hub.url, feedKey, {
          time: Math.floor(Date.now() / 1000),
          states: [
            stateVector({
              icao24,
              callsign,
              lat: point.lat,
              lon: point.lon,
              altitudeM: 7_000,
              groundSpeedKt: 300,
              trackDeg: track,
            }),
          ],
        });
        expect(posted.status).toBe(200);
        const entry = page.locator(`[data-testid="traffic-entry"][data-icao24="${icao24}"]`);
        await entry.waitFor();
        await expect
          .poll(
            async () => (await entry.getAttribute('data-x')) !== null && drawnAt(page, icao24),
            {
              timeout: UI_TIMEOUT,
            },
          )
          .not.toBe(seen.at(-1) ?? false);
        seen.push(await drawnAt(page, icao24));
        expect(await entry.getAttribute('data-flight-id')).toBe(flight.id);
      }
      // It moved towards the airport: east-north-east, so right and up on the map.
      const [first, last] = [seen[0]!, seen[2]!].map((s) => s.split(',').map(Number));
      expect(last![0]).toBeGreaterThan(first![0]!);
      expect(last![1]).toBeLessThan(first![1]!);
      expect(await page.getByTestId('traffic-count').getAttribute('data-count')).toBe('1');
      // The positions came to the worker's connection, which gets nothing else; the console's
      // own connection got none.
      const positionsHeard = heard.filter((events) => events.has('positions:update'));
      expect(positionsHeard.map((events) => [...events])).toEqual([['positions:update']]);
      expect(heard.some((events) => events.has('gates:conflicts'))).toBe(true);
      await expect
        .poll(() => page.getByTestId('traffic-empty').count(), { timeout: UI_TIMEOUT })
        .toBe(0);

      // A click on the aircraft, where the map drew it, opens its flight.
      const box = (await page.getByTestId('traffic-canvas').boundingBox())!;
      await page.mouse.click(box.x + last![0]!, box.y + last![1]!);
      const panel = page.locator(`[data-testid="edit-panel"][data-flight-id="${flight.id}"]`);
      await panel.waitFor();
      await expect
        .poll(() => panel.getByTestId('position-distance').textContent(), { timeout: UI_TIMEOUT })
        .toMatch(/^\d+ km · \d+ NM$/);
      const distance = Number(
        (await panel.getByTestId('position-distance').textContent())!.split(' ')[0],
      );
      expect(distance).toBeGreaterThan(560);
      expect(distance).toBeLessThan(640);
      expect(await panel.getByTestId('position-speed').textContent()).toBe('300 kt');
      expect(await panel.getByTestId('position-altitude').textContent()).toBe('FL230');

      // The suggestion, then one action: the hub's ETA becomes the estimate.
      const suggestion = panel.getByTestId('eta-suggestion');
      await suggestion.waitFor();
      expect(await suggestion.textContent()).toMatch(/^ETA from position \d\d:\d\d \(\+\d+\)/);
      const socket = await hub.connect(await hub.login('agent1', 'demo'));
      const traffic = (await requestRaw(socket, 'positions:snapshot', {})) as PositionsSnapshot;
      const estimate = traffic.positions.find((p) => p.icao24 === icao24)?.estimate;
      expect(estimate).toBeTruthy();
      expect(await seriousAxeViolations(page)).toEqual([]);

      await panel.getByTestId('apply-eta-suggestion').click();
      await expect
        .poll(async () => (await flightAtHub(flight.id))?.eta, { timeout: UI_TIMEOUT })
        .toBe(estimate!.eta);
      await suggestion.waitFor({ state: 'detached' });
      expect((await flightAtHub(flight.id))?.updatedBy).toBe('agent1');
    },
    TEST_TIMEOUT,
  );
});
