import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_GATE_BUFFER_MINUTES, type Flight, type GateEntry } from '../../core';
import { request, type TestHub } from '../../test-support/hub-harness';
import {
  expectText,
  gridCell,
  gridRow,
  launchChromium,
  openConsole,
  signInAs,
  startConsoleHub,
} from './consoleDriver';

/**
 * The gate plan in Chromium against a real hub (the fixture airport: AI 865 at gate 12 and
 * SG 8169 boarding at gate 7, both leaving in an hour): a supervisor moves a bar onto a busy
 * gate with the keyboard, and an agent's console elsewhere shows the conflict at once; a bar
 * dragged with the mouse onto another gate's row moves the flight there for everyone.
 */
const GATES: GateEntry[] = ['7', '8', '12', '30', '42B'].map((gate) => ({
  gate,
  terminal: 'T1',
  contact: true,
  maxCodeLetter: 'C',
}));
const UI_TIMEOUT = 30_000;
/** Two consoles signing in on a shared, loaded machine. */
const TEST_TIMEOUT = 240_000;

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startConsoleHub({ gates: GATES });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function signedIn(username: string): Promise<Page> {
  const { context, page } = await openConsole(browser, hub);
  context.setDefaultTimeout(UI_TIMEOUT);
  await signInAs(page, username);
  await page.getByTestId('gate-conflict-count').waitFor();
  return page;
}

/** A supervisor's console on the gate plan, drawn. */
async function supervisorOnThePlan(): Promise<Page> {
  const supervisor = await signedIn('super');
  await supervisor.getByTestId('view-gateplan').click();
  await supervisor.locator('[data-testid="gate-plan-timeline"][data-ready]').waitFor();
  return supervisor;
}

