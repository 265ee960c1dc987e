import type { Browser, Page } from 'playwright-core';

/**
 * Chromium's trace of the page's main thread while `work` runs: every task's wall time and
 * the CPU time the thread really got. On a shared machine a task's wall time includes the time
 * the thread waited for a core; its CPU time does not, and says what the console itself costs.
 */
export interface MainThreadTrace {
  /** CPU time of all main-thread tasks, and how many there were. */
  cpuMs: number;
  tasks: number;
  /** Tasks of 50 ms or more (wall), with their CPU time, in order. */
  longTasks: { wallMs: number; cpuMs: number }[];
  /**
   * What the tasks of 50 ms or more by CPU spent it on: the trace's events inside them (a
   * message, an animation frame, a function, layout, ...), CPU ms summed by kind, most first.
   */
  longTaskParts: string[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: { type?: string; functionName?: string; url?: string };
  };
}

export async function traceMainThread<T>(
  browser: Browser,
  page: Page,
  work: () => Promise<T>,
): Promise<{ result: T; trace: MainThreadTrace }> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await browser.stopTracing();
    throw error;
  }
  const buffer = await browser.stopTracing();
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mainThreads = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const runTasks = events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && mainThreads.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts);
  const ms = (us: number | undefined) => Math.round((us ?? 0) / 100) / 10;
  // What the long ones did: every task over 50 ms, by wall or by CPU.
  const long = runTasks.filter((task) => (task.tdur ?? 0) >= 50_000 || (task.dur ?? 0) >= 50_000);
  return {
    result,
    trace: {
      cpuMs: Math.round(runTasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000),
      tasks: runTasks.length,
      longTasks: runTasks
        .filter((task) => (task.dur ?? 0) >= 50_000)
        .map((task) => ({ wallMs: ms(task.dur), cpuMs: ms(task.tdur) })),
      longTaskParts: long.map((task) => describeParts(task, events)),
    },
  };
}

/** The outermost events inside a task, CPU ms by kind: "HandlePostMessage 40, Layout 12". */
function describeParts(task: TraceEvent, events: TraceEvent[]): string {
  const end = task.ts + (task.dur ?? 0);
  const inside = events
    .filter(
      (e) =>
        e !== task &&
        e.ph === 'X' &&
        e.pid === task.pid &&
        e.tid === task.tid &&
        e.ts >= task.ts &&
        e.ts + (e.dur ?? 0) <= end,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const byKind = new Map<string, number>();
  let coveredUntil = -1;
  for (const event of inside) {
    if (event.ts < coveredUntil) continue; // inside one already counted
    coveredUntil = event.ts + (event.dur ?? 0);
    const data = event.args?.data;
    const detail = data?.type ?? data?.functionName ?? data?.url?.split('/').pop() ?? '';
    const kind = detail ? `${event.name}(${detail})` : event.name;
    byKind.set(kind, (byKind.get(kind) ?? 0) + (event.tdur ?? 0));
  }
  const parts = [...byKind]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([kind, us]) => `${kind} ${Math.round(us / 1000)}`);
  return `${Math.round((task.tdur ?? 0) / 1000)} ms CPU: ${parts.join(', ')}`;
}

export function describeTrace(trace: MainThreadTrace): string {
  const long = trace.longTasks.map((task) => `${task.wallMs}/${task.cpuMs}`).join(', ');
  return `CPU ${trace.cpuMs} ms in ${trace.tasks} tasks; tasks ≥ 50 ms wall/CPU: ${long || 'none'}`;
}

export const longestCpu = (trace: MainThreadTrace) =>
  trace.longTasks.reduce((max, task) => Math.max(max, task.cpuMs), 0);

/** A main-thread task over 50 ms, as the page's PerformanceObserver saw it (ms since load). */
export interface LongTask {
  start: number;
  duration: number;
}

/** Installed before the console's own scripts: records every main-thread task over 50 ms. */
export const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
`;
