import type { Browser, Page } from 'playwright-core';

/**
 * Chromium's trace of the page's main thread while `work` runs: every task's wall time and
 * the CPU time the thread really got. On a shared machine a task's wall time includes the time
 * the thread waited for a core; its CPU time does not, and says what the console itself costs.
 */
export interface MainThreadTrace {
  /** CPU time of all main-thread tasks, how many there were, and the most CPU one took. */
  cpuMs: number;
  tasks: number;
  longestCpuMs: number;
  /** What the task with the most CPU did (as longTaskParts). */
  longestParts: string;
  /** Tasks of 50 ms or more (wall), with their CPU time, in order. */
  longTasks: { wallMs: number; cpuMs: number }[];
  /**
   * What the tasks of 50 ms or more by CPU spent it on: the trace's events inside them (a
   * message, an animation frame, a function, layout, ...), CPU ms summed by kind, most first.
   */
  longTaskParts: string[];
  /** What all the tasks spent their CPU on, summed by kind over the whole trace, most first. */
  allParts: string;
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
  const inside = eventsInside(events);
  const longest = runTasks.reduce<TraceEvent | undefined>(
    (most, task) => ((task.tdur ?? 0) > (most?.tdur ?? -1) ? task : most),
    undefined,
  );
  // What the long ones did: every task over 50 ms, by wall or by CPU.
  const long = runTasks.filter((task) => (task.tdur ?? 0) >= 50_000 || (task.dur ?? 0) >= 50_000);
  return {
    result,
    trace: {
      cpuMs: Math.round(runTasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000),
      tasks: runTasks.length,
      longestCpuMs: ms(longest?.tdur),
      longestParts: longest ? describeParts(longest, inside(longest)) : '',
      longTasks: runTasks
        .filter((task) => (task.dur ?? 0) >= 50_000)
        .map((task) => ({ wallMs: ms(task.dur), cpuMs: ms(task.tdur) })),
      longTaskParts: long.map((task) => describeParts(task, inside(task))),
      allParts: describeAllParts(runTasks, inside),
    },
  };
}

/**
 * The trace's complete events by thread, sorted by start: answers the events that lie within a
 * task (its own thread's, started and ended inside it), in order.
 */
function eventsInside(events: TraceEvent[]): (task: TraceEvent) => TraceEvent[] {
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of events) {
    if (event.ph !== 'X' || event.name === 'RunTask') continue;
    const key = `${event.pid}:${event.tid}`;
    const list = byThread.get(key);
    if (list) list.push(event);
    else byThread.set(key, [event]);
  }
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  }
  return (task) => {
    const sorted = byThread.get(`${task.pid}:${task.tid}`) ?? [];
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle]!.ts < task.ts) low = middle + 1;
      else high = middle;
    }
    const end = task.ts + (task.dur ?? 0);
    const within: TraceEvent[] = [];
    for (let at = low; at < sorted.length && sorted[at]!.ts <= end; at += 1) {
      if (sorted[at]!.ts + (sorted[at]!.dur ?? 0) <= end) within.push(sorted[at]!);
    }
    return within;
  };
}

/**
 * The outermost of a task's events (`inside`, by start), CPU and wall ms by kind, most CPU
 * first: "38/70 ms CPU/wall: HandlePostMessage 30/41, Layout 8/12".
 */
function describeParts(task: TraceEvent, inside: TraceEvent[]): string {
  const wall = new Map<string, number>();
  const parts = [...addParts(inside, new Map(), undefined, wall)]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([kind, us]) => `${kind} ${Math.round(us / 1000)}/${Math.round(wall.get(kind)! / 1000)}`);
  return `${Math.round((task.tdur ?? 0) / 1000)}/${Math.round((task.dur ?? 0) / 1000)} ms CPU/wall: ${parts.join(', ')}`;
}

/** The same over every task: "Layerize 812 (×590), ..." (the eight largest kinds, how often). */
function describeAllParts(tasks: TraceEvent[], inside: (task: TraceEvent) => TraceEvent[]): string {
  const byKind = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const task of tasks) addParts(inside(task), byKind, counts);
  return [...byKind]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([kind, us]) => `${kind} ${Math.round(us / 1000)} (×${counts.get(kind)})`)
    .join(', ');
}

/** Adds the CPU of the outermost of `inside` (sorted by start) to `byKind`, by name and detail. */
function addParts(
  inside: TraceEvent[],
  byKind: Map<string, number>,
  counts?: Map<string, number>,
  wall?: Map<string, number>,
): Map<string, number> {
  let coveredUntil = -1;
  for (const event of inside) {
    if (event.ts < coveredUntil) continue; // inside one already counted
    coveredUntil = event.ts + (event.dur ?? 0);
    const data = event.args?.data;
    const detail = data?.type ?? data?.functionName ?? data?.url?.split('/').pop() ?? '';
    const kind = detail ? `${event.name}(${detail})` : event.name;
    byKind.set(kind, (byKind.get(kind) ?? 0) + (event.tdur ?? 0));
    counts?.set(kind, (counts.get(kind) ?? 0) + 1);
    wall?.set(kind, (wall.get(kind) ?? 0) + (event.dur ?? 0));
  }
  return byKind;
}

export function describeTrace(trace: MainThreadTrace): string {
  const long = trace.longTasks.map((task) => `${task.wallMs}/${task.cpuMs}`).join(', ');
  return `CPU ${trace.cpuMs} ms in ${trace.tasks} tasks; tasks ≥ 50 ms wall/CPU: ${long || 'none'}`;
}

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
