import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestHub, type TestHub, type TestHubOptions } from '../../test-support/hub-harness';

/** The built console (`npx electron-vite build`); the hub serves it at `/`. */
export const WEB_ROOT = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export { CHROMIUM_ARGS, launchChromium } from '../../test-support/chromium';

export async function startConsoleHub(options: TestHubOptions = {}): Promise<TestHub> {
  if (!existsSync(`${WEB_ROOT}/index.html`)) {
    throw new Error(`No console build in ${WEB_ROOT}: run \`npx electron-vite build\` first`);
  }
  return startTestHub({ webRoot: WEB_ROOT, ...options });
}

/** A fresh browser context (own storage) on the hub's login screen. */
export async function openConsole(
  browser: Browser,
  hub: TestHub,
  viewport = { width: 1600, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  // AG Grid reports a feature whose module is not registered (agGridModules.ts) as an error.
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('AG Grid')) {
      console.error(`[page console] ${message.text()}`);
    }
  });
  await page.goto(hub.url);
  await page.getByTestId('login-username').waitFor();
  return { context, page };
}

/** Signs in through the login form, as a person would. */
export async function signInAs(page: Page, username: string, password = 'demo'): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
}

export type GridTestId = 'departures-grid' | 'arrivals-grid';

/** The grid row of a flight: AG Grid marks it with the `row-id` attribute (our getRowId). */
export function gridRow(page: Page, flightId: string, grid: GridTestId = 'departures-grid') {
  return page.locator(`[data-testid="${grid}"] [role="row"][row-id="${flightId}"]`);
}

export function gridRows(page: Page) {
  return page.locator('[data-testid="departures-grid"] [role="row"][row-id]');
}

export function gridCell(
  page: Page,
  flightId: string,
  colId: string,
  grid: GridTestId = 'departures-grid',
) {
  return gridRow(page, flightId, grid).locator(`[col-id="${colId}"]`);
}

export function boardRow(page: Page, flightId: string) {
  return page.locator(`[data-testid="board-row"][data-flight-id="${flightId}"]`);
}

/** Waits until the locator's text (trimmed) equals `expected`, or matches it. */
export async function expectText(
  locator: Locator,
  expected: string | RegExp,
  timeout = 15_000,
): Promise<void> {
  const text = async () => ((await locator.textContent({ timeout })) ?? '').trim();
  if (typeof expected === 'string') await expect.poll(text, { timeout }).toBe(expected);
  else await expect.poll(text, { timeout }).toMatch(expected);
}

/** The data-testid of the element that has the keyboard. */
export function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(
    "document.activeElement && document.activeElement.getAttribute('data-testid')",
  );
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  targets: string[];
}

/**
 * The serious and critical WCAG 2.0/2.1 A and AA violations axe-core finds on the page as it is.
 * axe is injected through DevTools, not a script tag: the hub's CSP (script-src 'self') rightly
 * refuses inline scripts.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const require = createRequire(import.meta.url);
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    type AxeResults = {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
    };
    const axe = (
      globalThis as unknown as { axe: { run: (options: object) => Promise<AxeResults> } }
    ).axe;
    const results = await axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
