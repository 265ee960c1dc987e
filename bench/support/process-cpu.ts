import { readdir, readFile } from 'node:fs/promises';

/** CPU time (user + system) of a process so far, in ms (Linux: /proc/<pid>/stat, 10 ms ticks). */
export async function processCpuMs(pid: number): Promise<number> {
  return (await readStat(pid)).cpuMs;
}

/** Every process's parent and CPU time so far: one read of /proc, to ask several questions of. */
export async function readProcesses(): Promise<ReadonlyMap<number, Stat>> {
  const stats = new Map<number, Stat>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    // A process may end between the listing and the read.
    const stat = await readStat(Number(name)).catch(() => null);
    if (stat) stats.set(Number(name), stat);
  }
  return stats;
}

/**
 * CPU time so far of a process and every process below it (a browser's renderer, GPU and utility
 * processes), in ms, leaving out the subtrees of `except` (a hub the same process started).
 * Processes that ended before the read are not counted: read before and after a phase whose
 * processes live through it.
 */
export function treeCpuMs(
  processes: ReadonlyMap<number, Stat>,
  root: number,
  except: number[] = [],
): number {
  let total = 0;
  for (const pid of processesUnder(processes, root, except)) total += processes.get(pid)!.cpuMs;
  return total;
}

/**
 * The main threads of the renderer processes of pages under `root` (a browser), the threads that
 * run a page's script, style, layout and paint: their CPU time so far and the time they spent
 * ready to run but waiting for a core (the kernel's schedstat), in ms.
 */
export async function rendererMainThreads(
  processes: ReadonlyMap<number, Stat>,
  root: number,
): Promise<{ cpuMs: number; waitMs: number }> {
  const total = { cpuMs: 0, waitMs: 0 };
  for (const pid of processesUnder(processes, root)) {
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    // Pages' renderers only: not the browser's own WebUI (new headless mode keeps one running).
    if (!command.includes('--type=renderer') || command.includes('--top-chrome-webui')) continue;
    // A process's main thread has the process's id. schedstat: ns on a core, ns waiting, slices.
    const schedstat = await readFile(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').catch(() => '');
    const [onCpu, waiting] = schedstat.split(' ').map(Number);
    total.cpuMs += (onCpu ?? 0) / 1e6;
    total.waitMs += (waiting ?? 0) / 1e6;
  }
  return total;
}

export interface Stat {
  parent: number;
  cpuMs: number;
}

/** The processes in the tree below `root` (and `root`), without the subtrees of `except`. */
function processesUnder(
  processes: ReadonlyMap<number, Stat>,
  root: number,
  except: number[] = [],
): number[] {
  const left = new Set(except);
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 0;) {
      if (left.has(at)) return false;
      if (at === root) return true;
      at = processes.get(at)?.parent;
    }
    return false;
  };
  return [...processes.keys()].filter(inTree);
}

async function readStat(pid: number): Promise<Stat> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may hold spaces: state, ppid, ..., utime (14), stime (15).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { parent: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
}
