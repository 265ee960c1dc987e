import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const folders: string[] = [];
const groups: number[] = [];
afterEach(async () => {
  for (const group of groups.splice(0)) stopGroup(group, 'SIGKILL');
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs `npm run hub` and resolves with its output once it exits or `until` matches. */
function runHub(env: Record<string, string>, until?: RegExp) {
  const child = spawn('npm', ['run', '--silent', 'hub'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, like a terminal job: a signal reaches npm, tsx and the hub alike.
    detached: true,
  });
  groups.push(child.pid!);
  let output = '';
  // Unobserved when the test awaits only `exited`.
  const matched = new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = until?.exec(output);
      if (match) resolve(match);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`hub exited before ${until}:\n${output}`)));
  });
  matched.catch(() => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': npm may exit first; the hub under it holds the pipes until it is done.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, matched, exited, output: () => output };
}

describe('npm run hub', () => {
  it('prints where it listens, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-proc-'));
    folders.push(dataDir);
    const hub = runHub(
      {
        JETBRIDGE_PORT: '0',
        JETBRIDGE_HOST: '127.0.0.1',
        JETBRIDGE_DATA_DIR: dataDir,
        JETBRIDGE_DEMO: '1',
      },
      /listening on (http:\/\/127\.0\.0\.1:(\d+))/,
    );
    const [, url, port] = await hub.matched;
    expect(Number(port)).toBeGreaterThan(0);
    expect(hub.output()).toContain(dataDir);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const login = await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent1', password: 'demo' }),
    });
    expect(login.status).toBe(200);

    stopGroup(hub.child.pid!, 'SIGTERM');
    await hub.exited;
    expect(hub.output()).toContain('hub stopped');
    expect(await readdir(dataDir)).toEqual(
      expect.arrayContaining(['hub.json', 'users.json', 'flights.json', 'changes']),
    );
  });

  it('refuses a bad setting, naming the variable, and exits non-zero', async () => {
    const hub = runHub({ JETBRIDGE_PORT: 'eighty' });
    const { code } = await hub.exited;
    expect(code).not.toBe(0);
    expect(hub.output()).toContain('JETBRIDGE_PORT');
  });
});

function stopGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // Already gone.
  }
}
