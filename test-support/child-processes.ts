import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';

/**
 * Database servers started by tests, killed when the test process exits however it exits (a
 * failed assertion, an uncaught error, Ctrl-C): no test leaves an engine running behind it.
 */
const running = new Map<ChildProcess, NodeJS.Signals>();
let hooked = false;

function killAll(): void {
  for (const [child, signal] of running) {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

export interface EngineProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Settles when the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Spawns an engine whose output is drained (a full pipe would block it), and resolves once its
 * output matches `ready` — or rejects with that output when it exits first or takes too long.
 * `exitSignal` is what it gets if the test process exits while it runs.
 */
export async function spawnEngine(
  command: string,
  args: string[],
  options: SpawnOptions & { ready: RegExp; exitSignal: NodeJS.Signals; timeoutMs?: number },
): Promise<EngineProcess> {
  hookExit();
  const { ready, exitSignal, timeoutMs = 60_000, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  running.set(child, exitSignal);
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} not ready after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return { child, output: () => output, exited };
}

/** Stops an engine with `signal`, escalating to SIGKILL after `graceMs`. */
export async function stopEngine(
  engine: EngineProcess,
  signal: NodeJS.Signals,
  graceMs = 10_000,
): Promise<void> {
  if (engine.child.exitCode !== null || engine.child.signalCode !== null) return;
  engine.child.kill(signal);
  const timer = setTimeout(() => engine.child.kill('SIGKILL'), graceMs);
  await engine.exited;
  clearTimeout(timer);
}

/**
 * A port on 127.0.0.1 that refuses connections until `release()`: the local port of a connection
 * this helper holds open. Nothing listens on it and no server can be given it meanwhile (a port
 * just freed can be, and port 1 may be served on some machines: both flaked in CI).
 */
export async function refusingPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const accepted = new Set<Socket>();
  const server = createServer((socket) => {
    accepted.add(socket.on('error', () => undefined));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port: serverPort } = server.address() as { port: number };
  const holder = connect(serverPort, '127.0.0.1');
  holder.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    holder.once('connect', resolve);
    holder.once('error', reject);
  });
  return {
    port: holder.localPort!,
    release: async () => {
      holder.destroy();
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP port free on 127.0.0.1 right now (the engine binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
