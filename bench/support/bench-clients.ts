import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

/** Starts bench/support/bench-hub.ts on `dataDir`; resolves once it listens. */
export async function startBenchHubProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; openedMs: number; stop: () => Promise<void> }> {
  const child = spawn(TSX, [join(REPO, 'bench', 'support', 'bench-hub.ts')], {
    cwd: REPO,
    env: { ...process.env, BENCH_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
  };
}

export { loginAt as login, connectAt as connectClient } from '../../test-support/hub-client';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
