import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { GateEntry } from '../../core';
import type { TestHub } from '../../test-support/hub-harness';
import { gridRow, launchChromium, openConsole, signInAs, startConsoleHub } from './consoleDriver';

/**
 * The gate plan in Chromium against a real hub (the fixture airport: AI 865 at gate 12 and
 * SG 8169 boarding at gate 7, both leaving in an hour): a supervisor moves a bar onto a busy
 * gate (keyboard: mouse drags through vis-timeline's Hammer.js are not driven here), and an agent's console elsewhere shows the conflict at once.
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

describe('the gate plan', () => {
  it(
    'a bar moved onto a busy gate shows the conflict in a second console',
    async () => {
      const agent = await signedIn('agent1');
      await gridRow(agent, 'f-ai865').waitFor();
      expect(await agent.getByTestId('gate-conflict-count').getAttribute('data-count')).toBe('0');

      const supervisor = await signedIn('super');
      await supervisor.getByTestId('view-gateplan').click();
      await supervisor.locator('[data-testid="gate-plan-timeline"][data-ready]').waitFor();
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
    'keyboard: Alt+↓ on a selected bar moves it one gate down; a refusal is shown',
    async () => {
      const supervisor = await signedIn('super');
      await supervisor.getByTestId('view-gateplan').click();
      await supervisor.locator('[data-testid="gate-plan-timeline"][data-ready]').waitFor();
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
    },
    TEST_TIMEOUT,
  );
});
