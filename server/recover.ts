import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { crcHex, fileCrc } from './store/change-log';
import {
  HIGH_WATER_MARK_FILE,
  highWaterMarkRecord,
  listSegments,
  segmentsManifest,
  type SealedSegment,
} from './store/change-log-files';
import { parseLine, readChangeLog } from './store/change-log-reader';
import { HUB_FILE } from './store/data-folder';
import { DataFolderError, type Repair } from './store/data-folder-error';
import { DurableJsonFile, writeDurably } from './store/durable-json-file';
import { CHANGES_FOLDER, FLIGHTS_FILE, flightsSnapshotFile } from './store/file-flight-store';
import { hubFileSchema } from './store/file-schemas';
import { outboxChangeSchema } from './notifications/outbox-state';
import { NOTIFICATIONS_FILE } from './notifications/hub-notifications';
import { parseJournal, readJournalText } from './store/ndjson-journal';
import { truncateToLastGoodLine } from './store/ndjson-appender';
import { SELF_SERVICE_FILE } from './passengers/file-self-service-store';
import { selfServiceEntrySchema } from './passengers/self-service-store';
import { recoverFlightsSnapshot } from './recover-snapshot';

export interface RecoveryStep {
  /** What was done. */
  done: string;
  /** What it cost: changes or records that are gone. Null when nothing was lost. */
  lost: string | null;
}

