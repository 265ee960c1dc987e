import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Passenger } from '../../core';
import { fixtureSeed, type TestHub } from '../../test-support/hub-harness';
import { launchChromium, openConsole, signInAs, startConsoleHub } from './consoleDriver';

/** Staff PNR search in the built console, against a real hub (contract section 9). */
const PRIYA: Passenger = {
  pnr: 'PRI001',
  name: 'Priya Sharma',
  phone: '+919810000011',
  email: 'priya@example.in',
};
const ASHA: Passenger = { pnr: 'ASH001', name: 'Asha Verma', phone: '+919810000001' };
const UI_TIMEOUT = 10_000;

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startConsoleHub({
    seed: () => ({ ...fixtureSeed(), passengers: { 'f-6e2134': [PRIYA], 'f-ai865': [ASHA] } }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function search(username: string, pnr: string): Promise<Page> {
  const { context, page } = await openConsole(browser, hub);
  context.setDefaultTimeout(UI_TIMEOUT);
  await signInAs(page, username);
  await page.getByTestId('pax-search-input').fill(pnr.toLowerCase());
  await page.getByTestId('pax-search-input').press('Enter');
  await page.getByTestId('pax-search-result').waitFor();
  return page;
}

describe('finding a passenger by PNR in the console', () => {
  it('shows a supervisor the booking’s passenger, masked contact and flights', async () => {
    const page = await search('super', 'PRI001');
    const panel = page.getByTestId('pax-search-result');
    await expect.poll(() => panel.textContent()).toContain('Priya Sharma');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('+91••••••0011');
    expect(text).not.toContain('+919810000011');
    expect(text).not.toContain('priya@example.in');
    expect(await panel.getByTestId('pax-flight').count()).toBe(1);
    expect(await panel.getByTestId('pax-flight').textContent()).toContain('6E 2134');
    if (process.env.JETBRIDGE_SCREENSHOTS === '1') {
      await page.screenshot({ path: 'docs/screenshot-pnr-search.png' });
    }
  });

  it('keeps a scoped agent to its airlines and gates', async () => {
    const page = await search('agent6e', 'ASH001');
    await expect
      .poll(() => page.getByTestId('pax-search-result').textContent())
      .toContain('No booking ASH001');
  });
});
