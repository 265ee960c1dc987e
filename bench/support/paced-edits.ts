import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Flight } from '../../core';
import { sleep } from './bench-clients';

/** Remark changes at `rate`/s, evenly paced, round-robin over editors; ack latencies by phase. */
export class PacedEdits {
  readonly #byPhase = new Map<string, number[]>();
  #phase = 'before';
  #running = true;
  refused = 0;
  readonly #versions: Map<string, number>;

  constructor(
    private readonly sockets: Socket[],
    private readonly flights: readonly Flight[],
    private readonly rate: number,
  ) {
    this.#versions = new Map(flights.map((flight) => [flight.id, flight.version]));
  }

  mark(phase: string): void {
    this.#phase = phase;
  }

  stop(): void {
    this.#running = false;
  }

  samples(phase: string): number[] {
    return this.#byPhase.get(phase) ?? [];
  }

  async run(): Promise<void> {
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let n = 0; this.#running; n += 1) {
      const wait = start + (n * 1000) / this.rate - performance.now();
      if (wait > 1) await sleep(wait);
      // Flights in turn: at these rates a flight's previous change is acknowledged long before.
      const flight = this.flights[n % this.flights.length]!;
      pending.push(this.#edit(this.sockets[n % this.sockets.length]!, flight.id, n));
    }
    await Promise.all(pending);
  }

  async #edit(socket: Socket, flightId: string, n: number): Promise<void> {
    const phase = this.#phase;
    const sent = performance.now();
    const ack = (await socket.timeout(30_000).emitWithAck('flight:update', {
      flightId,
      baseVersion: this.#versions.get(flightId)!,
      opId: randomUUID(),
      changes: { remark: `bench ${n}` },
    })) as { ok: boolean; flight?: { version: number } };
    const ms = performance.now() - sent;
    if (!ack.ok) {
      this.refused += 1;
      return;
    }
    this.#versions.set(flightId, ack.flight!.version);
    let samples = this.#byPhase.get(phase);
    if (!samples) this.#byPhase.set(phase, (samples = []));
    samples.push(ms);
  }
}
