/**
 * The gate plan in Chromium (issue 14): 1,500 departures over today's local day (STDs from 00:45
 * to 23:44, one every 55 s: every hold is on the day) on 60 gates (T3), the hub in
 * its own process serving the built console (`npm run build` first), 1600×900.
 * 1. draw: the plan open on 6 hours, then "Day" → the day's bars drawn (two frames later; the
 *    timeline draws the rows on screen, about half of the 60 gates at 900 px),
 *    timed in the page and traced (wall and CPU of each main-thread task); target ≤ 500 ms;
 * 2. live: the whole day shown while an editor sends 200 ETD changes/s for 10 s; target: no
 *    main-thread task over 50 ms. Three runs: the page's own Long Tasks API without a trace,
 *    then with Chromium's trace (what each task did, its wall and CPU time), then without again.
 * On a loaded machine a task's wall time includes waiting for a core; its CPU time does not.
 * Tracing takes a share of the two cores itself, so the untraced runs are the ones to judge by.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { chromium, type Browser } from 'playwright-core';
import type { Flight, GateEntry } from '../core';
import { CHROMIUM_ARGS } from '../test-support/chromium';
import { BENCH_PASSWORD, writeBenchDataFolder } from './support/bench-data';
import {
  REPO,
  connectClient,
  login,
  sleep,
  SITE_NICENESS,
  startBenchHubProcess,
  yieldToTheConsole,
} from './support/bench-clients';
import {
  describeTrace,
  LONG_TASK_OBSERVER,
  traceMainThread,
  type LongTask,
} from './support/main-thread-trace';
import { readProcesses, rendererMainThreads, treeCpuMs } from './support/process-cpu';

const FLIGHTS = 1_500;
const RATE = 200;
const LIVE_MS = 10_000;
const WEB_ROOT = join(REPO, 'out', 'renderer');

/** What one live run measured. */
interface LivePhase {
  acknowledged: number;
  /** Wall ms of each task over 50 ms the page's Long Tasks API saw, or "none". */
  longTasks: string;
  /** Each process's share of one core. */
  cpu: string;
}

function describeLive(phase: LivePhase, heapMb: number): string {
  return [
    `${phase.acknowledged} ETD changes acknowledged (of 200/s × 10 s)`,
    `long tasks (ms) ${phase.longTasks}`,
    `CPU ${phase.cpu}`,
    `heap after a full GC ${heapMb} MB`,
  ].join('; ');
}

