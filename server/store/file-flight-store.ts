import { access, link, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
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
import { advanceRecord, changeFromEntry } from './flight-store';
import { SingleWriterFlightStore } from './single-writer-store';

export const FLIGHTS_FILE = 'flights.json';
/** The snapshot before the current one, kept for recovery (see server/README.md). */
export const PREVIOUS_FLIGHTS_FILE = 'flights.prev.json';
export const CHANGES_FOLDER = 'changes';
/** How often a store whose last write failed tries whether the disk takes writes again. */
const PROBE_MS = 2_000;

export interface FileFlightStoreOptions {
  logger: Logger;
  now: () => Date;
  /** Changes kept for `sync:since` and opId retries. */
  recentChanges?: number;
  /** Write the flights snapshot after this many changes (and at close). */
  compactEvery?: number;
  segmentMaxEntries?: number;
  /** Folders created before checksums (format 1) have a trail without them. */
  legacy?: boolean;
  /** The data folder's own check that it is still there (see data-folder-identity.ts). */
  reachabilityProblem?: () => Promise<string | null>;
}

export function flightsSnapshotFile(folder: string) {
  return new DurableJsonFile(join(folder, FLIGHTS_FILE), flightsSnapshotSchema, {
    checksum: true,
  });
}

/**
 * The embedded store: the live flight table as a checksummed lowdb snapshot (`flights.json`,
 * with the seq it is current to) plus the append-only change log after it. Start-up proves the
 * log (change-log-reader.ts) and replays it from the snapshot's seq; compaction rewrites only
 * the snapshot, never the history.
 */
export class FileFlightStore extends SingleWriterFlightStore {
  #snapshotSeq: number;
  #compaction: Promise<void> | null = null;
  #probeTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly folder: string,
    private readonly log: ChangeLog,
    private readonly historyIndex: FlightHistoryIndex,
    records: Iterable<FlightRecord>,
    seq: number,
    snapshotSeq: number,
    recent: RecentChanges,
    private readonly options: FileFlightStoreOptions,
  ) {
    super(records, seq, recent);
    this.#snapshotSeq = snapshotSeq;
  }

  static async create(folder: string, records: FlightRecord[], now: Date): Promise<void> {
    const snapshot: FlightsSnapshot = { seq: 0, savedAt: now.toISOString(), flights: records };
    await flightsSnapshotFile(folder).write(snapshot);
  }

  static async open(folder: string, options: FileFlightStoreOptions): Promise<FileFlightStore> {
    const snapshotFile = flightsSnapshotFile(folder);
    const snapshot = await snapshotFile.read().catch(async (error: unknown) => {
      throw await withRecoveryHint(folder, error);
    });
    if (!snapshot) {
      throw await withRecoveryHint(
        folder,
        new DataFolderError(snapshotFile.filename, 'is missing'),
      );
    }

    const capacity = options.recentChanges ?? 10_000;
    const logFolder = join(folder, CHANGES_FOLDER);
    const contents = await readChangeLog(logFolder, {
      fromSeq: Math.max(1, snapshot.seq - capacity + 1),
      logger: options.logger,
      legacy: options.legacy ?? false,
    });
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
      if (!record && entry.kind !== 'created') {
        throw new DataFolderError(
          logFolder,
          `seq ${entry.seq} changes flight ${entry.flightId}, which is not in the live table`,
        );
      }
      if (entry.kind === 'archived') records.delete(entry.flightId);
      else records.set(entry.flightId, advanceRecord(record, entry));
    }
    const log = new ChangeLog({
      folder: logFolder,
      openSegment: contents.openSegment,
      sealed: contents.sealed,
      ...(options.segmentMaxEntries ? { segmentMaxEntries: options.segmentMaxEntries } : {}),
      ...(options.reachabilityProblem ? { reachabilityProblem: options.reachabilityProblem } : {}),
    });
    const history = new FlightHistoryIndex(
      logFolder,
      {
        sealed: contents.sealed,
        open: contents.openSegment
          ? { file: contents.openSegment.file, bytes: contents.openSegmentBytes }
          : null,
      },
      options.legacy ?? false,
    );
    const seq = Math.max(snapshot.seq, contents.lastSeq);
    return new FileFlightStore(
      folder,
      log,
      history,
      records.values(),
      seq,
      snapshot.seq,
      recent,
      options,
    );
  }

  /** Builds the history index in the background (start-up does not wait for it). */
  startBackgroundWork(): void {
    this.historyIndex.ready().catch((error: unknown) => {
      this.options.logger.error(
        { err: error },
        'reading the audit trail for the history index failed',
      );
    });
  }

  protected async persist(entries: ChangeLogEntry[]): Promise<void> {
    let positions;
    try {
      positions = await this.log.append(entries);
    } catch (error) {
      this.options.logger.error(
        { err: error, seqs: [entries[0]!.seq, entries.at(-1)!.seq] },
        'changes could not be stored and were refused (INTERNAL); nothing of them was kept',
      );
      throw error;
    }
    entries.forEach((entry, index) => {
      this.historyIndex.add(entry.flightId, { ...positions[index]!, seq: entry.seq });
    });
  }

  protected writeProblem(): string | null {
    const problem = this.log.problem;
    if (problem && !problem.fatal) this.#probeUntilWritable();
    return problem?.message ?? null;
  }

  /**
   * After a refused write (a full disk), probes every `PROBE_MS` until the folder takes a write
   * again: the hub then reports itself healthy and takes changes, with nobody restarting it.
   */
  #probeUntilWritable(): void {
    if (this.#probeTimer || this.closing) return;
    this.#probeTimer = setTimeout(() => {
      this.log.probe().then(
        (writable) => {
          this.#probeTimer = null;
          if (writable)
            this.options.logger.warn('the data folder takes writes again; changes are accepted');
          else this.writeProblem();
        },
        () => {
          this.#probeTimer = null;
        },
      );
    }, PROBE_MS);
    this.#probeTimer.unref();
  }

  /** The change log stopped (e.g. the data folder vanished): refuse every later change. */
  get stopped(): boolean {
    return this.log.stopped;
  }

  protected async readTrail(fromSeq: number) {
    const contents = await readChangeLog(join(this.folder, CHANGES_FOLDER), {
      fromSeq,
      logger: this.options.logger,
      legacy: this.options.legacy ?? false,
      readOnly: true,
    });
    return contents.entries.map(changeFromEntry);
  }

  async history(flightId: string, options: { limit: number; before?: number }) {
    const [entries, total] = await Promise.all([
      this.historyIndex.read(flightId, options),
      this.historyIndex.count(flightId),
    ]);
    return { entries, total };
  }

  protected override afterDurable(): void {
    const due = this.seq - this.#snapshotSeq >= (this.options.compactEvery ?? 1000);
    if (!due || this.#compaction || this.closing) return;
    this.#compaction = this.#writeSnapshot()
      .catch((error: unknown) => {
        // The log still holds every change; the next compaction or start-up catches up.
        this.options.logger.error({ err: error }, 'writing the flights snapshot failed');
      })
      .finally(() => {
        this.#compaction = null;
      });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.#probeTimer) clearTimeout(this.#probeTimer);
    await this.drain();
    await this.#compaction;
    if (this.seq > this.#snapshotSeq && !this.log.stopped) {
      await this.#writeSnapshot().catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'writing the final flights snapshot failed');
      });
    }
    await this.log.close();
  }

  async #writeSnapshot(): Promise<void> {
    const seq = this.seq;
    const flights = [...this.durableRecords()];
    // Keep the snapshot being replaced: with the log (never cut), it can rebuild the table.
    // A hard link, then a rename: no copy of the table, and flights.prev.json is never partial.
    const file = join(this.folder, FLIGHTS_FILE);
    const linkTemp = join(dirname(file), `.${PREVIOUS_FLIGHTS_FILE}.link`);
    await rm(linkTemp, { force: true });
    await link(file, linkTemp);
    await rename(linkTemp, join(dirname(file), PREVIOUS_FLIGHTS_FILE));
    await flightsSnapshotFile(this.folder).write({
      seq,
      savedAt: this.options.now().toISOString(),
      flights,
    });
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
