/**
 * Loaded into a hub process by a bench (`--import tsx --import bench/support/hub-loop-monitor.ts`):
 * prints, once a second, one `hub-loop {json}` line (a LoopSecond) on stderr — the event loop's
 * stalls and the garbage collections of that second — for `readLoopSeconds` in the bench process.
 * A stall is seen by a 10 ms interval timer firing late: how long the loop was busy with other
 * work (up to 10 ms under). It is less sensitive to a loaded machine than an ack's latency (one
 * turn, not the several an ack needs), but still grows when the process waits for a core.
 */
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const TICK_MS = 10;
const STALL_MS = 20;
const LONG_GC_MS = 5;

export interface LoopSecond {
  /** Date.now() when the second ended. */
  at: number;
  /** The monotonic clock then, µs (process.hrtime): what a CPU profile's timestamps count. */
  hrUs: number;
  /** Event-loop delay (1 ms resolution histogram) of that second: max and p99, ms. */
  delayMaxMs: number;
  delayP99Ms: number;
  /**
   * Stalls of STALL_MS or more: when each ended (Date.now()), how long it was, and the process's
   * CPU time meanwhile (all its threads: GC helpers and the libuv pool too). CPU well under the
   * wall time means the hub was waiting for a core, not working.
   */
  stalls: { at: number; ms: number; cpuMs: number }[];
  /** V8's heap in use at the end of the second, MB. */
  heapMb: number;
  gcCount: number;
  gcMs: number;
  /** Collections of LONG_GC_MS or more, with their kind (major, minor, incremental, weakcb). */
  longGcs: { at: number; ms: number; kind: string }[];
}

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let second: LoopSecond = fresh();
let last = performance.now();
let lastCpu = process.cpuUsage();

function fresh(): LoopSecond {
  return {
    at: 0,
    hrUs: 0,
    heapMb: 0,
    delayMaxMs: 0,
    delayP99Ms: 0,
    stalls: [],
    gcCount: 0,
    gcMs: 0,
    longGcs: [],
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

setInterval(() => {
  const now = performance.now();
  const late = now - last - TICK_MS;
  last = now;
  const cpu = process.cpuUsage();
  if (late >= STALL_MS) {
    const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
    second.stalls.push({ at: Date.now(), ms: round(late + TICK_MS), cpuMs: round(cpuMs) });
  }
  lastCpu = cpu;
}, TICK_MS).unref();

setInterval(() => {
  second.at = Date.now();
  second.hrUs = Number(process.hrtime.bigint() / 1000n);
  second.heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  second.delayMaxMs = round(delay.max / 1e6);
  second.delayP99Ms = round(delay.percentile(99) / 1e6);
  second.gcMs = round(second.gcMs);
  process.stderr.write(`hub-loop ${JSON.stringify(second)}\n`);
  delay.reset();
  second = fresh();
}, 1000).unref();

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    second.gcCount += 1;
    second.gcMs += entry.duration;
    if (entry.duration >= LONG_GC_MS) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? -1;
      second.longGcs.push({
        at: Math.round(performance.timeOrigin + entry.startTime),
        ms: round(entry.duration),
        kind: KINDS[kind] ?? String(kind),
      });
    }
  }
}).observe({ entryTypes: ['gc'] });
