import { access, link, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Low } from 'lowdb';
import type { Logger } from 'pino';
import type { Change, Flight, SnapshotResult, SyncSinceResult } from '../../core';
import { RecentChanges } from '../recent-changes';
import { ChangeLog } from './change-log';
import { readChangeLog } from './change-log-reader';
import { DataFolderError } from './data-folder-error';
import { DurableJsonFile } from './durable-json-file';
import { FlightHistoryIndex } from './flight-history-index';
import {
  flightsSnapshotSchema,
  type ChangeLogEntry,
  type FlightRecord,
  type FlightsSnapshot,
} from './file-schemas';
import {
  advanceRecord,
  changeFromEntry,
  type CommitRequest,
  type FlightStore,
} from './flight-store';

export const FLIGHTS_FILE = 'flights.json';
/** The snapshot before the current one, kept for recovery (see server/README.md). */
export const PREVIOUS_FLIGHTS_FILE = 'flights.prev.json';
export const CHANGES_FOLDER = 'changes';

export interface FileFlightStoreOptions {
  logger: Logger;
  now: () => Date;
  /** Changes kept for `sync:since` and opId retries. */
  recentChanges?: number;
  /** Write the flights snapshot after this many changes (and at close). */
  compactEvery?: number;
  segmentMaxEntries?: number;
}

/**
 * The flight table as a lowdb snapshot (`flights.json`, with the seq it is current to) plus the
 * append-only change log after it. Start-up replays the log from the snapshot's seq; compaction
 * rewrites only the snapshot, never the history.
 */
export class FileFlightStore implements FlightStore {
  #current = new Map<string, FlightRecord>();
  #durable = new Map<string, FlightRecord>();
  #currentSeq: number;
  #durableSeq: number;
  #snapshotSeq: number;
  #pending = new Map<string, Promise<Change>>();
  #compaction: Promise<void> | null = null;
  #closing = false;

  private constructor(
    private readonly db: Low<FlightsSnapshot>,
    private readonly log: ChangeLog,
    private readonly recent: RecentChanges,
    private readonly historyIndex: FlightHistoryIndex,
    records: FlightRecord[],
    seq: number,
    snapshotSeq: number,
    private readonly options: FileFlightStoreOptions,
  ) {
    for (const record of records) {
      this.#current.set(record.flight.id, record);
      this.#durable.set(record.flight.id, record);
    }
    this.#currentSeq = this.#durableSeq = seq;
    this.#snapshotSeq = snapshotSeq;
  }

  static async create(folder: string, records: FlightRecord[], now: Date): Promise<void> {
    const snapshot: FlightsSnapshot = { seq: 0, savedAt: now.toISOString(), flights: records };
    await new DurableJsonFile(join(folder, FLIGHTS_FILE), flightsSnapshotSchema).write(snapshot);
  }

  static async open(folder: string, options: FileFlightStoreOptions): Promise<FileFlightStore> {
    const file = join(folder, FLIGHTS_FILE);
    const db = new Low(new DurableJsonFile(file, flightsSnapshotSchema, 0o644, undefined), {
      seq: 0,
      savedAt: options.now().toISOString(),
      flights: [],
    });
    const snapshot = await db.adapter.read().catch(async (error: unknown) => {
      throw await withRecoveryHint(folder, error);
    });
    if (!snapshot) throw await withRecoveryHint(folder, new DataFolderError(file, 'is missing'));
    db.data = snapshot;

    const capacity = options.recentChanges ?? 10_000;
    const logFolder = join(folder, CHANGES_FOLDER);
    const fromSeq = Math.max(1, snapshot.seq - capacity + 1);
    const contents = await readChangeLog(logFolder, fromSeq, options.logger);
    if (contents.lastSeq < snapshot.seq) {
      throw new DataFolderError(
        logFolder,
        `the change log ends at seq ${contents.lastSeq} but ${FLIGHTS_FILE} is at seq ${snapshot.seq}`,
      );
    }

    const records = new Map(snapshot.flights.map((record) => [record.flight.id, record]));
    const recent = new RecentChanges(capacity);
    for (const entry of contents.entries) {
      recent.add(changeFromEntry(entry));
      if (entry.seq <= snapshot.seq) continue;
      const record = records.get(entry.flightId);
      if (!record) {
        throw new DataFolderError(
          logFolder,
          `seq ${entry.seq} changes unknown flight ${entry.flightId}`,
        );
      }
      records.set(entry.flightId, advanceRecord(record, entry));
    }
    const log = new ChangeLog(logFolder, contents.lastSegment, options.segmentMaxEntries);
    const seq = Math.max(snapshot.seq, contents.lastSeq);
    const history = await FlightHistoryIndex.build(logFolder);
    return new FileFlightStore(
      db,
      log,
      recent,
      history,
      [...records.values()],
      seq,
      snapshot.seq,
      options,
    );
  }

