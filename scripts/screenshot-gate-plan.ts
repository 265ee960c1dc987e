/**
 * The gate plan for the README, 1600×900: a demo hub serving the built console, one flight moved
 * onto a busy gate (a conflict, red), a supervisor's console on the gate plan.
 *
 *   npm run build && npx tsx scripts/screenshot-gate-plan.ts [outDir]
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gateHoldSpan, type Flight } from '../core';
import { request } from '../test-support/hub-harness';
import {
  launchChromium,
  openConsole,
  signInAs,
  startConsoleHub,
} from '../renderer/tests/consoleDriver';

const outDir = resolve(process.argv[2] ?? 'docs');

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const hub = await startConsoleHub({ demo: true });
  const browser = await launchChromium();
  try {
    const socket = await hub.connect(await hub.login('agent2'));
    const snapshot = await request(socket, 'flights:snapshot', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    // A departure in the next hours moved onto the gate of another one at about the same time.
    const now = Date.now();
    const soon = snapshot.flights
      .filter((f) => f.status === 'SCHEDULED' && f.gate && f.direction !== 'arrival')
      .filter(
        (f) => Date.parse(f.etd) > now + 60 * 60_000 && Date.parse(f.etd) < now + 3 * 3600_000,
      );
    const [moved, busy] = pairOnOneTerminal(soon);
    if (moved && busy) {
      const ack = await request(socket, 'flight:update', {
        flightId: moved.id,
        baseVersion: moved.version,
        opId: crypto.randomUUID(),
        changes: { gate: busy.gate },
      });
      if (!ack.ok) console.warn(`staging: ${ack.error.message}`);
    }
    const { page } = await openConsole(browser, hub);
    await signInAs(page, 'super');
    await page.getByTestId('view-gateplan').click();
    await page.locator('[data-testid="gate-plan-timeline"][data-ready]').waitFor();
    await page.locator('.vis-item.plan-bar').first().waitFor();
    await page
      .locator('.vis-item.plan-conflict')
      .first()
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${outDir}/screenshot-gate-plan.png` });
    console.log(`screenshot written to ${outDir}/screenshot-gate-plan.png`);
  } finally {
    await browser.close();
    await hub.close();
  }
}

function pairOnOneTerminal(flights: Flight[]): [Flight | undefined, Flight | undefined] {
  for (const a of flights) {
    for (const b of flights) {
      const [sa, sb] = [gateHoldSpan(a), gateHoldSpan(b)];
      if (a === b || a.terminal !== 'T1' || b.terminal !== 'T1' || a.gate === b.gate || !sa || !sb)
        continue;
      if (Math.abs(sa.start - sb.start) < 20 * 60_000) return [a, b];
    }
  }
  return [undefined, undefined];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