describe('the gate plan', () => {
  it(
    'a bar moved onto a busy gate shows the conflict in a second console',
    async () => {
      const agent = await signedIn('agent1');
      await gridRow(agent, 'f-ai865').waitFor();
      expect(await agent.getByTestId('gate-conflict-count').getAttribute('data-count')).toBe('0');

      const supervisor = await supervisorOnThePlan();
      const bar = supervisor.locator('.vis-item.plan-bar', { hasText: 'AI 865' });
      await bar.waitFor();
      // Selected, then Alt+↑ twice: gate 12 → 8 (free) → 7 (SG 8169's).
      await bar.click();
      await supervisor.getByTestId('gate-plan-timeline').focus();
      await supervisor.keyboard.press('Alt+ArrowUp');
      await expect
        .poll(() => supervisor.getByTestId('gate-plan-status').textContent(), {
          timeout: UI_TIMEOUT,
        })
        .toBe('AI 865 is at gate 8 (T1).');
      await supervisor.keyboard.press('Alt+ArrowUp');
      await expect
        .poll(() => supervisor.getByTestId('gate-plan-status').textContent(), {
          timeout: UI_TIMEOUT,
        })
        .toBe('AI 865 is at gate 7 (T1).');

      // The other console: the count in its header, the row marked, the conflict explained.
      await expect
        .poll(() => agent.getByTestId('gate-conflict-count').getAttribute('data-count'), {
          timeout: UI_TIMEOUT,
        })
        .toBe('1');
      await expect
        .poll(() => gridRow(agent, 'f-ai865').first().getAttribute('class'), {
          timeout: UI_TIMEOUT,
        })
        .toContain('row-gate-conflict');
      await agent.getByTestId('gate-conflict-count').click();
      const conflict = agent.getByTestId('gate-conflict');
      expect(await conflict.getAttribute('data-rule')).toBe('GATE_OVERLAP');
      expect(await conflict.textContent()).toMatch(/AI 865 .*SG 8169 .*both hold gate 7 \(T1\)/);
      // Red in the plan: both bars.
      await supervisor.locator('.vis-item.plan-conflict', { hasText: 'SG 8169' }).waitFor();

      // One action fixes it: the suggested free gate (8: the only free one in T1 then).
      await agent.getByTestId('gate-conflict-fix').click();
      await agent.getByTestId('gate-conflicts-empty').waitFor();
      await supervisor.locator('.vis-item.plan-conflict').first().waitFor({ state: 'detached' });
      expect(await agent.getByTestId('gate-conflict-count').getAttribute('data-count')).toBe('0');
    },
    TEST_TIMEOUT,
  );

  it(
    'labels fit their bars at every zoom: whole, without the time, or hidden',
    async () => {
      const supervisor = await supervisorOnThePlan();
      await supervisor.locator('.vis-item.plan-bar', { hasText: 'AI 865' }).waitFor();
      // Per bar: how much of its label shows, and how far the label reaches past the bar's
      // right edge (the bars do not clip their labels).
      const labels = () =>
        supervisor.evaluate<{ text: string | null; fit?: string; past: number }[]>(`
          [...document.querySelectorAll('.vis-item.plan-bar')].map((bar) => {
            const content = bar.querySelector('.vis-item-content');
            const label = content.querySelector('.plan-bar-label');
            return {
              text: label.textContent,
              fit: content.dataset.fit,
              past: label.getBoundingClientRect().right - bar.getBoundingClientRect().right,
            };
          })
        `);
      // At 3 h every bar has room for all of its label; a whole day across the plan has room
      // for less (a 45-minute hold is some 40 pixels).
      for (const [zoom, fits] of [
        ['3h', /^all$/],
        ['Day', /^(flight|none)$/],
      ] as const) {
        await supervisor.getByTestId(`gate-plan-zoom-${zoom}`).click();
        await expect
          .poll(async () => (await labels()).map((bar) => bar.fit), { timeout: UI_TIMEOUT })
          .toSatisfy((fitted: (string | undefined)[]) =>
            fitted.every((fit) => fits.test(fit ?? '')),
          );
        for (const bar of await labels()) {
          expect(bar.text).toMatch(/^[↑↓] [A-Z0-9]{2} \d+ \d\d:\d\d$/);
          if (bar.fit !== 'none')
            expect(bar.past, `${bar.text}, ${bar.fit}`).toBeLessThanOrEqual(0);
        }
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'keyboard: Alt+↓ on a selected bar moves it one gate down; the move form refuses, then moves',
    async () => {
      const supervisor = await supervisorOnThePlan();
      await supervisor.locator('.vis-item.plan-bar', { hasText: 'UK 955' }).click();
      await supervisor.getByTestId('gate-plan-timeline').focus();
      await supervisor.keyboard.press('Alt+ArrowDown');
      await expect
        .poll(() => supervisor.getByTestId('gate-plan-status').textContent(), {
          timeout: UI_TIMEOUT,
        })
        .toBe('UK 955 is at gate 42B (T1).');

      // The move form: an unknown gate is refused before anything is sent.
      await supervisor.getByTestId('gate-move-flight').fill('UK 955');
      await supervisor.getByTestId('gate-move-gate').fill('99');
      await supervisor.getByTestId('gate-move-gate').press('Enter');
      await supervisor.getByText('Gate 99 is not in the gate list').waitFor();
      // A gate of the list: the flight typed moves there.
      await supervisor.getByTestId('gate-move-gate').fill('12');
      await supervisor.getByTestId('gate-move-gate').press('Enter');
      await expect
        .poll(() => supervisor.getByTestId('gate-plan-status').textContent(), {
          timeout: UI_TIMEOUT,
        })
        .toBe('UK 955 is at gate 12 (T1).');
    },
    TEST_TIMEOUT,
  );

  it(
    'mouse: a bar dragged onto another gate’s row moves the flight, for every console',
    async () => {
      const agent = await signedIn('agent1');
      await gridRow(agent, 'f-sg8169').waitFor();
      // Wherever the tests before left it: not at gate 30 (UK 955 left it for 42B).
      await expect.poll(() => gridCell(agent, 'f-sg8169', 'gate').textContent()).not.toBe('30');

      const supervisor = await supervisorOnThePlan();
      const bar = supervisor.locator('.vis-item.plan-bar', { hasText: 'SG 8169' });
      await bar.waitFor();
      const from = (await bar.boundingBox())!;
      const row = supervisor.locator('.vis-labelset .vis-label', { hasText: /^30$/ });
      const to = (await row.boundingBox())!;
      // A real drag: press on the bar, move in steps (Hammer.js needs a pan to start), release
      // over gate 30's row.
      const x = from.x + from.width / 2;
      await supervisor.mouse.move(x, from.y + from.height / 2);
      await supervisor.mouse.down();
      await supervisor.mouse.move(x, from.y + from.height / 2 + 5, { steps: 3 });
      await supervisor.mouse.move(x, to.y + to.height / 2, { steps: 10 });
      await supervisor.mouse.up();
      await expect
        .poll(() => supervisor.getByTestId('gate-plan-status').textContent(), {
          timeout: UI_TIMEOUT,
        })
        .toBe('SG 8169 is at gate 30 (T1).');

      // The hub has it, and the agent's console shows it.
      const flights = (await (
        await fetch(`${hub.url}/api/flights`, {
          headers: { authorization: `Bearer ${await hub.login('agent1')}` },
        })
      ).json()) as { flights: { id: string; gate: string | null }[] };
      expect(flights.flights.find((flight) => flight.id === 'f-sg8169')?.gate).toBe('30');
      await expectText(gridCell(agent, 'f-sg8169', 'gate'), '30');
      // And the bar is on its new row in the plan.
      const rowMiddle = to.y + to.height / 2;
      await expect
        .poll(
          async () => {
            const moved = await bar.boundingBox();
            return moved ? Math.abs(moved.y + moved.height / 2 - rowMiddle) : Infinity;
          },
          { timeout: UI_TIMEOUT },
        )
        .toBeLessThan(to.height / 2);
    },
    TEST_TIMEOUT,
  );

  it(
    'a delay sent from elsewhere slides its bar along its row, out of the window and back',
    async () => {
      const supervisor = await supervisorOnThePlan();
      await supervisor.getByTestId('gate-plan-zoom-6h').click();
      const bar = supervisor.locator('.vis-item.plan-bar', { hasText: 'AI 865' });
      await bar.waitFor();
      // Where every bar is now, by its label: the plan redraws only the rows that changed.
      const places = () =>
        supervisor.evaluate<Record<string, [number, number, number]>>(`
          Object.fromEntries([...document.querySelectorAll('.vis-item.plan-bar')].map((bar) => {
            const box = bar.getBoundingClientRect();
            return [bar.querySelector('.plan-bar-label').firstChild.nodeValue.trim(),
              [Math.round(box.x * 10) / 10, Math.round(box.y * 10) / 10, Math.round(box.width * 10) / 10]];
          }))
        `);
      const before = await places();
      const time = () => bar.locator('small').textContent();
      const timeBefore = await time();
      const [x, y, width] = before['↑ AI 865']!;

      const agent = await hub.connect(await hub.login('agent1'));
      const flights = (await (
        await fetch(`${hub.url}/api/flights`, {
          headers: { authorization: `Bearer ${await hub.login('agent1')}` },
        })
      ).json()) as { flights: Flight[] };
      let flight = flights.flights.find((candidate) => candidate.id === 'f-ai865')!;
      const etd = flight.etd;
      const delay = async (minutes: number) => {
        const ack = await request(agent, 'flight:update', {
          flightId: flight.id,
          baseVersion: flight.version,
          opId: randomUUID(),
          changes: {
            etd: new Date(Date.parse(etd) + minutes * 60_000).toISOString(),
            ...(Date.parse(etd) + minutes * 60_000 > Date.parse(flight.std)
              ? { delayCode: '93' }
              : {}),
          },
        });
        expect(ack.ok, JSON.stringify(ack)).toBe(true);
        if (ack.ok) flight = ack.flight;
      };

      // The bar (boarding, 45 min, then the gate buffer) moves 40 minutes to the right, on its row.
      await delay(40);
      const pixelsPerMinute = width / (45 + DEFAULT_GATE_BUFFER_MINUTES);
      await expect
        .poll(async () => (await places())['↑ AI 865']![0], { timeout: UI_TIMEOUT })
        .not.toBe(x);
      expect(await time()).not.toBe(timeBefore);
      const after = await places();
      const [movedX, movedY, movedWidth] = after['↑ AI 865']!;
      expect(movedX - x).toBeCloseTo(40 * pixelsPerMinute, 0);
      expect([movedY, movedWidth]).toEqual([y, width]);
      const others = (places: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(places).filter(([label]) => label !== '↑ AI 865'));
      expect(others(after)).toEqual(others(before));

      // Delayed well past the window (6 h shown, 2 h before now to 4 h after): its row drops it.
      await delay(8 * 60);
      await bar.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      // And back: drawn again where it was.
      await delay(0);
      await expect
        .poll(async () => (await places())['↑ AI 865'], { timeout: UI_TIMEOUT })
        .toEqual([x, y, width]);
      expect(others(await places())).toEqual(others(before));
      agent.close();
    },
    TEST_TIMEOUT,
  );
});