  get seq(): number {
    return this.#durableSeq;
  }

  snapshot(): SnapshotResult {
    return { seq: this.#durableSeq, flights: [...this.#durable.values()].map((r) => r.flight) };
  }

  flight(flightId: string): Flight | undefined {
    return this.#durable.get(flightId)?.flight;
  }

  current(flightId: string): FlightRecord | undefined {
    return this.#current.get(flightId);
  }

  findOp(opId: string): Promise<Change> | undefined {
    const pending = this.#pending.get(opId);
    if (pending) return pending;
    const change = this.recent.byOpId(opId);
    return change && Promise.resolve(change);
  }

  commit(request: CommitRequest, onDurable?: (change: Change) => void): Promise<Change> {
    const record = this.#current.get(request.flightId);
    if (this.#closing) return Promise.reject(new Error('flight store is closing'));
    if (!record) return Promise.reject(new Error(`unknown flight ${request.flightId}`));
    const entry: ChangeLogEntry = {
      seq: this.#currentSeq + 1,
      ...request,
      version: request.flight.version,
    };
    this.#currentSeq = entry.seq;
    this.#current.set(entry.flightId, advanceRecord(record, entry));
    const stored = this.log.append(entry).then((position) => {
      this.historyIndex.add(entry.flightId, { ...position, seq: entry.seq });
      return this.#markDurable(entry, onDurable);
    });
    this.#pending.set(entry.opId, stored);
    return stored;
  }

  async history(flightId: string, options: { limit: number; before?: number }) {
    const total = this.historyIndex.count(flightId);
    return { entries: await this.historyIndex.read(flightId, options), total };
  }

  changesSince(seq: number): SyncSinceResult {
    const changes = this.recent.since(seq, this.#durableSeq);
    if (changes) return { seq: this.#durableSeq, changes };
    return { seq: this.#durableSeq, reset: true, flights: this.snapshot().flights };
  }

  async drain(): Promise<void> {
    await this.log.drain();
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.log.drain();
    await this.#compaction;
    if (this.#durableSeq > this.#snapshotSeq) await this.#writeSnapshot();
    await this.log.close();
  }

  #markDurable(entry: ChangeLogEntry, onDurable?: (change: Change) => void): Change {
    const record = this.#durable.get(entry.flightId)!;
    this.#durable.set(entry.flightId, advanceRecord(record, entry));
    this.#durableSeq = entry.seq;
    const change = changeFromEntry(entry);
    this.recent.add(change);
    this.#pending.delete(entry.opId);
    try {
      onDurable?.(change);
    } catch (error) {
      this.options.logger.error({ err: error, seq: entry.seq }, 'after-commit callback failed');
    }
    this.#compactIfDue();
    return change;
  }

  #compactIfDue(): void {
    const due = this.#durableSeq - this.#snapshotSeq >= (this.options.compactEvery ?? 1000);
    if (!due || this.#compaction || this.#closing) return;
    this.#compaction = this.#writeSnapshot()
      .catch((error: unknown) => {
        // The log still holds every change; the next compaction or start-up catches up.
        this.options.logger.error({ err: error }, 'writing the flights snapshot failed');
      })
      .finally(() => {
        this.#compaction = null;
      });
  }

  async #writeSnapshot(): Promise<void> {
    const seq = this.#durableSeq;
    // Keep the snapshot being replaced: with the log (never cut), it can rebuild the table.
    // A hard link, then a rename: no copy of the table, and flights.prev.json is never partial.
    const file = (this.db.adapter as DurableJsonFile<FlightsSnapshot>).filename;
    const linkTemp = join(dirname(file), `.${PREVIOUS_FLIGHTS_FILE}.link`);
    await rm(linkTemp, { force: true });
    await link(file, linkTemp);
    await rename(linkTemp, join(dirname(file), PREVIOUS_FLIGHTS_FILE));
    this.db.data = {
      seq,
      savedAt: this.options.now().toISOString(),
      flights: [...this.#durable.values()],
    };
    await this.db.write();
    this.#snapshotSeq = seq;
  }
}

/** A missing or broken flights.json: name the way back when a previous snapshot is kept. */
async function withRecoveryHint(folder: string, error: unknown): Promise<unknown> {
  if (!(error instanceof DataFolderError)) return error;
  try {
    await access(join(folder, PREVIOUS_FLIGHTS_FILE));
  } catch {
    return error;
  }
  return new DataFolderError(
    error.file,
    `${error.problem}. The previous snapshot ${PREVIOUS_FLIGHTS_FILE} is kept: ` +
      `\`npm run hub:recover -- ${folder}\` sets the broken file aside and restores it ` +
      `(the change log replays every change after it); see server/README.md`,
  );
}
