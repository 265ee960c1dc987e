import type { Change } from '../core';

/**
 * The sync log: the most recent durable changes, in seq order, for `sync:since` and for opId
 * idempotency. Seqs are gap-free, so a change is found by index. Trimmed in chunks so adding
 * stays O(1) amortised; it holds between `capacity` and `capacity + TRIM_CHUNK` changes.
 */
const TRIM_CHUNK = 1024;

export class RecentChanges {
  #changes: Change[] = [];
  #byOpId = new Map<string, Change>();

  constructor(readonly capacity = 10_000) {}

  add(change: Change): void {
    const last = this.#changes.at(-1);
    if (last && change.seq !== last.seq + 1) {
      throw new Error(`sync log: seq ${change.seq} does not follow ${last.seq}`);
    }
    this.#changes.push(change);
    this.#byOpId.set(change.change.opId, change);
    if (this.#changes.length > this.capacity + TRIM_CHUNK) {
      for (const old of this.#changes.splice(0, this.#changes.length - this.capacity)) {
        this.#byOpId.delete(old.change.opId);
      }
    }
  }

  byOpId(opId: string): Change | undefined {
    return this.#byOpId.get(opId);
  }

  /**
   * Changes after `seq` up to `headSeq`, or null when the window no longer holds all of them
   * (or `seq` is ahead of the hub): the client must then reload a full snapshot.
   */
  since(seq: number, headSeq: number): Change[] | null {
    if (seq > headSeq) return null;
    if (seq === headSeq) return [];
    const first = this.#changes[0];
    if (!first || seq < first.seq - 1) return null;
    return this.#changes.slice(seq - first.seq + 1);
  }
}