export interface RecoveryReport {
  steps: RecoveryStep[];
  /** Null: the folder is sound now. Else the refusal recovery could not (or may not) repair. */
  remaining: string | null;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/**
 * `npm run hub:recover -- <data folder> [--accept-loss]`, with the hub stopped. Checks the folder
 * as the hub does at start and repairs exactly the fault each check names:
 * - without loss, always: a broken flights.json from flights.prev.json (the log replays the
 *   rest), segments.json rebuilt after checking every segment line by line;
 * - with loss, only with `--accept-loss`, each loss named: a log that ends below its high-water
 *   mark (the mark is lowered), a damaged line in the open segment (the log is cut before it,
 *   the rest kept aside), a missing or damaged high-water mark (rebuilt from the log), a
 *   damaged notification journal record (cut there; passengers may be told again).
 * Nothing is deleted: whatever is cut is moved aside next to its file.
 */
export async function recoverDataFolder(
  folder: string,
  options: { acceptLoss: boolean },
): Promise<RecoveryReport> {
  const steps: RecoveryStep[] = [];
  for (let round = 0; round < 20; round += 1) {
    const refusal = await firstRefusal(folder);
    if (!refusal) return { steps, remaining: null };
    const step = await repair(folder, refusal, options);
    if (!step) return { steps, remaining: refusal.message };
    steps.push(step);
  }
  return { steps, remaining: 'the folder kept failing its checks after 20 repairs' };
}

/** The first problem the hub would refuse to start on (read-only), or null. */
async function firstRefusal(folder: string): Promise<DataFolderError | null> {
  try {
    const hub = await new DurableJsonFile(join(folder, HUB_FILE), hubFileSchema).read();
    if (!hub) return new DataFolderError(join(folder, HUB_FILE), 'is missing');
    const snapshot = await flightsSnapshotFile(folder).read();
    if (!snapshot) return new DataFolderError(join(folder, FLIGHTS_FILE), 'is missing');
    const log = await readChangeLog(join(folder, CHANGES_FOLDER), {
      fromSeq: snapshot.seq + 1,
      logger: pino({ level: 'silent' }),
      legacy: hub.format === 1,
      readOnly: true,
    });
    if (log.lastSeq < snapshot.seq) {
      return new DataFolderError(
        join(folder, CHANGES_FOLDER),
        `ends at seq ${log.lastSeq} but ${FLIGHTS_FILE} is at seq ${snapshot.seq}: restore the folder from a backup`,
      );
    }
    const journal = join(folder, NOTIFICATIONS_FILE);
    parseJournal(journal, await readJournalText(journal), outboxChangeSchema);
    const passengers = join(folder, SELF_SERVICE_FILE);
    parseJournal(passengers, await readJournalText(passengers), selfServiceEntrySchema);
    return null;
  } catch (error) {
    if (error instanceof DataFolderError) return error;
    throw error;
  }
}

async function repair(
  folder: string,
  refusal: DataFolderError,
  options: { acceptLoss: boolean },
): Promise<RecoveryStep | null> {
  if (basename(refusal.file) === FLIGHTS_FILE) {
    const report = await recoverFlightsSnapshot(folder).catch(() => null);
    if (!report) return null;
    return {
      done: `${FLIGHTS_FILE} restored from flights.prev.json (seq ${report.snapshotSeq}); the log replays up to seq ${report.logSeq}${report.setAside ? `; the broken file is kept as ${report.setAside}` : ''}`,
      lost: null,
    };
  }
  const fix = refusal.repair;
  if (!fix) return null;
  if (fix.kind === 'seals-damaged') return rebuildSeals(fix.folder);
  if (!options.acceptLoss) return null;
  return repairWithLoss(fix);
}

async function repairWithLoss(fix: Repair): Promise<RecoveryStep | null> {
  switch (fix.kind) {
    case 'log-below-high-water-mark':
      await writeHighWaterMark(fix.folder, fix.lastSeq);
      return {
        done: `high-water mark lowered from seq ${fix.highWaterMark} to ${fix.lastSeq}, where the log ends`,
        lost: `changes ${fix.lastSeq + 1}–${fix.highWaterMark} (written, possibly acknowledged, and no longer in the log)`,
      };
    case 'high-water-mark-missing':
    case 'high-water-mark-damaged': {
      const lastSeq =
        fix.kind === 'high-water-mark-missing' ? fix.lastSeq : await lastSeqOfLog(fix.folder);
      await writeHighWaterMark(fix.folder, lastSeq);
      return {
        done: `high-water mark rebuilt at seq ${lastSeq}, where the log ends`,
        lost: 'unknown: without the old mark nobody can prove no change after it was lost',
      };
    }
    case 'damaged-open-line': {
      const aside = await cutAside(fix.file, fix.byteOffset);
      const lastKept = (fix.seq ?? 1) - 1;
      await writeHighWaterMark(join(fix.file, '..'), lastKept);
      return {
        done: `${basename(fix.file)} cut before its damaged line (seq ${fix.seq}); the cut part is kept as ${aside}`,
        lost: `changes from seq ${fix.seq} on (they are in ${basename(aside)}, unreadable)`,
      };
    }
    case 'damaged-journal-line': {
      const aside = await cutAside(fix.file, fix.byteOffset);
      return {
        done: `${basename(fix.file)} cut before its damaged record (line ${fix.line}); the rest is kept as ${aside}`,
        lost:
          basename(fix.file) === SELF_SERVICE_FILE
            ? 'passengers’ preferences and push subscriptions recorded from that line on (they choose again on /my)'
            : "notification records from that line on: the hub replays the flight changes after the journal's last " +
              'absorbed seq, so passengers may be told some news again, and records that were sending are not retried',
      };
    }
    case 'seals-damaged':
      return null;
  }
}

/** Rebuilds segments.json: every finished segment checked line by line, then sealed. */
async function rebuildSeals(logFolder: string): Promise<RecoveryStep> {
  const segments = await listSegments(logFolder);
  const sealed: SealedSegment[] = [];
  let expected = 1;
  for (const segment of segments.slice(0, -1)) {
    const text = await readFile(segment.file, 'utf8');
    const lines = text.split('\n').slice(0, -1);
    lines.forEach((line, index) => {
      const entry = parseLine(segment.file, index + 1, line, false);
      if (entry.seq !== expected) {
        throw new DataFolderError(
          segment.file,
          `line ${index + 1} has seq ${entry.seq}, expected ${expected}: restore the folder from a backup`,
        );
      }
      expected += 1;
    });
    sealed.push({
      name: basename(segment.file),
      firstSeq: segment.firstSeq,
      lastSeq: expected - 1,
      bytes: (await stat(segment.file)).size,
      crc: await fileCrc(segment.file),
    });
  }
  await segmentsManifest(logFolder).write({ sealed });
  return {
    done: `segments.json rebuilt: ${sealed.length} finished segments checked line by line and sealed`,
    lost: null,
  };
}

async function lastSeqOfLog(logFolder: string): Promise<number> {
  const contents = await readChangeLog(logFolder, {
    fromSeq: Number.MAX_SAFE_INTEGER,
    logger: pino({ level: 'silent' }),
    readOnly: true,
    legacy: true,
  }).catch(() => null);
  return contents?.lastSeq ?? 0;
}

async function writeHighWaterMark(logFolder: string, seq: number): Promise<void> {
  await writeDurably(
    join(logFolder, HIGH_WATER_MARK_FILE),
    highWaterMarkRecord(seq, crcHex),
    0o600,
  );
}

/** Moves the file's bytes from `offset` on into a side file, then cuts the file there. */
async function cutAside(file: string, offset: number): Promise<string> {
  const aside = `${file}.damaged-${stamp()}`;
  await truncateToLastGoodLine(file, offset, aside);
  return aside;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const acceptLoss = args.includes('--accept-loss');
  const folder = args.find((arg) => !arg.startsWith('--')) ?? process.env.JETBRIDGE_DATA_DIR;
  if (!folder) {
    console.error(
      'usage: npm run hub:recover -- <data folder> [--accept-loss]   (or set JETBRIDGE_DATA_DIR)',
    );
    process.exit(2);
  }
  recoverDataFolder(folder, { acceptLoss }).then(
    (report) => {
      for (const step of report.steps) {
        console.log(`- ${step.done}`);
        if (step.lost) console.log(`  LOST: ${step.lost}`);
      }
      if (report.remaining === null) {
        console.log(
          report.steps.length
            ? 'The data folder passes every check now.'
            : 'The data folder is sound.',
        );
        return;
      }
      console.error(`jetbridge hub:recover: ${report.remaining}`);
      if (!acceptLoss && report.remaining.includes('--accept-loss')) {
        console.error(
          'Nothing was changed for it. Repeat with --accept-loss to repair it and lose what it names.',
        );
      }
      process.exit(1);
    },
    (error: unknown) => {
      console.error(`jetbridge hub:recover: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
