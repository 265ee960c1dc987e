import type { Change, Flight, SnapshotResult, SyncSinceResult } from '../../core';
import { HubError } from '../hub-error';
import type { RecentChanges } from '../recent-changes';
import type { ChangeLogEntry } from './file-schemas';
import {
  StaleRead,
  advanceRecord,
  changeFromEntry,
  type ChangeOutcome,
  type ChangeRequest,
  type FlightRecord,
  type FlightStore,
  type StoreHealth,
  type StoredChange,
} from './flight-store';

/** What a refused write tells the client: never the detail (that goes to the log). */
export const NOT_STORED_MESSAGE =
  'the change could not be stored, so it was not applied; the hub logged why — try again shortly';

/**
 * The part of a store with one writer (this process): changes are decided synchronously against
 * `current` (every accepted change, durable or not), written in batches by `persist`, and become
 * visible to readers (`durable`) only once persisted. A failed write rolls `current` back to the
 * durable state — every change not yet durable was refused with it — so a failed commit never
 * leaves a ghost change behind that later edits would be checked against (false CONFLICTs).
 * Subclasses decide where changes go (`persist`) and where the trail is read from (`history`).
 */
export abstract class SingleWriterFlightStore implements FlightStore {
  #current = new Map<string, FlightRecord>();
  #durable = new Map<string, FlightRecord>();
  #currentSeq: number;
  #durableSeq: number;
  #pendingByOp = new Map<string, Promise<Change>>();
  /** Per flight, the promise of its newest change still being written. */
  #pendingByFlight = new Map<string, Promise<unknown>>();
  #undurable: ChangeLogEntry[] = [];
  #listeners = new Set<(changes: readonly Change[]) => void>();
  #notifications: Promise<void> = Promise.resolve();
  protected closing = false;

  protected constructor(
    records: Iterable<FlightRecord>,
    seq: number,
    protected readonly recent: RecentChanges,
  ) {
    for (const record of records) {
      this.#current.set(record.flight.id, record);
      this.#durable.set(record.flight.id, record);
    }
    this.#currentSeq = this.#durableSeq = seq;
  }

  /** Makes `entries` (consecutive seqs) durable, all or none. */
  protected abstract persist(entries: ChangeLogEntry[]): Promise<void>;
  /** Why changes cannot be taken right now, or null. */
  protected abstract writeProblem(): string | null;
  abstract history(
    flightId: string,
    options: { limit: number; before?: number },
  ): Promise<{ entries: StoredChange[]; total: number }>;
  abstract close(): Promise<void>;
  /** Called after each durable batch, before listeners (compaction, indexes). */
  protected afterDurable(_entries: readonly ChangeLogEntry[]): void {}

  get seq(): number {
    return this.#durableSeq;
  }

  flight(flightId: string): Flight | undefined {
    return this.#durable.get(flightId)?.flight;
  }

  record(flightId: string): FlightRecord | undefined {
    return this.#durable.get(flightId);
  }

