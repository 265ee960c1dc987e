/**
 * Screenshots of passenger notifications for the README: the grid with live counts per flight
 * (supervisor) and one flight's notification list, 1600×900. A demo hub sends through a local
 * fake Twilio (a few numbers refused) and a local SMTP server; Twilio's delivery reports are
 * posted, signed, to the hub.
 *
 *   npx electron-vite build && npx tsx scripts/screenshot-notifications.ts [outDir]
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Flight, FlightChanges } from '../core';
import { demoPassengers } from '../server/demo/demo-passengers';
import { readNotificationSettings } from '../server/notifications/notification-config';
import { FakeTwilioServer } from '../test-support/fake-twilio-server';
import { TestSmtpServer } from '../test-support/test-smtp-server';
import { waitFor } from '../test-support/wait-for';
import { computeTwilioSignature } from '../server/notifications/twilio-signature';
import { request, type HubClient } from '../test-support/hub-harness';
import {
  gridCell,
  gridRows,
  launchChromium,
  openConsole,
  signInAs,
  startConsoleHub,
} from '../renderer/tests/consoleDriver';

const outDir = resolve(process.argv[2] ?? 'docs');

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const twilio = new FakeTwilioServer();
  await twilio.start();
  const smtp = new TestSmtpServer();
  await smtp.start();
  const hub = await startConsoleHub({
    demo: true,
    notifyCoalesceMs: 300,
    notifications: readNotificationSettings({
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: twilio.apiBase,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Jetbridge DEL <ops@example.com>',
    }),
  });
  const browser = await launchChromium();
  try {
    const socket = await hub.connect(await hub.login('agent2'), { workstation: 'gate-desk-14' });
    const snapshot = await request(socket, 'flights:snapshot', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const now = Date.now();
    const upcoming = snapshot.flights
      .filter((f) => f.status === 'SCHEDULED' && Date.parse(f.std) > now + 40 * 60_000)
      .sort((a, b) => Date.parse(a.std) - Date.parse(b.std))
      .slice(0, 6);
    const [target] = upcoming;
    if (!target) throw new Error('no upcoming flight in the demo');
    // Two of the target flight's passengers cannot be reached by SMS.
    const phones = demoPassengers(target.id).flatMap((p) => (p.phone ? [p.phone] : []));
    if (phones[0]) {
      twilio.answersByRecipient.set(
        phones[0],
        FakeTwilioServer.errorAnswer(
          21211,
          `The 'To' number ${phones[0]} is not a valid phone number.`,
        ),
      );
    }
    if (phones[1]) {
      twilio.answersByRecipient.set(
        phones[1],
        FakeTwilioServer.errorAnswer(21610, 'Attempt to send to unsubscribed recipient'),
      );
    }
    const gates = ['44A', '12', '29', '7B', '51', '33'];
    for (const [index, flight] of upcoming.entries()) {
      const changes: FlightChanges =
        index % 3 === 2
          ? { etd: new Date(Date.parse(flight.std) + 40 * 60_000).toISOString(), delayCode: '93' }
          : { gate: gates[index]! };
      await update(socket, flight, changes);
    }
    await waitFor(() => twilio.requests.length >= 10, 'SMS to go out', 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    // Twilio reports most of the sent ones as delivered.
    const url = `${hub.url}/api/notifications/twilio-status`;
    for (let n = 1; n <= twilio.requests.length; n += 1) {
      if (n % 4 === 0) continue;
      const params = { MessageSid: `SM${String(n).padStart(32, '0')}`, MessageStatus: 'delivered' };
      await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': computeTwilioSignature(twilio.authToken, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    }
    // And one more change that is still waiting in its coalescing window.
    const waiting = upcoming.at(-1)!;

    const { page } = await openConsole(browser, hub);
    await signInAs(page, 'super');
    await gridRows(page).first().waitFor();
    await update(socket, { ...waiting, version: waiting.version + 1 }, { gate: '18' }).catch(
      () => undefined,
    );
    await gridCell(page, target.id, 'notifications').locator('.notify-count').first().waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${outDir}/screenshot-notifications-grid.png` });

    await gridCell(page, target.id, 'notifications').locator('button').click();
    await page.getByTestId('notify-table').locator('tbody tr[data-status]').first().waitFor();
    await page.screenshot({ path: `${outDir}/screenshot-notifications.png` });
    console.log(`screenshots written to ${outDir}`);
  } finally {
    await browser.close();
    await hub.close();
    await twilio.stop();
    await smtp.stop();
  }
}

async function update(socket: HubClient, flight: Flight, changes: FlightChanges): Promise<void> {
  const ack = await request(socket, 'flight:update', {
    flightId: flight.id,
    baseVersion: flight.version,
    opId: randomUUID(),
    changes,
  });
  if (!ack.ok) throw new Error(`${flight.flightNumber}: ${ack.error.message}`);
}

await main();
