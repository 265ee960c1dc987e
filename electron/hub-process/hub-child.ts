/**
 * The hub's own process, started by Electron's main process (a `utilityProcess`, so argon2
 * checks, fdatasyncs and replays never hold the window's event loop) or by `child_process.fork`
 * in tests. It starts one hub when asked, reports where it listens, and closes it — letting its
 * writes finish — when asked to stop or when its parent goes away.
 */
import { childMessageSchema, parentMessageSchema, type ChildMessage } from './hub-child-messages';
import type { RunningHub } from '../hub-start';

interface ParentChannel {
  send(message: ChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Electron's utility process talks through `process.parentPort`; a forked child through IPC. */
function parentChannel(): ParentChannel {
  const port = (
    process as NodeJS.Process & {
      parentPort?: {
        postMessage(message: unknown): void;
        on(event: 'message', listener: (event: { data: unknown }) => void): void;
      };
    }
  ).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    };
  }
  if (!process.send) throw new Error('hub-child must be started by Electron or child_process.fork');
  return {
    // After the parent went away there is nobody to tell.
    send: (message) => {
      if (process.connected) process.send?.(childMessageSchema.parse(message));
    },
    onMessage: (listener) => process.on('message', listener),
  };
}

const parent = parentChannel();
let hub: RunningHub | null = null;
let stopping: Promise<void> | null = null;

function stop(): Promise<void> {
  stopping ??= (async () => {
    try {
      await hub?.close();
    } finally {
      parent.send({ type: 'stopped' });
      // Let the answer reach the parent before the process ends.
      setImmediate(() => process.exit(0));
    }
  })();
  return stopping;
}

parent.onMessage((raw) => {
  const parsed = parentMessageSchema.safeParse(raw);
  if (!parsed.success) {
    console.error(`hub-child: ignored a message it does not know: ${parsed.error.message}`);
    return;
  }
  const message = parsed.data;
  if (message.type === 'stop') {
    void stop();
    return;
  }
  if (hub) {
    parent.send({ type: 'failed', message: 'this process runs a hub already' });
    return;
  }
  void import('../../server/hub')
    .then(({ startHub }) => startHub(message.options))
    .then(
      (started) => {
        hub = started;
        parent.send({ type: 'ready', url: started.url, port: started.port });
      },
      (error: unknown) => {
        const { message: text, code } = error as { message?: string; code?: unknown };
        parent.send({
          type: 'failed',
          message: text ?? String(error),
          ...(typeof code === 'string' ? { code } : {}),
        });
      },
    );
});

// A forked child whose parent died: close the hub cleanly rather than linger.
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
