import { fork } from 'node:child_process';
import type { RunningHub, StartHub } from '../hub-start';
import { childMessageSchema, type ChildMessage, type ParentMessage } from './hub-child-messages';

/**
 * The hub in a process of its own (issue #13): Electron's main process keeps the window
 * responsive while the hub hashes passwords, syncs and replays. The child is made by a factory —
 * Electron's `utilityProcess` in the app (electron/main/utility-hub-child.ts), `child_process.fork`
 * in tests and plain Node — and driven by the messages of hub-child-messages.ts.
 */
export interface HubChild {
  postMessage(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type HubChildFactory = () => HubChild;

export interface HubChildTimeouts {
  /** How long a start may take (replaying a long trail on a slow disk takes a while). */
  startMs: number;
  /** How long the hub may take to finish its writes on stop before the process is killed. */
  stopMs: number;
}

const DEFAULT_TIMEOUTS: HubChildTimeouts = { startMs: 120_000, stopMs: 15_000 };

/** An error from the child's start, keeping its code (EADDRINUSE makes the caller try port 0). */
export class HubChildError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HubChildError';
  }
}

/** A StartHub that starts each hub in a new child process made by `factory`. */
export function startHubInChild(
  factory: HubChildFactory,
  timeouts: HubChildTimeouts = DEFAULT_TIMEOUTS,
): StartHub {
  return (options) => {
    const child = factory();
    const listeners = new Set<(message: ChildMessage) => void>();
    let exited: number | null | undefined;
    const exitListeners = new Set<(code: number | null) => void>();
    child.onMessage((raw) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (parsed.success) for (const listener of listeners) listener(parsed.data);
    });
    child.onExit((code) => {
      exited = code;
      for (const listener of exitListeners) listener(code);
    });

    /** Resolves with the first message `pick` accepts, or rejects on exit or timeout. */
    const next = <T>(pick: (message: ChildMessage) => T | undefined, ms: number, what: string) =>
      new Promise<T>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(onMessage);
          exitListeners.delete(onExit);
        };
        const onMessage = (message: ChildMessage) => {
          const value = pick(message);
          if (value === undefined) return;
          done();
          resolve(value);
        };
        const onExit = (code: number | null) => {
          done();
          reject(new HubChildError(`the hub's process ended (exit code ${code}) ${what}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new HubChildError(`the hub's process did not answer within ${ms} ms ${what}`));
        }, ms);
        if (exited !== undefined) return onExit(exited);
        listeners.add(onMessage);
        exitListeners.add(onExit);
      });

    const { logger: _logger, ...startOptions } = options;
    const started = next(
      (message) => (message.type === 'ready' || message.type === 'failed' ? message : undefined),
      timeouts.startMs,
      'while starting',
    );
    child.postMessage({ type: 'start', options: startOptions });
    return started.then(
      (answer): RunningHub => {
        if (answer.type !== 'ready') {
          child.kill();
          throw new HubChildError(answer.message, answer.code);
        }
        let closing: Promise<void> | null = null;
        return {
          url: answer.url,
          port: answer.port,
          close: () =>
            (closing ??= (async () => {
              if (exited !== undefined) return;
              const stopped = next(
                (message) => (message.type === 'stopped' ? true : undefined),
                timeouts.stopMs,
                'while stopping',
              );
              child.postMessage({ type: 'stop' });
              try {
                await stopped;
              } catch (error) {
                // Exiting without the last word is fine; hanging is not.
                if (exited === undefined) {
                  child.kill();
                  throw error;
                }
              }
            })()),
        };
      },
      (error: unknown) => {
        child.kill();
        throw error;
      },
    );
  };
}

/**
 * A factory forking `modulePath` with Node's IPC (tests, and wherever Electron's utilityProcess is
 * not available). `execArgv` lets tests run the TypeScript entry through tsx.
 */
export function forkHubChild(
  modulePath: string,
  options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {},
): HubChildFactory {
  return () => {
    const child = fork(modulePath, [], {
      execArgv: options.execArgv ?? [],
      env: options.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      postMessage: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
