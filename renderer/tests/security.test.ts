import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { request, type TestHub } from '../../test-support/hub-harness';
import {
  boardRow,
  gridCell,
  launchChromium,
  openConsole,
  signInAs,
  startConsoleHub,
} from './consoleDriver';

const XSS = '<img src=x onerror=alert(1)>';

let hub: TestHub;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  hub = await startConsoleHub();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await hub?.close();
});

async function open(): Promise<{ page: Page; dialogs: string[] }> {
  const { context, page } = await openConsole(browser, hub);
  contexts.push(context);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, dialogs };
}

describe('console security', () => {
  it('shows a remark with markup as text in the grid and on the board', async () => {
    const supervisor = await hub.connect(await hub.login('super'));
    const ack = await request(supervisor, 'flight:update', {
      flightId: 'f-ai865',
      baseVersion: 0,
      opId: randomUUID(),
      changes: { remark: XSS },
    });
    expect(ack).toMatchObject({ ok: true, flight: { remark: XSS } });

    const { page, dialogs } = await open();
    await signInAs(page, 'agent1');
    const cell = gridCell(page, 'f-ai865', 'remark');
    await cell.waitFor();
    expect((await cell.textContent())?.trim()).toBe(XSS);
    await page.getByTestId('view-board').click();
    await boardRow(page, 'f-ai865').waitFor();
    // Markup rendered as HTML would put its <img> in the DOM with the row; its onerror alert
    // could only come from that element. None there, on either view, means none ran.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('tells a throttled sign-in plainly', async () => {
    const { page } = await open();
    for (let i = 0; i < 5; i += 1) {
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/login'));
      await signInAs(page, 'board', 'wrong-password');
      expect((await answered).status()).toBe(401);
      await expect.poll(() => page.getByTestId('login-submit').isEnabled()).toBe(true);
    }
    expect(await page.getByTestId('login-error').getAttribute('data-kind')).toBe('credentials');
    await signInAs(page, 'board', 'demo');
    const error = page.getByTestId('login-error');
    await expect.poll(() => error.getAttribute('data-kind')).toBe('throttled');
    expect(await error.textContent()).toMatch(/Too many failed sign-ins.*Try again in \d+ minutes/);
  });

  it('signing out ends the session at the hub; the web console keeps no token', async () => {
    const { page } = await open();
    const loginResponse = page.waitForResponse((response) => response.url().endsWith('/api/login'));
    await signInAs(page, 'agent2');
    const { token } = (await (await loginResponse).json()) as { token: string };
    await page.getByTestId('logout').waitFor();
    expect(await page.getByTestId('login-remember').count()).toBe(0);
    // A string, because this file is type-checked for Node, not for the page.
    const storage = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage, ...sessionStorage })',
    );
    expect(storage).not.toContain(token);

    const logoutResponse = page.waitForResponse((response) =>
      response.url().endsWith('/api/logout'),
    );
    await page.getByTestId('logout').click();
    expect((await logoutResponse).status()).toBe(200);
    const after = await fetch(`${hub.url}/api/flights`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
  });
});
