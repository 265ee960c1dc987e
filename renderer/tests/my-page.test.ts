import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flight, Passenger, PassengerPreferencesResult } from '../../core';
import { waitFor } from '../../test-support/wait-for';
import { FakePushService, type FakeSubscription } from '../../test-support/fake-push-service';
import { fixtureSeed, request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { passengerCall, passengerToken } from '../../test-support/passenger-client';
import { launchChromium } from './consoleDriver';

/**
 * The passengers' page at /my, built (`npm run build`), in Chromium on a phone-sized screen,
 * against a real hub: look a booking up, see a gate change made by an agent arrive live, switch
 * to Hindi, save preferences, and register this "device" for pushes (the browser's push service
 * is the local fake one, so the push the hub then sends is decrypted and checked).
 */
const MY_ROOT = fileURLToPath(new URL('../../out/my', import.meta.url));
const FLIGHT = 'f-6e2134';
const PRIYA: Passenger = {
  pnr: 'PRI001',
  name: 'Priya Sharma',
  phone: '+919810000011',
  email: 'priya@example.in',
};
const PHONE = { width: 390, height: 844 };
const UI_TIMEOUT = 10_000;

let hub: TestHub;
let push: FakePushService;
let browser: Browser;

/** The fixture airport, with the names a real schedule import gives flights. */
function seed() {
  const base = fixtureSeed();
  const named: Record<string, Partial<Flight>> = {
    'f-6e2134': { airlineName: 'IndiGo', destinationCity: 'Mumbai', terminal: 'T1' },
    'f-uk955': { airlineName: 'Vistara', destinationCity: 'Mumbai', terminal: 'T3' },
  };
  return {
    ...base,
    flights: base.flights.map((flight) => ({
      ...flight,
      originCity: 'Delhi',
      ...named[flight.id],
    })),
    passengers: { [FLIGHT]: [PRIYA], 'f-uk955': [PRIYA] },
  };
}

beforeAll(async () => {
  if (!existsSync(`${MY_ROOT}/index.html`)) {
    throw new Error(`No passengers' page build in ${MY_ROOT}: run \`npm run build\` first`);
  }
  push = await FakePushService.start();
  hub = await startTestHub({
    seed,
    notifyCoalesceMs: 200,
    passengers: {
      webRoot: MY_ROOT,
      lookupFloorMs: 0,
      trustedPushCa: push.ca.cert,
      settings: { pushServices: [push.origin] },
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await push?.stop();
});

/**
 * A phone's browser on /my whose PushManager subscribes at the local fake push service (headless
 * Chromium has no push service of its own); everything else is the real page.
 */
async function openPhone(): Promise<{
  context: BrowserContext;
  page: Page;
  devices: FakeSubscription[];
}> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-IN',
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  await context.grantPermissions(['notifications'], { origin: hub.url });
  const devices: FakeSubscription[] = [];
  await context.exposeBinding('fakePushSubscribe', (_source, key: string) => {
    const device = push.subscribe(key);
    devices.push(device);
    return { endpoint: device.endpoint, expirationTime: null, keys: device.keys };
  });
  await context.addInitScript(() => {
    const bytesToKey = (bytes: Uint8Array) =>
      btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    // Runs in the page: its globals, typed here by hand (this file is checked as Node code).
    const page = globalThis as unknown as {
      PushManager: { prototype: Record<string, unknown> };
      fakePushSubscribe(key: string): Promise<unknown>;
    };
    const target = page.PushManager.prototype;
    target.getSubscription = async () => null;
    target.subscribe = async (options: { applicationServerKey: Uint8Array }) => {
      const json = await page.fakePushSubscribe(
        bytesToKey(new Uint8Array(options.applicationServerKey)),
      );
      return { toJSON: () => json };
    };
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return { context, page, devices };
}

async function changeGate(gate: string): Promise<void> {
  const socket = await hub.connect(await hub.login('agent1'));
  const snapshot = await request(socket, 'flights:snapshot', {});
  const flight = snapshot.ok ? snapshot.flights.find((f) => f.id === FLIGHT)! : null;
  const ack = await request(socket, 'flight:update', {
    flightId: FLIGHT,
    baseVersion: flight!.version,
    opId: randomUUID(),
    changes: { gate },
  });
  expect(ack.ok).toBe(true);
  socket.close();
}

/** With JETBRIDGE_SCREENSHOTS=1, refreshes docs/screenshot-<name>.png (kept out of normal runs). */
async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.JETBRIDGE_SCREENSHOTS === '1') {
    await page.screenshot({ path: `docs/screenshot-${name}.png`, fullPage: true });
  }
}

const flightCard = (page: Page) => page.getByRole('article', { name: '6E 2134' });

describe('the passengers’ page', () => {
  it('is served with a strict CSP, a manifest and a service worker scoped to /my/', async () => {
    const response = await fetch(`${hub.url}/my/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const manifest = (await (await fetch(`${hub.url}/my/manifest.webmanifest`)).json()) as {
      scope: string;
      icons: unknown[];
    };
    expect(manifest.scope).toBe('/my/');
    expect(manifest.icons.length).toBeGreaterThan(0);
    const worker = await fetch(`${hub.url}/my/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toContain('javascript');
  });

  it('looks a booking up, shows a gate change live, speaks Hindi, saves preferences and registers the device', async () => {
    const { page, devices } = await openPhone();
    await page.goto(`${hub.url}/my`);
    await page.getByLabel('Booking reference (PNR)').fill('pri001');
    await page.getByLabel('Last name').fill('sharma');
    await screenshot(page, 'my-lookup');
    await page.getByRole('button', { name: 'Find my flight' }).click();

    const card = flightCard(page);
    await expect.poll(() => card.getByTestId('gate').textContent()).toBe('42B');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Live');

    await changeGate('42C');
    await expect.poll(() => card.getByTestId('gate').textContent()).toBe('42C');
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('Gate change');
    expect(await card.getByRole('alert').textContent()).toContain('was 42B');
    await screenshot(page, 'my-en');

    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('गेट बदला गया');
    expect(await page.locator('html').getAttribute('lang')).toBe('hi');
    await page.getByRole('checkbox', { name: 'एसएमएस' }).uncheck();
    await page.getByRole('checkbox', { name: 'ई-मेल' }).uncheck();
    await page.getByRole('button', { name: 'सहेजें' }).click();
    await expect.poll(() => page.getByText('सहेजा गया').count()).toBe(1);

    await page.getByRole('button', { name: 'इस डिवाइस पर मुझे सूचित करें' }).click();
    await expect.poll(() => page.getByText('इस डिवाइस पर सूचनाएँ आएँगी').count()).toBe(1);
    expect(devices).toHaveLength(1);
    await screenshot(page, 'my-hi');

    // What the hub now holds for Priya, as her own token sees it.
    const { token } = await passengerToken(hub.url, 'PRI001', 'Sharma');
    const saved = await passengerCall(hub.url, token, 'GET', '/api/passenger/preferences');
    expect(saved.body as PassengerPreferencesResult).toMatchObject({
      channels: { sms: false, email: false, push: true },
      locale: 'hi',
      reachable: { pushDevices: 1 },
    });

    // The next gate change reaches the registered device, in Hindi.
    await changeGate('42A');
    await waitFor(() => push.receivedBy(devices[0]!).length === 1, 'the push', 10_000);
    expect(push.receivedBy(devices[0]!)[0]!.payload).toMatchObject({
      kind: 'GATE_CHANGE',
      lang: 'hi',
      url: '/my',
    });
    await expect.poll(() => flightCard(page).getByTestId('gate').textContent()).toBe('42A');
  });

  it('says the same thing for a wrong name as for an unknown booking', async () => {
    const { page } = await openPhone();
    await page.goto(`${hub.url}/my/`);
    await page.getByLabel('Booking reference (PNR)').fill('PRI001');
    await page.getByLabel('Last name').fill('Verma');
    await page.getByRole('button', { name: 'Find my flight' }).click();
    const wrongName = await page.getByRole('alert').textContent();
    await page.getByLabel('Booking reference (PNR)').fill('ZZZ999');
    await page.getByLabel('Last name').fill('Sharma');
    await page.getByRole('button', { name: 'Find my flight' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(wrongName);
    expect(wrongName).toContain('No booking matches');
  });
});
