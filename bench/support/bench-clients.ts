import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

/**
 * Starts bench/support/bench-hub.ts on `dataDir`; resolves once it listens. With `ipc`, the
 * hub answers `heapAfterGc()` over an IPC channel (its own heap, measured after full GCs, and
 * the CPU time it has used so far).
 */
export async function startBenchHubProcess(
  dataDir: string,
  env: Record<string, string> = {},
  options: { ipc?: boolean } = {},
): Promise<{
  child: ChildProcess;
  url: string;
  openedMs: number;
  stop: () => Promise<void>;
  heapAfterGc: () => Promise<{ heapUsed: number; cpuMs: number }>;
  /** The CPU time the hub has used so far, without collecting first. */
  cpuMs: () => Promise<number>;
}> {
  const child = spawn(TSX, [join(REPO, 'bench', 'support', 'bench-hub.ts')], {
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
    heapAfterGc: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message as { heapUsed: number; cpuMs: number }));
        child.send({ type: 'heap' });
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
