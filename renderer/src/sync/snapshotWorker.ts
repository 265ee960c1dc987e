/// <reference lib="webworker" />
import { parseFlightsResponse } from './hubPayloads';
import type { SnapshotRequest, SnapshotWorkerMessage } from './snapshotLoader';

/**
 * Loads the hub's flights off the console's main thread: `GET /api/flights`, JSON and every
 * flight checked here, then handed over in slices (each slice a short task to take in). A busy
 * airport's 10,000 flights are ~4 MB of JSON and ~250 ms of checks.
 */
const SLICE = 1_000;
const post = (message: SnapshotWorkerMessage) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<SnapshotRequest>) => {
  const { id, hubUrl, token } = event.data;
  try {
    const response = await fetch(`${hubUrl}/api/flights`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { seq, flights } = parseFlightsResponse(await response.json());
    for (let start = 0; start < flights.length; start += SLICE) {
      post({ id, type: 'flights', flights: flights.slice(start, start + SLICE) });
    }
    post({ id, type: 'done', seq, count: flights.length });
  } catch (error) {
    post({ id, type: 'failed', message: (error as Error).message });
  }
};
