import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');

/**
 * The browser benches' stand-in for "the hub is on a server, not on the workstation": the hub
 * process and the bench's own load (the editor, the position producer) run at this niceness, so
 * on this 2-core machine they yield a core to the console's Chromium when it needs one. Without
 * it, a console task of 30 ms of CPU measures 50–90 ms of wall while it waits for a core the hub
 * holds. The benches report wall and CPU time of each task either way. BENCH_SITE_NICENESS=0
 * measures with everything at one priority.
 */
export const SITE_NICENESS = Number(process.env.BENCH_SITE_NICENESS ?? 10);

const AUTOGROUP = '/proc/self/autogroup';

/**
 * Gives the console's Chromium the first claim on a core over the site (this process and the hub
 * it started). This process's main thread goes to SITE_NICENESS (after Chromium was started from
 * it, which would inherit it), as the hub's threads are. Niceness alone does not order them
 * against Chromium where the kernel shares the CPU between sessions first (`autogroup`, on by
 * default in Debian's kernels): Playwright starts Chromium in a session of its own, which then
 * weighs as much as this whole session, whatever each process's niceness. So this session's
 * group is lowered to SITE_NICENESS too (anyone may lower it, or raise it back as far as 0).
 * Resolves to what puts the group back, for the bench's `finally`.
 */
export async function yieldToTheConsole(): Promise<() => Promise<void>> {
  if (!SITE_NICENESS) return async () => {};
  setPriority(SITE_NICENESS);
  const group = await readFile(AUTOGROUP, 'utf8').catch(() => null);
  const before = group?.match(/ nice (-?\d+)/)?.[1];
  if (before === undefined) return async () => {};
  await writeFile(AUTOGROUP, String(SITE_NICENESS));
  return () => writeFile(AUTOGROUP, before);
}

const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

/**
 * Starts bench/support/bench-hub.ts on `dataDir`; resolves once it listens. With `ipc`, the
 * hub answers `heapAfterGc()` over an IPC channel (its own heap, measured after full GCs, and
 * the CPU time it has used so far; with BENCH_HEAP_SNAPSHOT=<dir> in the environment, a heap
 * snapshot named `snapshotAs` is written there too). With `nice`, the hub and everything it
 * starts run at that niceness (see SITE_NICENESS).
 */
export async function startBenchHubProcess(
  dataDir: string,
  env: Record<string, string> = {},
  options: { ipc?: boolean; nice?: number } = {},
): Promise<{
  child: ChildProcess;
  url: string;
  openedMs: number;
  stop: () => Promise<void>;
  heapAfterGc: (snapshotAs?: string) => Promise<{ heapUsed: number; cpuMs: number }>;
  /** The CPU time the hub has used so far, without collecting first. */
  cpuMs: () => Promise<number>;
}> {
  const hubScript = [TSX, join(REPO, 'bench', 'support', 'bench-hub.ts')];
  const command = options.nice ? ['nice', '-n', String(options.nice), ...hubScript] : hubScript;
  const child = spawn(command[0]!, command.slice(1), {
    cwd: REPO,
    env: { ...process.env, BENCH_DATA_DIR: dataDir, ...env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('close', () => reject(new Error(`bench hub exited:\n${output}`)));
  });
  const openedMs = Number(/opened in (\d+) ms/.exec(output)?.[1] ?? NaN);
  return {
    child,
    url,
    openedMs,
    stop: async () => {
      child.kill('SIGTERM');
      await closed;
    },
    heapAfterGc: (snapshotAs) =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message as { heapUsed: number; cpuMs: number }));
        child.send({ type: 'heap', snapshotAs });
      }),
    cpuMs: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve((message as { cpuMs: number }).cpuMs));
        child.send({ type: 'cpu' });
      }),
  };
}

export { loginAt as login, connectAt as connectClient } from '../../test-support/hub-client';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