export default async function gatePlan() {
  const loadBefore = loadavg()[0]!;
  const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-bench-gate-plan-'));
  let hub: Awaited<ReturnType<typeof startBenchHubProcess>> | null = null;
  let restorePriority = async () => {};
  let browser: Browser | null = null;
  try {
    // Every STD on today's local day at the bench airport (DEL), which "Day" shows.
    const midnight = DateTime.now().setZone('Asia/Kolkata').startOf('day');
    const flights = await writeBenchDataFolder(dataDir, {
      flights: FLIGHTS,
      trail: 0,
      editors: 2,
      firstStd: new Date(midnight.plus({ minutes: 45 }).toMillis()),
      hours: 23,
    });
    const gates: GateEntry[] = Array.from({ length: 60 }, (_, n) => ({
      gate: String(n + 1),
      terminal: 'T3',
      contact: true,
      maxCodeLetter: 'E',
    }));
    await writeFile(join(dataDir, 'gates.json'), JSON.stringify({ gates }), { mode: 0o600 });
    hub = await startBenchHubProcess(
      dataDir,
      { BENCH_WEB_ROOT: WEB_ROOT },
      { nice: SITE_NICENESS },
    );
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    restorePriority = await yieldToTheConsole();
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    context.setDefaultTimeout(120_000);
    await context.addInitScript(LONG_TASK_OBSERVER);
    const page = await context.newPage();
    await page.goto(hub.url);
    await page.getByTestId('login-username').fill('editor1');
    await page.getByTestId('login-password').fill(BENCH_PASSWORD);
    await page.getByTestId('login-password').press('Enter');
    await page.getByTestId('view-gateplan').click();
    await page.locator('[data-testid="gate-plan-timeline"][data-ready]').waitFor();
    await page.locator('.vis-item.plan-bar').first().waitFor({ state: 'attached' });

    // 1. The whole day at once.
    const { result: draw, trace: drawTrace } = await traceMainThread(browser, page, () =>
      page.evaluate<{ ms: number; bars: number }>(`(async () => {
        const started = performance.now();
        document.querySelector('[data-testid="gate-plan-zoom-Day"]').click();
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return {
          ms: performance.now() - started,
          bars: document.querySelectorAll('.vis-item.plan-bar').length,
        };
      })()`),
    );

    // 2. Changes arriving while the day is shown.
    const socket = await connectClient(hub.url, await login(hub.url, 'editor2', BENCH_PASSWORD));
    const current = new Map<string, Flight>(flights.map((flight) => [flight.id, flight]));
    // Every change moves its flight's ETD (5 to 60 min after the STD) off the one before it, in
    // every run: a change to the ETD a flight already has would cost the plan nothing.
    const changes = new Map<string, number>();
    // CPU so far of Chromium (every process of it, and its page's main thread alone), the hub,
    // and this process (the editor, Playwright, reading the trace).
    const hubPid = hub.child.pid!;
    const cpuShares = async () => {
      const processes = await readProcesses();
      const bench = processes.get(process.pid)?.cpuMs ?? 0;
      const page = await rendererMainThreads(processes, process.pid);
      return {
        chromium: treeCpuMs(processes, process.pid, [hubPid]) - bench,
        page: page.cpuMs,
        pageWaiting: page.waitMs,
        hub: treeCpuMs(processes, hubPid),
        bench,
      };
    };
    /** 10 s of changes; what the hub acknowledged and the page's own long tasks meanwhile. */
    const devtools = await context.newCDPSession(page);
    const live = async (): Promise<LivePhase> => {
      const since = await page.evaluate<number>('performance.now()');
      const cpuBefore = await cpuShares();
      let acknowledged = 0;
      const started = performance.now();
      const pending: Promise<unknown>[] = [];
      for (let n = 0; performance.now() - started < LIVE_MS; n += 1) {
        const wait = started + (n * 1000) / RATE - performance.now();
        if (wait > 0) await sleep(wait);
        const base = current.get(flights[(n * 7) % FLIGHTS]!.id)!;
        if (base.version < 0) continue;
        current.set(base.id, { ...base, version: -1 });
        const count = (changes.get(base.id) ?? n) + 1;
        changes.set(base.id, count);
        const etd = new Date(Date.parse(base.std) + ((count % 12) * 5 + 5) * 60_000).toISOString();
        pending.push(
          socket
            .timeout(10_000)
            .emitWithAck('flight:update', {
              flightId: base.id,
              baseVersion: base.version,
              opId: randomUUID(),
              changes: { etd, delayCode: '93' },
            })
            .then((ack: { ok: boolean; flight?: Flight }) => {
              current.set(base.id, ack.ok ? ack.flight! : base);
              if (ack.ok) acknowledged += 1;
            }),
        );
      }
      await Promise.all(pending);
      await sleep(500);
      const longTasks = (await page.evaluate<LongTask[]>('window.__longTasks'))
        .filter((task) => task.start >= since)
        .map((task) => Math.round(task.duration));
      const cpuAfter = await cpuShares();
      const spent = (part: keyof typeof cpuAfter) => cpuAfter[part] - cpuBefore[part];
      const wall = performance.now() - started;
      const share = (ms: number) => `${Math.round((100 * ms) / wall)} %`;
      return {
        acknowledged,
        longTasks: longTasks.join(', ') || 'none',
        cpu: [
          `Chromium ${share(spent('chromium'))} (its page's main thread ${share(spent('page'))}, which waited ${Math.round(spent('pageWaiting'))} ms for a core)`,
          `hub ${share(spent('hub'))}`,
          `bench ${share(spent('bench'))}`,
        ].join(', '),
      };
    };
    // The trace's own cost (Chromium recording every event, the bench reading them) takes CPU
    // from the same two cores: the page's Long Tasks API is read without it, before and after
    // the traced run (so that neither order nor a warmed-up page decides), and with it.
    // The heap that stays after each run: after a full collection, outside every measurement.
    const heapMb = async () => {
      await devtools.send('HeapProfiler.collectGarbage');
      return page.evaluate<number>('Math.round(performance.memory.usedJSHeapSize / 1048576)');
    };
    const untracedBefore = await live();
    const heapBefore = await heapMb();
    const { result: traced, trace: liveTrace } = await traceMainThread(browser, page, live);
    const heapTraced = await heapMb();
    const untracedAfter = await live();
    const heapAfter = await heapMb();
    socket.close();
    return {
      'load average (1 min) before': loadBefore,
      'niceness of the hub and the load (the console at 0)': SITE_NICENESS,
      'bars on the shown day': FLIGHTS,
      'bars drawn (vis-timeline draws the gate rows on screen)': draw.bars,
      'draw the whole day (ms, in page)': draw.ms,
      'draw: main thread': describeTrace(drawTrace),
      'draw: longest task CPU (ms)': drawTrace.longestCpuMs,
      'live, untraced, before the trace': describeLive(untracedBefore, heapBefore),
      'live, traced': describeLive(traced, heapTraced),
      'live, untraced, after the trace': describeLive(untracedAfter, heapAfter),
      'live: main thread': describeTrace(liveTrace),
      'live: tasks ≥ 50 ms (wall)': liveTrace.longTasks.length,
      'live: main-thread CPU by kind (ms)': liveTrace.allParts,
      'live: longest task CPU (ms)': liveTrace.longestCpuMs,
      'live: what the longest task by CPU did': liveTrace.longestParts,
      'live: what the tasks over 50 ms did': liveTrace.longTaskParts.join(' | '),
      'load average (1 min) after': loadavg()[0]!,
    };
  } finally {
    await browser?.close();
    await hub?.stop();
    await restorePriority();
    await rm(dataDir, { recursive: true, force: true });
  }
}
