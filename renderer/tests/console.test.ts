import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { delayMinutes, formatLocalTime, type Flight } from '../../core';
import { request, type TestHub } from '../../test-support/hub-harness';
import {
  boardRow,
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
 * The built console in Chromium against a real demo hub: an agent's grid and a departure board
 * side by side, the way a gate desk and the screen above it see the same flights.
 */
let hub: TestHub;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  hub = await startConsoleHub({ demo: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const UI_TIMEOUT = 10_000;

async function open(): Promise<Page> {
  const { context, page } = await openConsole(browser, hub);
  context.setDefaultTimeout(UI_TIMEOUT);
  contexts.push(context);
  return page;
}

async function hubFlight(flightId: string): Promise<Flight> {
  const socket = await hub.connect(await hub.login('super'));
  try {
    const ack = await request(socket, 'flights:snapshot', {});
    if (!ack.ok) throw new Error(ack.error.message);
    const flight = ack.flights.find((f) => f.id === flightId);
    if (!flight) throw new Error(`no flight ${flightId}`);
    return flight;
  } finally {
    socket.close();
  }
}

/** A board signed in, paging held (Space) so the flights on its first page stay in view. */
async function openHeldBoard(): Promise<Page> {
  const board = await open();
  await signInAs(board, 'board');
  await board.getByTestId('board-row').first().waitFor();
  await board.keyboard.press('Space');
  await expect.poll(() => board.getByTestId('board-page').getAttribute('data-paused')).toBe('true');
  return board;
}

/**
 * Departures on the board that are on time and still scheduled, paging by hand until some show
 * (the agent then finds them in the Departures grid, which holds departures only).
 */
const ON_TIME_REMARKS = ['On time', 'Check-in open', 'Check-in closed'];

async function onTimeBoardFlights(board: Page): Promise<string[]> {
  const departures = new Set(
    (await allHubFlights()).filter((f) => f.direction !== 'arrival').map((f) => f.id),
  );
  const pageLabel = await board.getByTestId('board-page').textContent();
  const pageCount = Number(/\/(\d+)/.exec(pageLabel ?? '')?.[1] ?? 1);
  for (let page = 0; page < pageCount; page++) {
    // One read of the page, not two round trips per row: the board pages on by itself.
    const rows = await board.getByTestId('board-row').evaluateAll((elements) =>
      elements.map((row) => ({
        id: row.getAttribute('data-flight-id') ?? '',
        remark: row.querySelector('[data-testid="board-remark"]')?.textContent?.trim() ?? '',
      })),
    );
    const ids = rows
      .filter(({ id, remark }) => ON_TIME_REMARKS.includes(remark) && departures.has(id))
      .map(({ id }) => id);
    if (ids.length > 0) return ids;
    const before = await board.getByTestId('board-page').textContent();
    await board.keyboard.press('ArrowRight');
    await expect.poll(() => board.getByTestId('board-page').textContent()).not.toBe(before);
  }
  return [];
}

async function openAgentGrid(username = 'agent1'): Promise<Page> {
  const agent = await open();
  await signInAs(agent, username);
  await agent.getByTestId('departures-grid').locator('[role="row"][row-id]').first().waitFor();
  return agent;
}

/** Finds a flight the way an agent does: types its number into the quick filter. */
async function findInGrid(agent: Page, flight: Flight): Promise<void> {
  await agent.getByTestId('time-window-all').click();
  await agent.getByTestId('quick-filter').fill(flight.flightNumber);
  await gridRow(agent, flight.id).waitFor();
}

describe('console in the browser', () => {
  it('a gate changed in the agent grid appears on the departure board', async () => {
    const board = await openHeldBoard();
    const [flightId] = await onTimeBoardFlights(board);
    expect(flightId, 'an on-time flight on the first board page').toBeDefined();
    const flight = await hubFlight(flightId!);
    const newGate = flight.gate === '77C' ? '77D' : '77C';

    const agent = await openAgentGrid();
    await findInGrid(agent, flight);
    await gridCell(agent, flight.id, 'gate').click();
    await agent.keyboard.press('Enter');
    await expect.poll(() => focusedTestId(agent)).toBe('edit-gate');
    await agent.keyboard.type(newGate);
    await agent.keyboard.press('Enter');

    await expectText(gridCell(agent, flight.id, 'gate'), newGate);
    await expectText(boardRow(board, flight.id).getByTestId('board-gate'), newGate);
    // The board tells passengers the gate moved, and marks the new gate.
    await expectText(boardRow(board, flight.id).getByTestId('board-remark'), 'Gate change');
    expect(
      await boardRow(board, flight.id).getByTestId('board-gate').getAttribute('class'),
    ).toContain('board-gate-changed');
    await gridRow(agent, flight.id).getByTestId('row-pending').waitFor({ state: 'detached' });
    const stored = await hubFlight(flight.id);
    expect(stored.gate).toBe(newGate);
    expect(stored.updatedBy).toBe('agent1');
    expect(stored.version).toBe(flight.version + 1);
  });

  it('a delay with a code shows the new local time in the grid and on the board', async () => {
    const board = await openHeldBoard();
    const candidates = await onTimeBoardFlights(board);
    const flightId = candidates[candidates.length - 1];
    expect(flightId, 'an on-time flight on the first board page').toBeDefined();
    const flight = await hubFlight(flightId!);
    const zone = flight.originTimeZone!;
    const expectedEtd = new Date(Date.parse(flight.std) + 25 * 60_000).toISOString();
    const expectedLocal = formatLocalTime(expectedEtd, zone);

    const agent = await openAgentGrid('agent2');
    await findInGrid(agent, flight);
    await gridCell(agent, flight.id, 'etd').click();
    await agent.keyboard.press('F2');
    await expect.poll(() => focusedTestId(agent)).toBe('edit-etd');
    await agent.keyboard.type('+25');
    await expectText(agent.getByTestId('edit-etd-preview'), `→ ${expectedLocal} local · +25`);
    await agent.getByTestId('edit-delay-code').selectOption('93');
    await expect(agent.getByTestId('edit-delay-code-meaning').textContent()).resolves.toContain(
      'Aircraft rotation',
    );
    await agent.getByTestId('edit-etd').press('Enter');

    await expectText(gridCell(agent, flight.id, 'etd'), expectedLocal);
    await expectText(gridCell(agent, flight.id, 'delay'), '+25');
    await expectText(gridCell(agent, flight.id, 'delayCode'), '93');
    await expectText(
      boardRow(board, flight.id).getByTestId('board-remark'),
      `Delayed ${expectedLocal}`,
    );
    const stored = await hubFlight(flight.id);
    expect(delayMinutes(stored)).toBe(25);
    expect(stored.delayCode).toBe('93');
  });

  it('a refused change is shown as refused and the grid returns to the hub truth', async () => {
    const agent = await openAgentGrid();
    // A scheduled, on-time flight nobody else in this file touches.
    const snapshot = await hubFlights();
    const flight = snapshot.find(
      (f) => f.status === 'SCHEDULED' && f.delayCode === null && delayMinutes(f) === 0 && f.gate,
    )!;
    await findInGrid(agent, flight);
    await gridCell(agent, flight.id, 'gate').click();
    await agent.keyboard.press('Enter');

    // A delay without a code never leaves the console: the core rules say so at once.
    await agent.getByTestId('edit-etd').fill('+30');
    await agent.getByTestId('edit-etd').press('Enter');
    await expect(agent.getByTestId('edit-problem').textContent()).resolves.toContain('delay code');
    expect((await hubFlight(flight.id)).version).toBe(flight.version);
    await agent.getByTestId('edit-etd').fill('');

    // Meanwhile another console moves the gate; this agent then sends its own gate.
    await agent.getByTestId('edit-gate').fill('55X');
    const other = await hub.connect(await hub.login('agent2'), { workstation: 'other-desk' });
    const ack = await request(other, 'flight:update', {
      flightId: flight.id,
      baseVersion: flight.version,
      opId: crypto.randomUUID(),
      changes: { gate: '12Q' },
    });
    other.close();
    expect(ack.ok).toBe(true);
    await expectText(gridCell(agent, flight.id, 'gate'), '12Q');
    await agent.getByTestId('changed-meanwhile').waitFor();
    await agent.getByTestId('edit-gate').press('Enter');

    const refusal = agent.getByTestId('refusal-message');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Conflict: gate: changed by someone else/);
    await gridRow(agent, flight.id).getByTestId('row-refusal').waitFor();
    await expectText(gridCell(agent, flight.id, 'gate'), '12Q');
    await expect.poll(() => agent.getByTestId('edit-gate').inputValue()).toBe('12Q');
    expect((await hubFlight(flight.id)).gate).toBe('12Q');
  });

  it('fits the supervisor’s header and the grid toolbar on one line at 1280 px', async () => {
    // The narrowest workstation we support: the header drops words (airport name, role), not lines.
    const { context, page } = await openConsole(browser, hub, { width: 1280, height: 800 });
    context.setDefaultTimeout(UI_TIMEOUT);
    contexts.push(context);
    await signInAs(page, 'super');
    await page.getByTestId('row-count').waitFor();
    // Measured in the page (a string: this file is type-checked without the DOM's types).
    const layout = await page.evaluate<{
      overflow: number;
      tallButtons: string[];
      toolbarOnOneLine: boolean;
    }>(`(() => {
      const header = document.querySelector('.console-header');
      const toolbar = document.querySelector('.grid-toolbar');
      const tallButtons = [...header.querySelectorAll('button')]
        .filter((b) => b.getBoundingClientRect().height > 34)
        .map((b) => b.textContent);
      // One line: every item's middle within a few pixels of the others'.
      const middles = [...toolbar.children].map((c) => {
        const box = c.getBoundingClientRect();
        return box.top + box.height / 2;
      });
      const spread = Math.max(...middles) - Math.min(...middles);
      return {
        overflow: header.scrollWidth - header.clientWidth,
        tallButtons,
        toolbarOnOneLine: spread < 8,
      };
    })()`);
    expect(layout).toEqual({ overflow: 0, tallButtons: [], toolbarOnOneLine: true });
    // The role is still there for whoever hovers the name.
    expect(await page.getByTestId('session-user').getAttribute('title')).toBe('Supervisor');
  });

  it('explains a wrong password and an unreachable hub; a viewer gets only the board', async () => {
    const page = await open();
    await signInAs(page, 'agent1', 'not-the-password');
    await expectText(page.getByTestId('login-error'), 'Wrong username or password.');
    expect(await page.getByTestId('login-password').inputValue()).toBe('');

    await page.getByTestId('login-hub').fill('http://127.0.0.1:9');
    await signInAs(page, 'agent1');
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('Cannot reach the hub at http://127.0.0.1:9');

    const viewer = await open();
    await signInAs(viewer, 'board');
    await viewer.getByTestId('departure-board').waitFor();
    await viewer.getByTestId('board-row').first().waitFor();
    await expectText(viewer.getByTestId('session-role'), 'Viewer');
    expect(await viewer.getByTestId('departures-grid').count()).toBe(0);
    expect(await viewer.getByTestId('edit-panel').count()).toBe(0);
    expect(await viewer.getByTestId('view-grid').count()).toBe(0);
    expect(await viewer.locator('input, select, textarea').count()).toBe(0);
    expect(await viewer.getByTestId('connection-indicator').getAttribute('data-status')).toBe(
      'connected',
    );

    // Signing out forgets the session but remembers who signed in here last.
    await viewer.getByTestId('logout').click();
    await viewer.getByTestId('login-username').waitFor();
    expect(await viewer.getByTestId('login-username').inputValue()).toBe('board');
    expect(await viewer.getByTestId('login-password').inputValue()).toBe('');
    expect(await viewer.getByTestId('board-row').count()).toBe(0);
  });
});

async function allHubFlights(): Promise<Flight[]> {
  const socket = await hub.connect(await hub.login('super'));
  try {
    const ack = await request(socket, 'flights:snapshot', {});
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.flights;
  } finally {
    socket.close();
  }
}

/** Departures beyond the board's horizon: the flights the board tests pick are not among them. */
async function hubFlights(): Promise<Flight[]> {
  const now = Date.now();
  return (await allHubFlights())
    .filter((f) => f.direction !== 'arrival' && Date.parse(f.std) > now + 7 * 60 * 60_000)
    .sort((a, b) => Date.parse(a.std) - Date.parse(b.std));
}
