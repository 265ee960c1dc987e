import type { Flight } from '../../core';
import { RecentChanges } from '../recent-changes';
import type { ChangeLogEntry } from './file-schemas';
import { changeFromEntry, type StoredChange } from './flight-store';
import { SingleWriterFlightStore } from './single-writer-store';

/**
 * A FlightStore kept in memory: the same rules and outcomes as the file store, for unit tests of
 * everything that talks to the interface. `failNextWrites` makes writes fail, like a full disk.
 */
export class MemoryFlightStore extends SingleWriterFlightStore {
  #trail: ChangeLogEntry[] = [];
  #failures = 0;
  #problem: string | null = null;

  constructor(flights: readonly Flight[] = [], options: { recentChanges?: number } = {}) {
    super(
      flights.map((flight) => ({ flight, fieldVersions: {} })),
      0,
      new RecentChanges(options.recentChanges ?? 10_000),
    );
  }

  /** The next `count` writes fail (and are refused); the one after succeeds. */
  failNextWrites(count: number): void {
    this.#failures = count;
  }

  protected async persist(entries: ChangeLogEntry[]): Promise<void> {
    await Promise.resolve();
    if (this.#failures > 0) {
      this.#failures -= 1;
      this.#problem = 'simulated write failure';
      throw new Error(this.#problem);
    }
    this.#problem = null;
    this.#trail.push(...entries);
  }

  protected writeProblem(): string | null {
    return null;
  }

  /** The last simulated failure, until a write succeeds. */
  get lastProblem(): string | null {
    return this.#problem;
  }

  protected async readTrail(fromSeq: number) {
    return this.#trail.filter((entry) => entry.seq >= fromSeq).map(changeFromEntry);
  }

  async history(flightId: string, { limit, before }: { limit: number; before?: number }) {
    const all = this.#trail.filter((entry) => entry.flightId === flightId);
    const entries: StoredChange[] = all
      .filter((entry) => before === undefined || entry.seq < before)
      .reverse()
      .slice(0, limit);
    return { entries, total: all.length };
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.drain();
  }
}
