import type { Flight } from '../../../core';

/** The hub's full state at `seq`, as the console starts from it. */
export interface FlightSnapshot {
  seq: number;
  flights: Flight[];
}

export interface SnapshotRequest {
  id: number;
  hubUrl: string;
  token: string;
}

export type SnapshotWorkerMessage =
  | { id: number; type: 'flights'; flights: Flight[] }
  | { id: number; type: 'done'; seq: number; count: number }
  | { id: number; type: 'failed'; message: string };

let worker: Worker | null = null;
let nextId = 1;

/** The snapshot worker, started once per page (ahead of sign-in by `prepareSnapshotWorker`). */
function snapshotWorker(): Worker {
  worker ??= new Worker(new URL('./snapshotWorker.ts', import.meta.url), { type: 'module' });
  return worker;
}

/** Starts the worker while the login screen is idle, so that it is loaded at sign-in. */
export function prepareSnapshotWorker(): void {
  try {
    snapshotWorker();
  } catch {
    // No workers here: the snapshot comes over the socket instead.
  }
}

/**
 * The hub's flights, fetched and checked in a worker (snapshotWorker.ts): the console's main
 * thread only takes in ready slices. Rejects when the worker cannot do it (no workers, the
 * request refused); the caller then asks over the socket.
 */
export function loadSnapshotInWorker(hubUrl: string, token: string): Promise<FlightSnapshot> {
  return new Promise((resolve, reject) => {
    let target: Worker;
    try {
      target = snapshotWorker();
    } catch (error) {
      reject(error as Error);
      return;
    }
    const id = nextId++;
    const flights: Flight[] = [];
    const finish = () => {
      target.removeEventListener('message', onMessage);
      target.removeEventListener('error', onError);
    };
    const onMessage = (event: MessageEvent<SnapshotWorkerMessage>) => {
      const message = event.data;
      if (message.id !== id) return;
      if (message.type === 'flights') {
        for (const flight of message.flights) flights.push(flight);
      } else if (message.type === 'done') {
        finish();
        if (flights.length === message.count) resolve({ seq: message.seq, flights });
        else
          reject(
            new Error(`the snapshot worker lost flights (${flights.length} of ${message.count})`),
          );
      } else {
        finish();
        reject(new Error(`loading the flights failed: ${message.message}`));
      }
    };
    const onError = (event: ErrorEvent) => {
      finish();
      worker = null; // a broken worker is not reused
      reject(new Error(`the snapshot worker failed: ${event.message}`));
    };
    target.addEventListener('message', onMessage);
    target.addEventListener('error', onError);
    target.postMessage({ id, hubUrl, token } satisfies SnapshotRequest);
  });
}
