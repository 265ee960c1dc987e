import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Flight } from '../../core';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { waitFor } from '../../test-support/wait-for';
import { runDisplaysCommand } from '../../server/cli/displays-command';
import { launchChromium, seriousAxeViolations } from './consoleDriver';

/**
 * Public screens (contract section 12) in Chromium against a real demo hub: the display URL from
 * the CLI, boards at 1080p, 4K and portrait, arrivals, gate changes from the hub's record,
 * reloads, revocation. `JETBRIDGE_SCREENSHOTS=1` also writes the README's screenshots to docs/.
 */
const DISPLAY_BUILD = fileURLToPath(new URL('../../out/display/index.html', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const UI_TIMEOUT = 10_000;

let hub: TestHub;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(DISPLAY_BUILD)) throw new Error('No display build: run `npm run build` first');
  hub = await startTestHub({ demo: true, seed: undefined });
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

/** `displays add` through the CLI, as an airport's administrator would; resolves with the URL. */
async function addDisplay(name: string, ...args: string[]): Promise<string> {
  return addDisplayTo(hub, name, ...args);
}

async function addDisplayTo(hub: TestHub, name: string, ...args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await runDisplaysCommand(
    ['add', name, ...args, '--url', hub.url, '--data-dir', hub.dataDir],
    { env: {}, out: (line) => out.push(line), err: () => undefined },
  );
  expect(code).toBe(0);
  const url = out[0]!;
  // The running hub reads the file a moment later: the page asks until it may show the board.
  await waitFor(async () => {
    const answer = await fetch(`${hub.url}/api/displays`, {
      headers: { authorization: `Bearer ${await hub.login('super')}` },
    });
    const body = (await answer.json()) as { displays: { name: string }[] };
    return body.displays.some((display) => display.name === name);
  }, `the hub to know display ${name}`);
  return url;
}

async function openScreen(url: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(UI_TIMEOUT);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  return page;
}

/** A form, an input or a button anywhere on the page (a passenger's screen has none). */
async function controls(page: Page): Promise<number> {
  return page
    .locator('form, input, button, select, textarea, [data-testid="login-username"]')
    .count();
}

async function hubFlights(): Promise<Flight[]> {
  const socket = await hub.connect(await hub.login('super'));
  try {
    const ack = await request(socket, 'flights:snapshot', {});
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.flights;
  } finally {
    socket.close();
  }
}

/**
 * A supervisor's change on top of the flight as the hub holds it now: the demo day goes on
 * meanwhile (its operator assigns a landed flight's belt), and these tests are about displays,
 * not conflicts.
 */
async function updateFlight(flight: Flight, changes: Record<string, unknown>): Promise<Flight> {
  const socket = await hub.connect(await hub.login('super'));
  try {
    const snapshot = await request(socket, 'flights:snapshot', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const current = snapshot.flights.find((f) => f.id === flight.id) ?? flight;
    const ack = await request(socket, 'flight:update', {
      flightId: flight.id,
      baseVersion: current.version,
      opId: crypto.randomUUID(),
      changes: changes as never,
    });
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.flight;
  } finally {
    socket.close();
  }
}

/** Each destination cell shows its whole text (nothing cut) and is more than a few letters wide. */
async function expectNoPlaceCut(page: Page): Promise<void> {
  const cells = await page.getByTestId('board-place').evaluateAll((elements) =>
    elements.map((element) => ({
      text: element.textContent ?? '',
      width: element.getBoundingClientRect().width,
      clientWidth: element.clientWidth,
      scrollWidth: element.scrollWidth,
      fontSize: parseFloat(
        (globalThis as unknown as PageWindow).getComputedStyle(element).fontSize,
      ),
    })),
  );
  expect(cells.length).toBeGreaterThan(3);
  for (const cell of cells) {
    expect(cell.scrollWidth, `"${cell.text}" is cut`).toBeLessThanOrEqual(cell.clientWidth);
    expect(cell.width, `"${cell.text}" column`).toBeGreaterThan(cell.fontSize * 6);
  }
}

/** The page's window, as far as these checks use it (the tests' own code has no DOM types). */
type PageWindow = {
  getComputedStyle(element: unknown): { fontSize: string };
  document: { querySelector(selector: string): unknown };
};

/** Boards alternate English and Hindi: waits for the English turn. */
async function englishShowing(page: Page): Promise<void> {
  // A function, not a string: the page's CSP forbids evaluating strings.
  await page.waitForFunction(() =>
    (globalThis as unknown as PageWindow).document.querySelector('.tb-screen[lang="en"]'),
  );
}

async function fontSize(locator: Locator): Promise<number> {
  return locator.evaluate((element) =>
    parseFloat((globalThis as unknown as PageWindow).getComputedStyle(element).fontSize),
  );
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.JETBRIDGE_SCREENSHOTS !== '1' || name === 'unused') return;
  // Codeshares and languages alternate: a still shows the English page.
  await page.screenshot({ path: `${DOCS}${name}` });
}

describe('displays (public screens)', { timeout: 120_000 }, () => {
  it('a display URL shows its board full screen, and survives a reload without a form', async () => {
    const url = await addDisplay('hall-1080p', '--kind', 'departures');
    expect(url).toMatch(/\/display\/jbd_/);
    const page = await openScreen(url, { width: 1920, height: 1080 });
    await page.getByTestId('board-row').first().waitFor();
    await englishShowing(page);
    expect(await controls(page)).toBe(0);
    await screenshot(page, 'screenshot-board-1080p.png');
    // Keys a passenger might press change nothing: no paging held, no navigation.
    await page.keyboard.press('Space');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('board-page').getAttribute('data-paused')).toBe('false');

    await page.reload();
    await page.getByTestId('board-row').first().waitFor();
    expect(await controls(page)).toBe(0);
    expect(page.url()).toBe(url);

    // Readable by everyone: no serious or critical WCAG A/AA violations on the board.
    const serious = await seriousAxeViolations(page);
    expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
  });

  it('a display opened after a gate change shows "Gate change" from the hub', async () => {
    const flights = await hubFlights();
    const now = Date.now();
    const flight = flights.find(
      (f) =>
        (f.direction ?? 'departure') === 'departure' &&
        f.status === 'SCHEDULED' &&
        f.gate !== null &&
        Date.parse(f.std) > now + 90 * 60_000 &&
        Date.parse(f.std) < now + 3 * 3_600_000,
    );
    expect(flight, 'a scheduled departure in the next hours').toBeDefined();
    const gate = flight!.gate === '9' ? '8' : '9';
    await updateFlight(flight!, { gate });
    // A board for the flight's own terminal, opened after the change.
    const terminal = flight!.terminal ?? undefined;
    const url = await addDisplay('pier-gate', ...(terminal ? ['--terminal', terminal] : []));
    const page = await openScreen(url, { width: 1920, height: 1080 });
    const row = page.locator(`[data-testid="board-row"][data-flight-id="${flight!.id}"]`);
    // Paging brings the flight round within a few pages.
    await row.waitFor({ timeout: 60_000 });
    await englishShowing(page);
    expect(await row.getByTestId('board-gate').textContent()).toBe(gate);
    await expect
      .poll(() => row.getByTestId('board-remark').textContent(), { timeout: UI_TIMEOUT })
      .toBe('Gate change');
    expect(await row.getByTestId('board-gate').getAttribute('class')).toContain(
      'board-gate-changed',
    );
  });

  it('an arrivals display shows Expected, Landed and the baggage belt', async () => {
    const url = await addDisplay('arrivals-hall', '--kind', 'arrivals');
    // Tall enough for every arrival on one page: the board lists them from two hours back and
    // turns its pages every 10 s, so on a busy hour a flight could be pages away.
    const page = await openScreen(url, { width: 1920, height: 8000 });
    await page.getByTestId('board-arrivals').waitFor();
    await page.getByTestId('board-row').first().waitFor();
    // The soonest ones: the board lists arrivals by time and turns its pages every 10 s, so a
    // flight further down would be waited for page by page.
    const arrivals = (await hubFlights())
      .filter((f) => f.direction === 'arrival')
      .sort((a, b) => Date.parse(a.eta ?? a.sta!) - Date.parse(b.eta ?? b.sta!));
    const now = Date.now();
    const due = (f: Flight, from: number, to: number) =>
      Date.parse(f.eta ?? f.sta!) > now + from * 60_000 &&
      Date.parse(f.eta ?? f.sta!) < now + to * 60_000;
    const coming = arrivals.find(
      (f) => ['SCHEDULED', 'AIRBORNE'].includes(f.status) && due(f, 30, 180),
    );
    const landing = arrivals.find(
      (f) => ['SCHEDULED', 'AIRBORNE'].includes(f.status) && f.id !== coming?.id && due(f, 0, 30),
    );
    expect(coming, 'an arrival due in 30 min to 3 h').toBeDefined();
    expect(landing, 'an arrival due within 30 min').toBeDefined();
    const eta = new Date(Date.parse(coming!.sta!) + 17 * 60_000).toISOString();
    await updateFlight(coming!, { eta });
    let landed = landing!;
    if (landed.status === 'SCHEDULED') landed = await updateFlight(landed, { status: 'AIRBORNE' });
    landed = await updateFlight(landed, { status: 'LANDED' });
    const remark = (flight: Flight) =>
      page
        .locator(`[data-testid="board-row"][data-flight-id="${flight.id}"]`)
        .getByTestId('board-remark');
    await englishShowing(page);
    const local = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Kolkata',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso));
    await expect
      .poll(async () => remark(coming!).textContent({ timeout: 60_000 }), { timeout: 60_000 })
      .toBe(`Expected ${local(eta)}`);
    await expect
      .poll(async () => remark(landing!).textContent({ timeout: 60_000 }), { timeout: 60_000 })
      .toMatch(/^Landed \d\d:\d\d$/);
    await updateFlight(landed, { status: 'ON_BLOCK', belt: '5' });
    await expect
      .poll(async () => remark(landing!).textContent({ timeout: 60_000 }), { timeout: 60_000 })
      .toBe('Baggage belt 5');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'screenshot-board-arrivals.png');
  }, 240_000);

  it('portrait and 4K boards cut no destination, and type scales with the screen', async () => {
    const url = await addDisplay('hall-big', '--kind', 'departures');
    // One screen at a time: three live boards at once starve a small test machine.
    const measure = async (viewport: { width: number; height: number }, name: string) => {
      const page = await openScreen(url, viewport);
      await page.getByTestId('board-row').first().waitFor();
      await englishShowing(page);
      await expectNoPlaceCut(page);
      const size = await fontSize(page.getByTestId('board-place').first());
      const rows = await page.getByTestId('board-row').count();
      await screenshot(page, name);
      await page.context().close();
      return { size, rows };
    };
    const hd = await measure({ width: 1920, height: 1080 }, 'unused');
    const uhd = await measure({ width: 3840, height: 2160 }, 'screenshot-board-4k.png');
    const portrait = await measure({ width: 1080, height: 1920 }, 'screenshot-board-portrait.png');
    // Same share of the screen at 4K as at 1080p (the same physical size on a 55" TV)…
    expect(uhd.size / hd.size).toBeCloseTo(2, 1);
    // …at least 45 px at 1080p: about 2 cm cap height on a 55" screen.
    expect(hd.size).toBeGreaterThanOrEqual(45);
    // A portrait screen of the same width per pixel keeps the same type and shows more rows.
    expect(portrait.size).toBeCloseTo(hd.size, 0);
    expect(portrait.rows).toBeGreaterThan(hd.rows);
    expect(uhd.rows).toBe(hd.rows);
  });

  it('a screen reloaded while the hub is unreachable opens its own page, never an error', async () => {
    const url = await addDisplay('power-cut');
    const page = await openScreen(url, { width: 1280, height: 720 });
    await page.getByTestId('board-row').first().waitFor();
    // The page's service worker takes over (127.0.0.1 counts as a secure origin).
    await waitFor(
      () =>
        page.evaluate(
          () =>
            (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } })
              .navigator.serviceWorker.controller !== null,
        ),
      'the display service worker to control the page',
    );
    await page.context().setOffline(true);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByTestId('display-starting').waitFor();
    expect(await page.title()).toBe('Flight information');
    expect(await controls(page)).toBe(0);
    // Back on the network, the board returns by itself.
    await page.context().setOffline(false);
    await page.getByTestId('board-row').first().waitFor({ timeout: 30_000 });
  });

  it('a revoked display shows the neutral screen, also after a reload — never a form', async () => {
    const url = await addDisplay('to-revoke');
    const page = await openScreen(url, { width: 1280, height: 720 });
    await page.getByTestId('board-row').first().waitFor();
    const out: string[] = [];
    const code = await runDisplaysCommand(['revoke', 'to-revoke', '--data-dir', hub.dataDir], {
      env: {},
      out: (line) => out.push(line),
      err: () => undefined,
    });
    expect(code).toBe(0);
    await page.getByTestId('display-neutral').waitFor();
    expect(await page.getByTestId('board-row').count()).toBe(0);
    await page.reload();
    await page.getByTestId('display-neutral').waitFor();
    expect(await controls(page)).toBe(0);
    // A made-up address is the same neutral screen.
    await page.goto(`${hub.url}/display/not-a-token`);
    await page.getByTestId('display-neutral').waitFor();
    expect(await controls(page)).toBe(0);
  });

  it('cut off from the hub: "may not be current" after minutes, then a safe screen, then back', async () => {
    // A hub of its own on a fixed port, so the screen finds it again after a restart.
    const port = await freePort();
    const own = await startTestHub({ port });
    try {
      const url = await addDisplayTo(own, 'outage');
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      contexts.push(context);
      context.setDefaultTimeout(UI_TIMEOUT);
      const page = await context.newPage();
      await page.clock.install();
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
      await page.getByTestId('board-row').first().waitFor({ timeout: 30_000 });

      await own.hub.close();
      await page.clock.fastForward(60_000);
      expect(await page.getByTestId('board-not-current').count()).toBe(0);
      await page.clock.fastForward(3 * 60_000);
      await page.getByTestId('board-not-current').waitFor();
      expect(await page.getByTestId('board-row').count()).toBeGreaterThan(0);
      await page.clock.fastForward(12 * 60_000);
      await page.getByTestId('display-safe').waitFor();
      expect(await page.getByTestId('board-row').count()).toBe(0);
      expect(await controls(page)).toBe(0);

      await own.restart();
      // Socket.IO's backoff retries (at most 30 s apart) find the hub again.
      await page.clock.fastForward(60_000);
      await page.getByTestId('board-row').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('board-not-current').count()).toBe(0);
    } finally {
      await own.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
