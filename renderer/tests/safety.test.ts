import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { delayMinutes, formatLocalTime, type Flight } from '../../core';
import { request, requestRaw, type TestHub } from '../../test-support/hub-harness';
import {
  gridCell,
  gridRow,
  launchChromium,
  openConsole,
  seriousAxeViolations,
  signInAs,
  startConsoleHub,
} from './consoleDriver';

/**
 * Issue 10 in the built console, against a real demo hub: status changes that ask first, time
 * entry that counts from the estimate, the keyboard path to a flight, and an accessibility scan.
 */
let hub: TestHub;
let browser: Browser;
const contexts: BrowserContext[] = [];
const UI_TIMEOUT = 15_000;
/** The demo airport's zone (DEL). */
const DEMO_ZONE = 'Asia/Kolkata';
/** Two consoles and a hub in one test, on a shared machine. */
const TEST_TIMEOUT = 120_000;

beforeAll(async () => {
  hub = await startConsoleHub({ demo: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function signedIn(username: string, viewport?: { width: number; height: number }) {
  const { context, page } = await openConsole(browser, hub, viewport);
  context.setDefaultTimeout(UI_TIMEOUT);
  contexts.push(context);
  await signInAs(page, username);
  await page
    .getByTestId('departures-grid')
    .locator('[role="row"][row-id]')
    .first()
    // Signing in loads the day's flights: on a busy machine that takes longer than a click.
    .waitFor({ timeout: 45_000 })
    .catch(async (error: unknown) => {
      await page.screenshot({ path: `/tmp/safety-fail-${username}.png` });
      throw error;
    });
  return page;
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

async function hubFlight(flightId: string): Promise<Flight> {
  const flight = (await hubFlights()).find((f) => f.id === flightId);
  if (!flight) throw new Error(`no flight ${flightId}`);
  return flight;
}

/**
 * A scheduled departure nobody else in this file has touched yet. Tests go to it by typing its
 * number, which opens the first flight of that number in the grid that has not left: one with no
 * earlier flight of its number is taken when there is one (near the airport's midnight,
 * tomorrow's flights are in the grid beside today's of the same numbers).
 */
const taken = new Set<string>();
async function untouchedFlight(test: (flight: Flight) => boolean = () => true): Promise<Flight> {
  const now = Date.now();
  const flights = await hubFlights();
  const candidates = flights.filter(
    (f) =>
      !taken.has(f.id) &&
      f.status === 'SCHEDULED' &&
      f.gate !== null &&
      f.delayCode === null &&
      delayMinutes(f) === 0 &&
      Date.parse(f.std) > now + 90 * 60_000 &&
      test(f),
  );
  const firstOfItsNumber = (f: Flight) =>
    !flights.some(
      (o) => o.flightNumber === f.flightNumber && Date.parse(o.std) < Date.parse(f.std),
    );
  const flight = candidates.find(firstOfItsNumber) ?? candidates[0];
  if (!flight) throw new Error('no untouched scheduled flight');
  taken.add(flight.id);
  return flight;
}

function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(
    "document.activeElement && document.activeElement.getAttribute('data-testid')",
  );
}

/** Goes to a flight the keyboard way: its number in the quick filter, then Enter. */
/**
 * The flight of `number` that typing it and Enter opens: the grid lists them by STD, and the
 * first that has not already left (or landed) is opened.
 */
function flightGoneTo(flights: Flight[], number: string): Flight | undefined {
  const ofNumber = flights
    .filter((f) => f.flightNumber === number)
    .sort((a, b) => Date.parse(a.std) - Date.parse(b.std));
  return ofNumber.find((f) => f.status !== 'DEPARTED') ?? ofNumber[0];
}

async function goToFlight(page: Page, typed: string, flightId: string): Promise<void> {
  await page.keyboard.press('/');
  await page.keyboard.type(typed);
  await gridRow(page, flightId).waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedTestId(page)).toBe('edit-gate');
  await expect
    .poll(() => page.getByTestId('edit-panel').getAttribute('data-flight-id'))
    .toBe(flightId);
}

describe('status changes that cannot hurt', () => {
  it(
    'asks before a cancellation, keeps its reason, and a supervisor reinstates the flight',
    async () => {
      const flight = await untouchedFlight();
      const agent = await signedIn('agent1');
      await goToFlight(agent, flight.flightNumber, flight.id);

      // `c` on the status field and Enter used to cancel at once; now they ask.
      await agent.getByTestId('edit-status').focus();
      await agent.getByTestId('edit-status').selectOption('CANCELLED');
      await agent.getByTestId('edit-status').press('Enter');
      const dialog = agent.getByTestId('status-confirm');
      await dialog.waitFor();
      expect(await dialog.getByRole('heading').textContent()).toMatch(
        new RegExp(`^Cancel ${flight.flightNumber} to `),
      );
      await expect.poll(() => focusedTestId(agent)).toBe('status-reason');
      // No reason, no cancellation.
      await agent.keyboard.press('Enter');
      await dialog.getByRole('alert').waitFor();
      expect(await dialog.getByTestId('status-reason').getAttribute('aria-invalid')).toBe('true');
      expect((await hubFlight(flight.id)).status).toBe('SCHEDULED');
      await agent.keyboard.type('Aircraft technical, no spare');
      await agent.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(async () => (await hubFlight(flight.id)).status).toBe('CANCELLED');
      expect((await hubFlight(flight.id)).statusReason).toBe('Aircraft technical, no spare');

      // Undo is not offered for a cancellation, and says why.
      await expect.poll(() => agent.getByTestId('undo-last').isDisabled()).toBe(true);
      expect(await agent.getByTestId('undo-why').textContent()).toBe(
        'A cancellation cannot be undone: a supervisor can reinstate the flight',
      );

      const supervisor = await signedIn('super');
      await goToFlight(supervisor, flight.flightNumber, flight.id);
      await supervisor.getByTestId('edit-status').selectOption({ label: 'Reinstate: Scheduled' });
      await supervisor.getByTestId('edit-status').press('Enter');
      const reinstate = supervisor.getByTestId('status-confirm');
      await reinstate.waitFor();
      expect(await reinstate.getByRole('heading').textContent()).toBe(
        `Reinstate ${flight.flightNumber} as Scheduled?`,
      );
      await supervisor.getByTestId('status-reason').fill('Spare aircraft found');
      await supervisor.getByTestId('status-confirm-yes').click();
      await expect.poll(async () => (await hubFlight(flight.id)).status).toBe('SCHEDULED');
      const stored = await hubFlight(flight.id);
      expect(stored).toMatchObject({ statusReason: 'Spare aircraft found', updatedBy: 'super' });
      // The agent's console follows, and the history keeps both reasons.
      await expect
        .poll(() => gridCell(agent, flight.id, 'status').textContent())
        .toContain('Scheduled');
      await expect
        .poll(() => agent.getByTestId('history-list').textContent())
        .toMatch(/Spare aircraft found[\s\S]*Aircraft technical, no spare/);
    },
    TEST_TIMEOUT,
  );

  it(
    '+25 on a flight already late counts from the estimate, not the schedule',
    async () => {
      const flight = await untouchedFlight();
      const socket = await hub.connect(await hub.login('agent2'));
      const late = new Date(Date.parse(flight.std) + 70 * 60_000).toISOString();
      const ack = await request(socket, 'flight:update', {
        flightId: flight.id,
        baseVersion: flight.version,
        opId: crypto.randomUUID(),
        changes: { etd: late, delayCode: '93' },
      });
      socket.close();
      expect(ack.ok).toBe(true);
      const zone = flight.originTimeZone!;
      const expected = new Date(Date.parse(late) + 25 * 60_000).toISOString();

      const agent = await signedIn('agent1');
      await goToFlight(agent, flight.flightNumber, flight.id);
      await agent.keyboard.press('Tab'); // gate → new time
      await expect.poll(() => focusedTestId(agent)).toBe('edit-etd');
      await agent.keyboard.type('+25');
      await expect
        .poll(() => agent.getByTestId('edit-etd-preview').textContent())
        .toBe(`→ ${formatLocalTime(expected, zone)} local · +95`);
      expect(await agent.getByTestId('edit-etd-warning').count()).toBe(0);
      // Counting from the schedule is still possible, and warned about: it is earlier.
      await agent.getByTestId('edit-etd').fill('s+25');
      await expect
        .poll(() => agent.getByTestId('edit-etd-warning').textContent())
        .toMatch(/45 min earlier than the current estimate/);
      await agent.getByTestId('edit-etd').fill('+25');
      await agent.getByTestId('edit-etd').press('Enter');
      await expect.poll(async () => (await hubFlight(flight.id)).etd).toBe(expected);
      expect(delayMinutes(await hubFlight(flight.id))).toBe(95);
    },
    TEST_TIMEOUT,
  );
});

describe('keyboard first', () => {
  it(
    'finds AI 117 typed as AI117, ai 117 or AI0117 and changes its gate in three keys',
    async () => {
      const flight = flightGoneTo(await hubFlights(), 'AI 117');
      expect(flight, 'AI 117 in the demo schedule').toBeDefined();
      const agent = await signedIn('agent2');
      for (const typed of ['ai 117', 'AI0117']) {
        await agent.getByTestId('quick-filter').fill(typed);
        await gridRow(agent, flight!.id).waitFor();
      }
      await agent.getByTestId('quick-filter').fill('');
      await agent.getByTestId('departures-grid').click({ position: { x: 5, y: 5 } });
      // "/", the flight as typed, Enter: the panel opens on Gate (even outside the time window).
      await goToFlight(agent, 'AI117', flight!.id);
      await agent.keyboard.press('Escape');

      // Then three keys change a gate: the gate, selected for typing over, and Enter.
      const open = await untouchedFlight();
      await goToFlight(agent, open.flightNumber.replace(' ', ''), open.id);
      const gate = open.gate === '9A' ? '8A' : '9A';
      // The airport's gates of the flight's terminal are offered as the agent types.
      await expect
        .poll(() => agent.getByTestId('edit-gate-options').locator('option').count())
        .toBeGreaterThan(0);
      await agent.keyboard.type(gate);
      await agent.keyboard.press('Enter');
      await expect.poll(async () => (await hubFlight(open.id)).gate).toBe(gate);

      await agent.getByTestId('quick-filter').fill('ZZ9999');
      await expect
        .poll(() => agent.getByTestId('departures-grid').textContent())
        .toContain('No flight matches the filter');
    },
    TEST_TIMEOUT,
  );

  it(
    'Enter opens the flight of the number still to leave, not the one that left an hour ago',
    async () => {
      // AI 2999, due out 40 minutes ago, has just left; it flies again tomorrow.
      const supervisor = await hub.connect(await hub.login('super'));
      const create = async (stdInMinutes: number) => {
        const std = DateTime.now().plus({ minutes: stdInMinutes }).setZone(DEMO_ZONE);
        const created = await requestRaw(supervisor, 'flight:create', {
          opId: randomUUID(),
          airline: 'AI',
          flightNumber: '2999',
          direction: 'departure',
          date: std.toISODate(),
          origin: 'DEL',
          destination: 'BOM',
          std: std.toUTC().toISO(),
          sta: std.plus({ hours: 2 }).toUTC().toISO(),
        });
        const ack = created as { ok: true; flight: Flight } | { ok: false; error: unknown };
        if (!ack.ok) throw new Error(`flight:create refused: ${JSON.stringify(ack.error)}`);
        return ack.flight;
      };
      const today = await create(-40);
      const tomorrow = await create(23 * 60);
      const departed = await request(supervisor, 'flight:update', {
        flightId: today.id,
        baseVersion: today.version,
        opId: randomUUID(),
        changes: { status: 'DEPARTED' },
      });
      supervisor.close();
      expect(departed.ok, JSON.stringify(departed)).toBe(true);

      // Both are in the grid when the number is typed, today's first; Enter opens tomorrow's.
      const agent = await signedIn('agent2');
      await agent.keyboard.press('/');
      await agent.keyboard.type('AI2999');
      await gridRow(agent, today.id).waitFor();
      await gridRow(agent, tomorrow.id).waitFor();
      await agent.keyboard.press('Enter');
      await expect
        .poll(() => agent.getByTestId('edit-panel').getAttribute('data-flight-id'))
        .toBe(tomorrow.id);
    },
    TEST_TIMEOUT,
  );

  it(
    'Tab leaves the grid for the edit panel; Enter on Notified opens the notification list',
    async () => {
      const supervisor = await signedIn('super');
      const first = supervisor
        .locator('[data-testid="departures-grid"] [role="row"][row-id]')
        .first();
      const flightId = (await first.getAttribute('row-id'))!;
      await gridCell(supervisor, flightId, 'destination').click();
      // The edit panel follows the selection: Tab leaves the grid for it once it is there.
      await supervisor
        .locator(`[data-testid="edit-panel"][data-flight-id="${flightId}"]`)
        .waitFor();
      await supervisor.keyboard.press('Tab');
      await expect
        .poll(() =>
          supervisor.evaluate(
            "!document.activeElement.closest('.ag-root') && !!document.activeElement.closest('[data-testid=edit-panel]')",
          ),
        )
        .toBe(true);

      await gridCell(supervisor, flightId, 'notifications').click({ position: { x: 150, y: 5 } });
      await supervisor.keyboard.press('Enter');
      await supervisor.getByRole('dialog').waitFor();
    },
    TEST_TIMEOUT,
  );
});

describe('accessibility', () => {
  it(
    'has no serious or critical axe-core violations in the agent console',
    async () => {
      const agent = await signedIn('agent1', { width: 1280, height: 720 });
      const flight = await untouchedFlight();
      await goToFlight(agent, flight.flightNumber, flight.id);
      const serious = await seriousAxeViolations(agent);
      expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
