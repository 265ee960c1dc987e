import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Passenger } from '../../core';
import { readNotificationSettings } from '../../server/notifications/notification-config';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { fixtureSeed, request, type TestHub } from '../../test-support/hub-harness';
import { gridCell, launchChromium, openConsole, signInAs, startConsoleHub } from './consoleDriver';

/**
 * Passenger notifications in the built console: live counts per flight in the grid, and a
 * supervisor's list with retry — against a real hub sending SMS through a local fake Twilio.
 */
const FLIGHT = 'f-ai865';
const MANIFEST: Passenger[] = [
  { pnr: 'HIN001', name: 'Asha Verma', phone: '+919810000001', locale: 'hi' },
  { pnr: 'ENG002', name: 'Rahul Iyer', phone: '+919810000002' },
  { pnr: 'BAD003', name: 'Neha Das', phone: '+919810000003' },
];
const UI_TIMEOUT = 10_000;

let hub: TestHub;
let twilio: FakeTwilioServer;
let browser: Browser;

beforeAll(async () => {
  twilio = new FakeTwilioServer();
  await twilio.start();
  twilio.answersByRecipient.set(
    '+919810000003',
    FakeTwilioServer.errorAnswer(21211, "The 'To' number is not a valid phone number."),
  );
  hub = await startConsoleHub({
    seed: () => ({ ...fixtureSeed(), passengers: { [FLIGHT]: MANIFEST } }),
    notifyCoalesceMs: 200,
    notifications: readNotificationSettings({
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: twilio.apiBase,
    }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await twilio?.stop();
});

async function open(username: string): Promise<Page> {
  const { context, page } = await openConsole(browser, hub);
  context.setDefaultTimeout(UI_TIMEOUT);
  await signInAs(page, username);
  return page;
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: UI_TIMEOUT })) ?? '').replace(/\s+/g, ' ').trim();
}

describe('passenger notifications in the console', () => {
  it('shows manifest size and live counts; a supervisor opens the list and retries a failed one', async () => {
    const supervisor = await open('super');
    const agent = await open('agent1');
    await expect.poll(() => text(gridCell(supervisor, FLIGHT, 'passengers'))).toBe('3');
    expect(await text(gridCell(supervisor, FLIGHT, 'notifications'))).toBe('—');

    const socket = await hub.connect(await hub.login('agent2'));
    const snapshot = await request(socket, 'flights:snapshot', {});
    const flight = snapshot.ok ? snapshot.flights.find((f) => f.id === FLIGHT)! : null;
    const ack = await request(socket, 'flight:update', {
      flightId: FLIGHT,
      baseVersion: flight!.version,
      opId: randomUUID(),
      changes: { gate: '14' },
    });
    expect(ack.ok).toBe(true);

    // Both consoles see the counts arrive without reloading.
    for (const page of [supervisor, agent]) {
      await expect
        .poll(() => text(gridCell(page, FLIGHT, 'notifications')), { timeout: UI_TIMEOUT })
        .toBe('2sent1fail');
    }
    // Agents see counts only; supervisors can open the list.
    expect(await gridCell(agent, FLIGHT, 'notifications').locator('button').count()).toBe(0);
    await gridCell(supervisor, FLIGHT, 'notifications').locator('button').click();
    const dialog = supervisor.getByTestId('notify-dialog');
    const failedRow = dialog.locator('tbody tr[data-status="failed"]');
    await failedRow.waitFor();
    expect(await text(failedRow)).toContain('BAD003');
    expect(await text(failedRow)).toContain('21211');
    expect(await dialog.locator('tbody tr[data-status="sent"]').count()).toBe(2);

    twilio.answersByRecipient.delete('+919810000003');
    await failedRow.getByRole('button', { name: 'Retry' }).click();
    await expect
      .poll(() => dialog.locator('tbody tr[data-status="sent"]').count(), { timeout: UI_TIMEOUT })
      .toBe(3);
    await expect
      .poll(() => text(gridCell(agent, FLIGHT, 'notifications')), { timeout: UI_TIMEOUT })
      .toBe('3sent');
    expect(twilio.requests.filter((r) => r.to === '+919810000003')).toHaveLength(2);
    await supervisor.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
