import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { readChangeLog } from './store/change-log-reader';
import { DataFolderError } from './store/data-folder-error';
import { DurableJsonFile, syncFolder, writeDurably } from './store/durable-json-file';
import { CHANGES_FOLDER, FLIGHTS_FILE, PREVIOUS_FLIGHTS_FILE } from './store/file-flight-store';
import { flightsSnapshotSchema } from './store/file-schemas';

export interface RecoveryReport {
  /** Where the broken flights.json was moved (null: there was none). */
  setAside: string | null;
  /** Seq of the restored snapshot; the change log replays everything after it at start. */
  snapshotSeq: number;
  /** Last seq in the change log. */
  logSeq: number;
}

/**
 * `npm run hub:recover -- <data folder>`: brings back a data folder whose flights.json is broken
 * or missing. The previous snapshot (flights.prev.json, kept at every compaction) is checked, the
 * change log is checked to hold every change after it, then the broken file is moved aside (never
 * deleted) and the previous snapshot takes its place. The next start replays the log after it,
 * so no acknowledged change is lost. Run it with the hub stopped.
 */
export async function recoverFlightsSnapshot(folder: string): Promise<RecoveryReport> {
  const previousFile = join(folder, PREVIOUS_FLIGHTS_FILE);
  const previous = await new DurableJsonFile(previousFile, flightsSnapshotSchema, {
    checksum: true,
  }).read();
  if (!previous) throw new DataFolderError(previousFile, 'is missing: nothing to recover from');
  const log = await readChangeLog(join(folder, CHANGES_FOLDER), {
    fromSeq: previous.seq + 1,
    logger: pino({ level: 'warn' }),
    readOnly: true,
  });
  if (log.lastSeq < previous.seq) {
    throw new DataFolderError(
      join(folder, CHANGES_FOLDER),
      `ends at seq ${log.lastSeq}, before ${PREVIOUS_FLIGHTS_FILE} (seq ${previous.seq})`,
    );
  }
  if (previous.seq < log.lastSeq && log.entries[0]?.seq !== previous.seq + 1) {
    throw new DataFolderError(
      join(folder, CHANGES_FOLDER),
      `no longer holds seq ${previous.seq + 1}, the first change after ${PREVIOUS_FLIGHTS_FILE}`,
    );
  }
  const file = join(folder, FLIGHTS_FILE);
  let setAside: string | null = `${file}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, setAside);
    await syncFolder(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    setAside = null;
  }
  await writeDurably(file, await readFile(previousFile, 'utf8'), 0o600);
  return { setAside, snapshotSeq: previous.seq, logSeq: log.lastSeq };
}