  *flights(): IterableIterator<Flight> {
    for (const record of this.#durable.values()) yield record.flight;
  }

  protected durableRecords(): IterableIterator<FlightRecord> {
    return this.#durable.values();
  }

  snapshot(): SnapshotResult {
    return { seq: this.#durableSeq, flights: [...this.flights()] };
  }

  async changesSince(seq: number): Promise<SyncSinceResult> {
    const changes = this.recent.since(seq, this.#durableSeq);
    if (changes) return { seq: this.#durableSeq, changes };
    return { seq: this.#durableSeq, reset: true, flights: [...this.flights()] };
  }

  async changesAfter(seq: number): Promise<Change[]> {
    const recent = this.recent.since(seq, this.#durableSeq);
    if (recent) return recent;
    return (await this.readTrail(seq + 1)).filter((change) => change.seq <= this.#durableSeq);
  }

  /** Durable changes from `fromSeq` on, read from the trail (beyond the sync window). */
  protected abstract readTrail(fromSeq: number): Promise<Change[]>;

  async findOp(opId: string): Promise<Change | undefined> {
    const pending = this.#pendingByOp.get(opId);
    if (pending) return pending.catch(() => undefined);
    return this.recent.byOpId(opId);
  }

  health(): StoreHealth {
    const problem = this.writeProblem();
    return problem ? { ok: false, problem } : { ok: true };
  }

  subscribe(listener: (changes: readonly Change[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.#pendingByOp.values()]);
    await this.#notifications;
  }

  apply(requests: readonly ChangeRequest[]): Promise<ChangeOutcome[]> {
    const outcomes: (ChangeOutcome | Promise<ChangeOutcome>)[] = [];
    const entries: ChangeLogEntry[] = [];
    const problem = this.closing ? 'the hub is stopping' : this.writeProblem();
    for (const request of requests) {
      if (problem) {
        outcomes.push({ kind: 'refused', error: new HubError('INTERNAL', NOT_STORED_MESSAGE) });
        continue;
      }
      outcomes.push(this.#decide(request, entries));
    }
    if (entries.length > 0) this.#write(entries);
    return Promise.all(outcomes);
  }

  #decide(
    request: ChangeRequest,
    entries: ChangeLogEntry[],
  ): ChangeOutcome | Promise<ChangeOutcome> {
    const seen = this.#pendingByOp.get(request.opId);
    if (seen) return seen.then((change) => ({ kind: 'repeat' as const, change }), refusedOutcome);
    const known = this.recent.byOpId(request.opId);
    if (known) return { kind: 'repeat', change: known };

    let decision;
    try {
      decision = request.decide(this.#current.get(request.flightId));
    } catch (error) {
      if (error instanceof StaleRead) return { kind: 'stale' };
      if (error instanceof HubError) return { kind: 'refused', error };
      throw error;
    }
    if (decision.kind === 'unchanged') return decision;
    if (decision.kind === 'conflict') {
      // Answer with the flight as durably stored, including the change that conflicts.
      const { fields } = decision;
      const durable = this.#pendingByFlight.get(request.flightId) ?? Promise.resolve();
      return durable.then(
        () => ({ kind: 'conflict' as const, fields, current: this.flight(request.flightId) }),
        () => ({ kind: 'conflict' as const, fields, current: this.flight(request.flightId) }),
      );
    }
    const entry: ChangeLogEntry = {
      seq: this.#currentSeq + 1,
      flightId: request.flightId,
      opId: request.opId,
      by: request.by,
      workstation: request.workstation,
      at: request.at,
      version: decision.flight.version,
      fields: decision.fields,
      flight: decision.flight,
      ...(decision.changeKind && decision.changeKind !== 'update'
        ? { kind: decision.changeKind }
        : {}),
      ...(decision.undoOf ? { undoOf: decision.undoOf } : {}),
    };
    this.#currentSeq = entry.seq;
    if (entry.kind === 'archived') this.#current.delete(entry.flightId);
    else this.#current.set(entry.flightId, advanceRecord(this.#current.get(entry.flightId), entry));
    this.#undurable.push(entry);
    entries.push(entry);
    let settle!: { resolve: (change: Change) => void; reject: (error: unknown) => void };
    const stored = new Promise<Change>((resolve, reject) => (settle = { resolve, reject }));
    stored.catch(() => undefined);
    this.#pendingByOp.set(entry.opId, stored);
    this.#pendingByFlight.set(entry.flightId, stored);
    this.#settlers.set(entry.seq, settle);
    return stored.then((change) => ({ kind: 'committed' as const, change }), refusedOutcome);
  }

  #settlers = new Map<
    number,
    { resolve: (change: Change) => void; reject: (error: unknown) => void }
  >();

  #write(entries: ChangeLogEntry[]): void {
    this.persist(entries).then(
      () => this.#markDurable(entries),
      (error: unknown) => this.#rollBack(entries, error),
    );
  }

  #markDurable(entries: ChangeLogEntry[]): void {
    const changes: Change[] = [];
    for (const entry of entries) {
      if (entry.kind === 'archived') this.#durable.delete(entry.flightId);
      else
        this.#durable.set(entry.flightId, advanceRecord(this.#durable.get(entry.flightId), entry));
      this.#durableSeq = entry.seq;
      const change = changeFromEntry(entry);
      this.recent.add(change);
      changes.push(change);
    }
    this.#undurable.splice(0, entries.length);
    this.afterDurable(entries);
    // Outcomes first (the callers' acknowledgements run in the microtasks that follow), then the
    // listeners (broadcasts) in a later turn: a batch's acks never wait behind its broadcasts.
    entries.forEach((entry, index) => {
      this.#settle(entry, changes[index]!);
    });
    const listeners = [...this.#listeners];
    this.#notifications = this.#notifications.then(
      () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            for (const listener of listeners) {
              try {
                listener(changes);
              } catch {
                // A listener's failure is its own (each logs); the others still hear of it.
              }
            }
            resolve();
          }),
        ),
    );
  }

  #settle(entry: ChangeLogEntry, change: Change): void {
    this.#settlers.get(entry.seq)?.resolve(change);
    this.#settlers.delete(entry.seq);
    this.#forget(entry);
  }

  #forget(entry: ChangeLogEntry): void {
    if (this.#pendingByOp.get(entry.opId) === undefined) return;
    const promise = this.#pendingByOp.get(entry.opId);
    this.#pendingByOp.delete(entry.opId);
    if (this.#pendingByFlight.get(entry.flightId) === promise) {
      this.#pendingByFlight.delete(entry.flightId);
    }
  }

  /**
   * A write failed: it and everything decided after it are refused (the writer refuses what
   * queued behind a failed write), so every change not yet durable is undone in memory.
   */
  #rollBack(_failed: ChangeLogEntry[], error: unknown): void {
    const undone = this.#undurable.splice(0);
    for (const entry of undone) {
      const durable = this.#durable.get(entry.flightId);
      if (durable) this.#current.set(entry.flightId, durable);
      else this.#current.delete(entry.flightId);
    }
    this.#currentSeq = this.#durableSeq;
    for (const entry of undone) {
      this.#settlers.get(entry.seq)?.reject(error);
      this.#settlers.delete(entry.seq);
      this.#forget(entry);
    }
  }
}

function refusedOutcome(): ChangeOutcome {
  return { kind: 'refused', error: new HubError('INTERNAL', NOT_STORED_MESSAGE) };
}
