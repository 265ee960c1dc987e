/**
 * Screenshots of the console for the README: login, departures grid (agent, edit panel open) and
 * departure board, 1600×900, against a demo hub serving the built console.
 *
 *   npx electron-vite build && npx tsx scripts/screenshots.ts [outDir]
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { Flight } from '../core';
import { request, type HubClient } from '../test-support/hub-harness';
import {
  boardRow,
  gridRows,
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
    const socket = await hub.connect(await hub.login('agent2'), { workstation: 'gate-desk-14' });
    await stageAMorning(socket);

    const login = await openConsole(browser, hub);
    await login.page.getByTestId('login-username').fill('agent1');
    await login.page.screenshot({ path: `${outDir}/screenshot-login.png` });

    const agent = login.page;
    await signInAs(agent, 'agent1');
    await gridRows(agent).first().waitFor();
    // Pick a flight a few rows down and open it for editing with the keyboard.
    const target = gridRows(agent).nth(6);
    await target.locator('[col-id="gate"]').click();
    await agent.keyboard.press('Enter');
    await agent.getByTestId('edit-gate').waitFor();
    await agent.getByTestId('edit-etd').fill('+35');
    await agent.getByTestId('edit-delay-code').selectOption('93');
    await agent.mouse.move(0, 0);
    await agent.screenshot({ path: `${outDir}/screenshot-grid.png` });

    const board = await openConsole(browser, hub);
    await signInAs(board.page, 'board');
    await board.page.getByTestId('board-row').first().waitFor();
    const anyRow = await board.page.getByTestId('board-row').first().getAttribute('data-flight-id');
    if (anyRow) await boardRow(board.page, anyRow).waitFor();
    await board.page.screenshot({ path: `${outDir}/screenshot-board.png` });
    console.log(`screenshots written to ${outDir}`);
  } finally {
    await browser.close();
    await hub.close();
  }
}

/** A believable working state: some flights boarding, one delayed, one gate change, a remark. */
async function stageAMorning(socket: HubClient): Promise<void> {
  const snapshot = await request(socket, 'flights:snapshot', {});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const now = Date.now();
  const upcoming = snapshot.flights
    .filter((f) => Date.parse(f.std) > now - 20 * 60_000 && f.status === 'SCHEDULED')
    .sort((a, b) => Date.parse(a.std) - Date.parse(b.std));
  const change = async (flight: Flight | undefined, changes: Record<string, unknown>) => {
    if (!flight) return;
    const ack = await request(socket, 'flight:update', {
      flightId: flight.id,
      baseVersion: flight.version,
      opId: crypto.randomUUID(),
      changes,
    });
    if (!ack.ok) console.warn(`staging ${flight.flightNumber}: ${ack.error.message}`);
  };
  const zone = upcoming[0]?.originTimeZone ?? 'Asia/Kolkata';
  const later = (f: Flight | undefined, minutes: number) =>
    f ? DateTime.fromISO(f.std, { zone }).plus({ minutes }).toUTC().toISO() : undefined;
  await change(upcoming[0], { status: 'FINAL_CALL' });
  await change(upcoming[1], { status: 'BOARDING' });
  await change(upcoming[2], { status: 'BOARDING', remark: 'Wheelchair x2 at gate' });
  await change(upcoming[3], { etd: later(upcoming[3], 40), delayCode: '93' });
  await change(upcoming[4], { gate: '29A' });
  await change(upcoming[5], {
    etd: later(upcoming[5], 75),
    delayCode: '41',
    remark: 'Tech, AOG spares from BOM',
  });
  await change(upcoming[9], { status: 'CANCELLED', remark: 'Crew duty time' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
