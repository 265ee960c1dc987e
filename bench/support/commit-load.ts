import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Flight } from '../../core';
import { latencySummary } from './bench-data';
import { sleep } from './bench-clients';

export interface CommitLoadOptions {
  /** Lanes per editor in the throughput phase: each lane keeps one change outstanding. */
  outstandingPerEditor: number;
  throughputMs: number;
  pacedRate: number;
  pacedMs: number;
}

/**
 * The durable-commit load, whatever the store (durable-commit and postgres-commit benches):
 * 1. throughput: every editor keeps `outstandingPerEditor` changes outstanding (one flight per
 *    lane) for `throughputMs` → acknowledged changes/s;
 * 2. latency: `pacedRate` changes/s, evenly paced, round-robin over editors and their other
 *    flights, for `pacedMs` → ack latency p50/p99/max.
 * Editor n owns the flights whose index ≡ n (mod editors).
 */
export async function runCommitLoad(
  sockets: Socket[],
  flights: readonly Flight[],
  options: CommitLoadOptions,
) {
  const editors = sockets.length;
  const versions = new Map(flights.map((flight) => [flight.id, flight.version]));
  const owned = (editor: number) =>
    flights.filter((_, index) => index % editors === editor).map((flight) => flight.id);
  let counter = 0;
  const update = async (socket: Socket, flightId: string): Promise<number> => {
    const sent = performance.now();
    const ack = (await socket.timeout(10_000).emitWithAck('flight:update', {
      flightId,
      baseVersion: versions.get(flightId)!,
      opId: randomUUID(),
      changes: { remark: `bench ${(counter += 1)}` },
    })) as { ok: boolean; flight?: { version: number }; error?: { message: string } };
    if (!ack.ok) throw new Error(`refused: ${ack.error?.message}`);
    versions.set(flightId, ack.flight!.version);
    return performance.now() - sent;
  };

  let acked = 0;
  const throughputStart = performance.now();
  const deadline = throughputStart + options.throughputMs;
  const lanes = sockets.flatMap((socket, editor) =>
    owned(editor)
      .slice(0, options.outstandingPerEditor)
      .map(async (flightId) => {
        while (performance.now() < deadline) {
          await update(socket, flightId);
          acked += 1;
        }
      }),
  );
  await Promise.all(lanes);
  const throughputSeconds = (performance.now() - throughputStart) / 1000;

  await sleep(500);
  const samples: number[] = [];
  const pending: Promise<void>[] = [];
  const total = (options.pacedRate * options.pacedMs) / 1000;
  const pacedStart = performance.now();
  for (let n = 0; n < total; n += 1) {
    const due = pacedStart + (n * 1000) / options.pacedRate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const editor = n % editors;
    const mine = owned(editor);
    const spare = mine.length - options.outstandingPerEditor;
    const flightId = mine[options.outstandingPerEditor + (Math.floor(n / editors) % spare)]!;
    pending.push(update(sockets[editor]!, flightId).then((ms) => void samples.push(ms)));
  }
  await Promise.all(pending);
  const pacedSeconds = (performance.now() - pacedStart) / 1000;
  const latency = latencySummary(samples);
  return {
    throughputAcked: acked,
    throughputChangesPerSecond: acked / throughputSeconds,
    throughputTarget: '≥ 1000/s',
    pacedRequested: `${options.pacedRate}/s for ${options.pacedMs / 1000} s`,
    pacedAchievedPerSecond: samples.length / pacedSeconds,
    ackP50Ms: latency.p50,
    ackP99Ms: latency.p99,
    ackMaxMs: latency.max,
    ackP99Target: '≤ 50 ms',
  };
}
