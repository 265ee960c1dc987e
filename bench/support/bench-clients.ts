import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { LoginResponse } from '../../core';

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

export async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: HTTP ${response.status}`);
  return ((await response.json()) as LoginResponse).token;
}

export async function connectClient(url: string, token: string): Promise<Socket> {
  const socket = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
