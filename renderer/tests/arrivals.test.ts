import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatLocalTime, type Flight } from '../../core';
import { request, type TestHub } from '../../test-support/hub-harness';
import {
  expectText,
  focusedTestId,
  gridCell,
  gridRow,
  launchChromium,
  openConsole,
  signInAs,
  startConsoleHub,
} from './consoleDriver';

/**
 * The Arrivals tab in Chromium against a real demo hub (Delhi): an arrivals agent sets an ETA,
 * a stand and a belt with the keyboard, another console sees it live, and refusals are shown.
 */
let hub: TestHub;
let browser: Browser;
const contexts: BrowserContext[] = [];
const UI_TIMEOUT = 20_000;
/** Signing in loads every flight of the demo's live window; a busy machine takes a while. */
const SIGN_IN_TIMEOUT = 60_000;
const ZONE = 'Asia/Kolkata';
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../out/test-screenshots/', import.meta.url));

beforeAll(async () => {
  hub = await startConsoleHub({ demo: true });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

// Each test's consoles close after it: fewer live consoles for a shared machine to run.
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const cell = (page: Page, flight: Flight, colId: string) =>
  gridCell(page, flight.id, colId, 'arrivals-grid');

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

const hubFlight = async (id: string) => (await hubFlights()).find((f) => f.id === id)!;

/** An agent's console on the Arrivals tab, showing one flight found by its number. */
async function openArrivals(username: string, flight: Flight): Promise<Page> {
  const { context, page } = await openConsole(browser, hub);
  context.setDefaultTimeout(UI_TIMEOUT);
  contexts.push(context);
  await signInAs(page, username);
  // Agents land on Departures; the tab is switched once it is up, as a person would.
  await page
    .getByTestId('departures-grid')
    .locator('[role="row"][row-id]')
    .first()
    .waitFor({ timeout: SIGN_IN_TIMEOUT });
  await page.getByTestId('view-arrivals').click();
  await page.getByTestId('arrivals-grid').locator('[role="row"][row-id]').first().waitFor();
  await page.getByTestId('time-window-all').click();
  await page.getByTestId('quick-filter').fill(flight.flightNumber);
  await gridRow(page, flight.id, 'arrivals-grid').waitFor();
  return page;
}

/** Airborne arrivals with no belt yet, latest last: the ones an arrivals agent works on. */
async function airborneArrivals(): Promise<Flight[]> {
  return (await hubFlights())
    .filter((f) => f.direction === 'arrival' && f.status === 'AIRBORNE' && !f.belt && f.sta)
    .sort((a, b) => Date.parse(a.sta!) - Date.parse(b.sta!));
}

describe('the Arrivals tab', { timeout: 240_000 }, () => {
  it('shows arrivals only, with the header naming the airport and its local time', async () => {
    const flights = await hubFlights();
    const [arrival] = await airborneArrivals();
    const arrivalNumbers = new Set(
      flights.filter((f) => f.direction === 'arrival').map((f) => f.flightNumber),
    );
    const departure = flights.find(
      (f) => f.direction !== 'arrival' && !arrivalNumbers.has(f.flightNumber),
    )!;
    const agent = await openArrivals('agent1', arrival!);

    await expectText(agent.getByTestId('airport-name'), 'Indira Gandhi International Airport');
    await expectText(agent.getByTestId('airport-clock'), /^\d{2}:\d{2}:\d{2}\s*(GMT\+5:30|IST)$/);
    const arrivals = flights.filter((f) => f.direction === 'arrival').length;
    await expectText(
      agent.getByTestId('row-count'),
      new RegExp(`^[1-9]\\d* of ${arrivals} arrivals$`),
    );
    // The status chips are the arrival machine's.
    await agent.getByTestId('status-filter-AIRBORNE').waitFor();
    expect(await agent.getByTestId('status-filter-BOARDING').count()).toBe(0);

    // A departure's number finds nothing here, and the Departures tab holds no arrival.
    await agent.getByTestId('quick-filter').fill(departure.flightNumber);
    await expectText(agent.getByTestId('row-count'), /^0 of /);
    await agent.getByTestId('view-grid').click();
    await agent.getByTestId('quick-filter').fill(arrival!.flightNumber);
    await expectText(agent.getByTestId('row-count'), /^0 of \d+ departures$/);
  });

  it('an agent sets ETA, stand and belt with the keyboard; another console sees them live', async () => {
    const [flight] = (await airborneArrivals()).slice(-1);
    const eta = new Date(Date.parse(flight!.sta!) + 25 * 60_000).toISOString();
    const etaLocal = formatLocalTime(eta, ZONE);
    const agent = await openArrivals('agent1', flight!);
    const watcher = await openArrivals('agent2', flight!);

    await cell(agent, flight!, 'eta').click();
    await agent.keyboard.press('Enter');
    await expect.poll(() => focusedTestId(agent)).toBe('edit-eta');
    // s+25: 25 minutes after the STA (+25 would count from the current ETA, issue 10).
    await agent.keyboard.type('s+25');
    await expectText(agent.getByTestId('edit-eta-preview'), `→ ${etaLocal} local · +25`);
    await agent.keyboard.press('Tab');
    await expect.poll(() => focusedTestId(agent)).toBe('edit-stand');
    await agent.keyboard.press('ControlOrMeta+a');
    await agent.keyboard.type('215r');
    await agent.keyboard.press('Tab');
    await expect.poll(() => focusedTestId(agent)).toBe('edit-belt');
    await agent.keyboard.type('7');
    // No delay code is asked of a late arrival; the status offers the arrival machine's moves.
    expect(await agent.getByTestId('edit-delay-code').count()).toBe(0);
    const statuses = await agent.getByTestId('edit-status').locator('option').allTextContents();
    expect(statuses).toEqual(['Airborne (now)', 'Landed', 'On block', 'Diverted', 'Cancelled']);
    await agent.keyboard.press('Enter');

    for (const page of [agent, watcher]) {
      await expectText(cell(page, flight!, 'eta'), new RegExp(`^${etaLocal}`));
      await expectText(cell(page, flight!, 'delay'), '+25');
      await expectText(cell(page, flight!, 'stand'), '215R');
      await expectText(cell(page, flight!, 'belt'), '7');
      await expectText(cell(page, flight!, 'updated'), new RegExp('^agent1 '));
    }
    await agent.getByTestId('edit-saved').waitFor();
    await expect.poll(() => focusedTestId(agent)).toBeNull(); // back in the grid
    const stored = await hubFlight(flight!.id);
    expect(stored).toMatchObject({ eta, stand: '215R', belt: '7', updatedBy: 'agent1' });
    expect(stored.version).toBe(flight!.version + 1);

    // The second agent moves it on: landed, then on block (the hub records the ATA).
    await cell(watcher, flight!, 'status').click();
    await watcher.keyboard.press('Enter');
    await expect.poll(() => focusedTestId(watcher)).toBe('edit-status');
    await watcher.getByTestId('edit-status').selectOption('LANDED');
    await watcher.keyboard.press('Enter');
    await expectText(cell(agent, flight!, 'status'), 'Landed');
    await agent.screenshot({ path: `${SHOTS}arrivals-landed.png` });
  });

  it('shows a time the core rules refuse at once, and a change the hub refuses', async () => {
    const [flight] = await airborneArrivals();
    const agent = await openArrivals('agent1', flight!);
    await cell(agent, flight!, 'eta').click();
    await agent.keyboard.press('Enter');
    await expect.poll(() => focusedTestId(agent)).toBe('edit-eta');

    // A typo of a time (five thousand minutes late) never leaves the console.
    await agent.keyboard.type('+5000');
    await agent.keyboard.press('Enter');
    // In the agent's words (plainRefusal), not the field's name.
    await expectText(
      agent.getByTestId('edit-problem'),
      /^New arrival time: must be between 6 h before/,
    );
    await expect.poll(() => focusedTestId(agent)).toBe('edit-eta');
    expect((await hubFlight(flight!.id)).version).toBe(flight!.version);
    await agent.keyboard.press('Escape');

    // The agent types a belt while a supervisor cancels the flight; the hub refuses the belt.
    await agent.getByTestId('edit-belt').fill('12');
    const supervisor = await hub.connect(await hub.login('super'));
    const ack = await request(supervisor, 'flight:update', {
      flightId: flight!.id,
      baseVersion: flight!.version,
      opId: crypto.randomUUID(),
      changes: { status: 'CANCELLED', remark: 'Cancelled by the airline' },
    });
    supervisor.close();
    expect(ack.ok).toBe(true);
    await expectText(cell(agent, flight!, 'status'), 'Cancelled');
    await agent.getByTestId('changed-meanwhile').waitFor();
    await agent.getByTestId('edit-belt').press('Enter');

    await expectText(
      agent.getByTestId('refusal-message'),
      // The status in the agent's words (plainRefusal).
      new RegExp(`belt: flight ${flight!.flightNumber} is cancelled and takes no further belt`),
    );
    await gridRow(agent, flight!.id, 'arrivals-grid').getByTestId('row-refusal').waitFor();
    await expectText(cell(agent, flight!, 'belt'), '');
    expect((await hubFlight(flight!.id)).belt ?? null).toBeNull();

    await agent.screenshot({ path: `${SHOTS}arrivals-refused.png` });
  });

  it('looks right (docs/screenshot-arrivals.png)', async () => {
    // An arrival due within the next three hours, so that it is among the rows shown.
    const now = Date.now();
    const soon = (await airborneArrivals()).filter((f) => {
      const eta = Date.parse(f.eta ?? f.sta!);
      return eta > now && eta < now + 3 * 60 * 60_000;
    });
    // One of the first few by ETA: the grid draws only the rows on screen, and how many arrivals
    // the next three hours hold depends on the time of day (the middle one was off screen).
    soon.sort((a, b) => Date.parse(a.eta ?? a.sta!) - Date.parse(b.eta ?? b.sta!));
    const flight = soon[Math.min(2, soon.length - 1)]!;
    expect(flight, 'an airborne arrival due in the next 3 h').toBeDefined();
    const agent = await openArrivals('agent1', flight);
    await cell(agent, flight, 'stand').click();
    await agent.keyboard.press('Enter');
    await expect.poll(() => focusedTestId(agent)).toBe('edit-stand');
    await agent.keyboard.press('ControlOrMeta+a');
    await agent.keyboard.type('204');
    await agent.keyboard.press('Tab');
    await agent.keyboard.type('5');
    await agent.keyboard.press('Enter');
    await expectText(cell(agent, flight, 'belt'), '5');
    await agent.getByTestId('edit-saved').waitFor();
    await agent.getByTestId('quick-filter').fill('');
    await agent.getByTestId('time-window-next3h').click();
    await gridRow(agent, flight.id, 'arrivals-grid').waitFor();
    await agent.screenshot({ path: `${DOCS}screenshot-arrivals.png` });
  });
});
