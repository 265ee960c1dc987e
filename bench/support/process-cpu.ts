import { readdir, readFile } from 'node:fs/promises';

/** CPU time (user + system) of a process so far, in ms (Linux: /proc/<pid>/stat, 10 ms ticks). */
export async function processCpuMs(pid: number): Promise<number> {
  return (await readStat(pid)).cpuMs;
}

/**
 * CPU time so far of a process and every process below it (a browser's renderer, GPU and utility
 * processes), in ms, leaving out the subtrees of `except` (a hub the same process started).
 * Processes that ended before the call are not counted: read it before and after a phase whose
 * processes live through it.
 */
export async function processTreeCpuMs(root: number, except: number[] = []): Promise<number> {
  const stats = new Map<number, { parent: number; cpuMs: number }>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    // A process may end between the listing and the read.
    const stat = await readStat(Number(name)).catch(() => null);
    if (stat) stats.set(Number(name), stat);
  }
  const left = new Set(except);
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 0;) {
      if (left.has(at)) return false;
      if (at === root) return true;
      at = stats.get(at)?.parent;
    }
    return false;
  };
  let total = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) total += stat.cpuMs;
  return total;
}

/**
 * CPU time so far of the main threads of every Chromium renderer process (`--type=renderer`)
 * under `root`, in ms: the thread that runs a page's script, style, layout and paint.
 */
export async function rendererMainThreadsCpuMs(root: number): Promise<number> {
  let total = 0;
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const command = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (!command.includes('--type=renderer')) continue;
    if (!(await descendsFrom(Number(name), root))) continue;
    // A process's main thread has the process's id (its own figures, not the whole process's).
    total +=
      (await readStat(Number(name), `/proc/${name}/task/${name}/stat`).catch(() => null))?.cpuMs ??
      0;
  }
  return total;
}

async function descendsFrom(pid: number, root: number): Promise<boolean> {
  for (let at = pid; at > 1;) {
    if (at === root) return true;
    const stat = await readStat(at).catch(() => null);
    if (!stat) return false;
    at = stat.parent;
  }
  return false;
}

async function readStat(
  pid: number,
  path = `/proc/${pid}/stat`,
): Promise<{ parent: number; cpuMs: number }> {
  const stat = await readFile(path, 'utf8');
  // Fields after the command name, which may hold spaces: state, ppid, ..., utime (14), stime (15).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { parent: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
}
