/**
 * The console's traffic map under a whole sky (issue 15, item 5): the built console in Chromium,
 * signed in to a hub in its own process, the Traffic view open, while 5,000 aircraft report every
 * second through `POST /api/feed/positions` for 20 s (the sky of bench/positions.bench.ts: 1,500
 * of them fly the hub's flights, 500 of those inbound with an estimate; the rest match nothing;
 * every aircraft moves every second, so every `positions:update` carries all 5,000).
 * Target: no main-thread task over 50 ms while the map follows: wall time (PerformanceObserver
 * 'longtask') and, since on a shared machine wall time includes waiting for a core, the CPU time
 * of those tasks from Chromium's trace.
 * Figures: the long tasks, the map's redraw time (its own measure, `data-draw-ms`), how many
 * updates the map drew, and the machine's load average.
 * Needs `npm run build` first (out/renderer).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { addApiKey } from '../server/feed/api-keys';
import { CHROMIUM_ARGS } from '../test-support/chromium';
import { body, sky } from './positions.bench';
import {
  REPO,
  sleep,
  SITE_NICENESS,
  startBenchHubProcess,
  yieldToTheConsole,
} from './support/bench-clients';
import { BENCH_PASSWORD, latencySummary, writeBenchDataFolder } from './support/bench-data';
import {
  describeTrace,
  LONG_TASK_OBSERVER,
  traceMainThread,
  type LongTask,
} from './support/main-thread-trace';

const FLIGHTS = 1_500;
const ARRIVALS = 500;
const DURATION_MS = 20_000;
const TASK_LIMIT_MS = 50;
const WEB_ROOT = join(REPO, 'out', 'renderer');

/** The update the map drew last (its `at`) and how long that redraw took. */
const DRAWN_FRAME = `(() => {
  const element = document.querySelector('[data-testid="traffic-map"]');
  return { at: element?.dataset.drawnAt ?? '', ms: Number(element?.dataset.drawMs ?? 0) };
})()`;

export default async function trafficMapBench() {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error('no console build in out/renderer: run `npm run build` first');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-traffic-map-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  let restorePriority = async () => {};
  let browser: Browser | null = null;
  try {
    const flights = await writeBenchDataFolder(dataDir, {
      flights: FLIGHTS,
      trail: 0,
      editors: 1,
      arrivals: ARRIVALS,
    });
    const key = await addApiKey(dataDir, { name: 'adsb' });
    hub = await startBenchHubProcess(
      dataDir,
      { BENCH_WEB_ROOT: WEB_ROOT },
      { nice: SITE_NICENESS },
    );
    const url = hub.url;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    restorePriority = await yieldToTheConsole();
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    context.setDefaultTimeout(60_000);
    await context.addInitScript(LONG_TASK_OBSERVER);
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('login-username').fill('editor1');
    await page.getByTestId('login-password').fill(BENCH_PASSWORD);
    await page.getByTestId('login-password').press('Enter');
    await page.locator('[data-testid="departures-grid"] [role="row"][row-id]').first().waitFor();
    await page.getByTestId('view-traffic').click();
    await page.getByTestId('traffic-empty').waitFor();
    // The base map is drawn (its chunk loaded and parsed) before the sky fills.
    await page.locator('[data-testid="traffic-map"][data-draw-ms]').waitFor({ state: 'attached' });
    await sleep(1_000);

    const aircraft = sky(flights);
    const loadBefore = loadavg()[0];
    const windowStart = await page.evaluate<number>('performance.now()');
    const drawMs: number[] = [];
    const drawnUpdates = new Set<string>();
    const { trace } = await traceMainThread(browser, page, async () => {
      const started = performance.now();
      const startedS = Math.floor(Date.now() / 1000);
      for (let tick = 0; performance.now() - started < DURATION_MS; tick += 1) {
        const wait = started + tick * 1000 - performance.now();
        if (wait > 1) await sleep(wait);
        const elapsedS = Math.floor((performance.now() - started) / 1000);
        const response = await fetch(`${url}/api/feed/positions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body(aircraft, startedS + elapsedS, elapsedS)),
        });
        if (!response.ok) throw new Error(`positions ${response.status}: ${await response.text()}`);
        // Sampled once a second, as it is drawn (the map redraws at most once a second).
        const frame = await page.evaluate<{ at: string; ms: number }>(DRAWN_FRAME);
        if (frame.at && !drawnUpdates.has(frame.at)) {
          drawnUpdates.add(frame.at);
          drawMs.push(frame.ms);
        }
      }
      await sleep(1_500);
    });
    const tracked = await page.getByTestId('traffic-count').getAttribute('data-count');
    const windowEnd = await page.evaluate<number>('performance.now()');
    const tasks = (await page.evaluate<LongTask[]>('window.__longTasks')).filter(
      (task) => task.start >= windowStart && task.start <= windowEnd,
    );
    const longest = tasks.reduce((max, task) => Math.max(max, task.duration), 0);
    const longestCpuMs = trace.longestCpuMs;
    return {
      loadAverageBefore: loadBefore,
      siteNiceness: SITE_NICENESS,
      loadAverageAfter: loadavg()[0],
      aircraft: aircraft.length,
      trackedOnMap: Number(tracked),
      seconds: (windowEnd - windowStart) / 1000,
      updatesDrawn: drawnUpdates.size,
      redrawMs: latencySummary(drawMs),
      longTasksOver50Ms: tasks.length,
      longestTaskMs: longest,
      mainThread: describeTrace(trace),
      longestTaskCpuMs: longestCpuMs,
      longestTaskParts: trace.longestParts,
      longTaskParts: trace.longTaskParts,
      target: `no main-thread task over ${TASK_LIMIT_MS} ms`,
      targetMetWall: longest <= TASK_LIMIT_MS,
      targetMetCpu: longestCpuMs <= TASK_LIMIT_MS,
    };
  } finally {
    await browser?.close();
    await hub?.stop();
    await restorePriority();
    await rm(dataDir, { recursive: true, force: true });
  }
}
