/**
 * The console in Chromium (the built web console, served by the hub) with 2,000 flights:
 * 1. login → interactive grid: from pressing Enter on the login form to grid rows on screen,
 *    and to a click on a row answered by the edit panel (target ≤ 1 s);
 * 2. 200 remote changes/s for 5 s (another agent's socket), with every flight in the grid
 *    ("All"): long tasks on the page's main thread (PerformanceObserver 'longtask'; target: none
 *    over 50 ms), and that the grid caught up.
 * Needs `npx electron-vite build` first (out/renderer).
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test-support/chromium';
import { BENCH_PASSWORD, writeBenchDataFolder } from './support/bench-data';
import { REPO, connectClient, login, sleep, startBenchHubProcess } from './support/bench-clients';

const FLIGHTS = 2_000;
const RATE = 200;
const DURATION_MS = 5_000;
const WEB_ROOT = join(REPO, 'out', 'renderer');

interface LongTask {
  start: number;
  duration: number;
}
/** Installed before the console's own scripts: records every main-thread task over 50 ms. */
const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
`;

export default async function consoleBench() {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error('no console build in out/renderer: run `npx electron-vite build` first');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-console-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  let browser: Browser | null = null;
  try {
    const flights = await writeBenchDataFolder(dataDir, { flights: FLIGHTS, trail: 0, editors: 2 });
    hub = await startBenchHubProcess(dataDir, { BENCH_WEB_ROOT: WEB_ROOT });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    context.setDefaultTimeout(30_000);
    await context.addInitScript(LONG_TASK_OBSERVER);
    const page = await context.newPage();
    await page.goto(hub.url);
    await page.getByTestId('login-username').fill('editor1');
    await page.getByTestId('login-password').fill(BENCH_PASSWORD);

    // 1. Login → rows on screen → a click answered.
    const loginStart = performance.now();
    const loginAnswered = page
      .waitForResponse((response) => response.url().endsWith('/api/login'))
      .then(() => performance.now() - loginStart);
    await page.getByTestId('login-password').press('Enter');
    const firstRow = page.locator('[data-testid="departures-grid"] [role="row"][row-id]').first();
    await firstRow.waitFor({ state: 'visible' });
    const rowsMs = performance.now() - loginStart;
    const rowId = await firstRow.getAttribute('row-id');
    await firstRow.locator('[col-id="flightNumber"]').click();
    await page.locator(`[data-testid="edit-panel"][data-flight-id="${rowId}"]`).waitFor();
    const interactiveMs = performance.now() - loginStart;
    const loginTasks = await page.evaluate<LongTask[]>('window.__longTasks');

    // 2. Every flight in the grid, then 200 remote changes/s.
    await page.getByTestId('time-window-all').click();
    await sleep(1_000);
    const windowStart = await page.evaluate<number>('performance.now()');
    const other = await connectClient(hub.url, await login(hub.url, 'editor2', BENCH_PASSWORD));
    const versions = new Map(flights.map((flight) => [flight.id, flight.version]));
    const total = (RATE * DURATION_MS) / 1000;
    const acks: Promise<unknown>[] = [];
    const start = performance.now();
    let lastFlightId = '';
    for (let n = 0; n < total; n += 1) {
      const due = start + (n * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      // The last change goes to the row on screen, so the grid can be seen to have caught up.
      const flight = n === total - 1 ? rowId! : flights[(n * 7) % FLIGHTS]!.id;
      lastFlightId = flight;
      const baseVersion = versions.get(flight)!;
      versions.set(flight, baseVersion + 1);
      acks.push(
        other.timeout(10_000).emitWithAck('flight:update', {
          flightId: flight,
          baseVersion,
          opId: randomUUID(),
          changes: { remark: `remote ${n}` },
        }),
      );
    }
    const results = (await Promise.all(acks)) as { ok: boolean }[];
    const refused = results.filter((ack) => !ack.ok).length;
    const caughtUp = performance.now();
    await page
      .locator(`[role="row"][row-id="${lastFlightId}"] [col-id="remark"]`)
      .filter({ hasText: `remote ${total - 1}` })
      .waitFor();
    const catchUpMs = performance.now() - caughtUp;
    await sleep(500);
    const tasks = (await page.evaluate<LongTask[]>('window.__longTasks')).filter(
      (task) => task.start >= windowStart,
    );
    other.close();
    return {
      flights: FLIGHTS,
      loginHttpAnsweredMs: await loginAnswered,
      loginToRowsMs: rowsMs,
      loginToInteractiveMs: interactiveMs,
      loginTarget: '≤ 1000 ms',
      longTasksDuringLogin: loginTasks.length,
      longestLoginTaskMs: loginTasks.reduce((max, task) => Math.max(max, task.duration), 0),
      remoteChanges: `${total} at ${RATE}/s (${refused} refused)`,
      gridCaughtUpAfterLastAckMs: catchUpMs,
      longTasksOver50Ms: tasks.length,
      longestTaskMs: tasks.reduce((max, task) => Math.max(max, task.duration), 0),
      // When each one began, counted from the first remote change: a warm-up shows as "+0.1 s".
      longTasksAt: tasks
        .map((task) => `+${((task.start - windowStart) / 1000).toFixed(1)} s: ${task.duration} ms`)
        .join(', '),
      longTaskTarget: 'none over 50 ms',
    };
  } finally {
    await browser?.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
