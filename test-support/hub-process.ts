import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..');

export interface HubProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT`, read from the hub's `listening on` line. */
  url: string;
  /** Settles when the process has exited. */
  exited: Promise<void>;
  /** Everything the hub printed so far (stdout and stderr). */
  output(): string;
  /** Signals the hub's whole process group (as a terminal would). */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Runs the hub exactly as `npm run hub` does, as its own process (`server/main.ts` under tsx) in
 * its own process group, and resolves once it prints `listening on http://HOST:PORT`. For tests
 * and benchmarks that kill the hub for real.
 */
export async function startHubProcess(options: {
  env: Record<string, string>;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    // The flags of `npm run hub` (package.json), then the caller's.
    ['--max-semi-space-size=32', ...(options.nodeArgs ?? []), '--import', 'tsx', 'server/main.ts'],
    {
      cwd: REPO,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
  };
  // Always drain the pipes, so a chatty hub never blocks on a full pipe.
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /listening on (https?:\/\/[\w.[\]:-]+:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('close', () => reject(new Error(`hub exited before listening:\n${output}`)));
  });
  return { child, url, exited, output: () => output, kill };
}
