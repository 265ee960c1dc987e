import { markPositionsStale, showPositionsFrame } from '../stores/positionsStore';
import type { PositionsFrame } from './positionsFrame';

export type PositionsWorkerRequest =
  | { type: 'follow'; hubUrl: string; token: string; workstation: string }
  /** The last frame came without identities and those held do not fit it. */
  | { type: 'resend-ids' };

export type PositionsWorkerMessage = { type: 'frame'; frame: PositionsFrame } | { type: 'stale' };

export interface PositionsFollower {
  stop(): void;
}

/**
 * Follows the hub's traffic in a worker (positionsWorker.ts) with a connection of its own; the
 * main thread only shows the frames it posts. Throws when this page has no workers; `onFailed`
 * is called if the worker breaks later (its script not loaded), for the caller to follow the
 * traffic on its own connection instead.
 */
export function followPositionsInWorker(
  options: { hubUrl: string; token: string; workstation: string },
  onFailed: (problem: string) => void,
): PositionsFollower {
  const worker = new Worker(new URL('./positionsWorker.ts', import.meta.url), { type: 'module' });
  let stopped = false;
  worker.onmessage = (event: MessageEvent<PositionsWorkerMessage>) => {
    if (stopped) return;
    const message = event.data;
    if (message.type === 'stale') markPositionsStale();
    else if (!showPositionsFrame(message.frame)) {
      worker.postMessage({ type: 'resend-ids' } satisfies PositionsWorkerRequest);
    }
  };
  worker.onerror = (event) => {
    if (stopped) return;
    stopped = true;
    worker.terminate();
    onFailed(event.message || 'the positions worker failed');
  };
  const { hubUrl, token, workstation } = options;
  try {
    worker.postMessage({
      type: 'follow',
      hubUrl,
      token,
      workstation,
    } satisfies PositionsWorkerRequest);
  } catch (error) {
    // A worker that cannot take the request is no use: the caller follows on its own socket.
    worker.terminate();
    throw error;
  }
  return {
    stop() {
      stopped = true;
      worker.terminate();
    },
  };
}
