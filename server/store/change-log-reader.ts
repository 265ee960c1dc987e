import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { describeZodError } from '../../core';
import { crcHex, fileCrc, type OpenSegment } from './change-log';
import {
  listSegments,
  readHighWaterMark,
  segmentsManifest,
  type SealedSegment,
} from './change-log-files';
import { DataFolderError } from './data-folder-error';
import { changeLogEntrySchema, type ChangeLogEntry } from './file-schemas';
import { checkJsonLine } from './line-checksum';
import { truncateToLastGoodLine } from './ndjson-appender';

export interface ChangeLogContents {
  /** Every entry with seq >= fromSeq, in seq order. */
  entries: ChangeLogEntry[];
  lastSeq: number;
  /** The segment new changes are appended to, if any exists. */
  openSegment: OpenSegment | null;
  sealed: SealedSegment[];
  /** Bytes of the open segment: where its next line starts. */
  openSegmentBytes: number;
}

export interface ReadChangeLogOptions {
  /** Entries from this seq on are returned (the replay window). */
  fromSeq: number;
  logger: Logger;
  /** Folders created before checksums and the high-water mark may lack both (format 1). */
  legacy?: boolean;
  /** Check only, never set a torn tail aside (hub:recover's dry look). */
  readOnly?: boolean;
}

/** How a refusal ends: the step that gets the folder going again. */
const RESTORE_STEP =
  'stop the hub and restore the data folder from a backup (server/README.md, "When the hub refuses to start")';
const CUT_STEP =
  'restore the data folder from a backup, or run `npm run hub:recover -- <data folder> --accept-loss` to cut the log before this line (the changes from it on are lost)';
const ACCEPT_LOSS_STEP = (folder: string) =>
  `restore the data folder from a backup, or run \`npm run hub:recover -- ${folder} --accept-loss\` to go on without the missing changes`;

/**
 * Reads and proves the change log at start. Every check passes before anything is changed:
 * - sealed segments (segments.json): each present with its recorded size and CRC-32, their seq
 *   ranges contiguous from 1, so a segment removed or altered anywhere in the trail is refused;
 * - the open segment(s): every line's CRC-32, JSON and shape, and gap-free seqs;
 * - the high-water mark: a log that ends before the last seq written is refused (a log cut at a
 *   line boundary would otherwise lose acknowledged changes and reuse their seqs).
 * Only then is a torn last line (a crash mid-append, never acknowledged) set aside. Each refusal
 * names the file, the line and seq range, and the recovery step.
 */
export async function readChangeLog(
  folder: string,
  options: ReadChangeLogOptions,
): Promise<ChangeLogContents> {
  const { fromSeq, logger } = options;
  const onDisk = await listSegments(folder);
  const manifest = await segmentsManifest(folder)
    .read()
    .catch((error: unknown) => {
      if (!(error instanceof DataFolderError)) throw error;
      throw new DataFolderError(
        error.file,
        `${error.problem}; \`npm run hub:recover -- ${dirname(folder)}\` checks every segment line by line and rebuilds it`,
        { kind: 'seals-damaged', folder },
      );
    });
  const sealed = manifest?.sealed ?? [];
  const highWaterMark = await readHighWaterMark(folder, crcHex);

  await checkSealed(folder, sealed, onDisk);
  const sealedNames = new Set(sealed.map((segment) => segment.name));
  const unsealed = onDisk.filter((segment) => !sealedNames.has(basename(segment.file)));
  const lastSealed = sealed.at(-1);
  if (unsealed.length > 1 && !options.legacy) {
    throw new DataFolderError(
      unsealed[0]!.file,
      `is not sealed in segments.json, but it is not the last segment; ` +
        `\`npm run hub:recover -- ${dirname(folder)}\` checks it line by line and seals it`,
      { kind: 'seals-damaged', folder },
    );
  }

  const entries: ChangeLogEntry[] = [];
  // Replay may reach back into sealed segments: their lines are read (and checked) too.
  for (const segment of sealed) {
    if (segment.lastSeq < fromSeq) continue;
    const { lines } = await readSegmentLines(join(folder, segment.name), false);
    collect(join(folder, segment.name), lines, segment.firstSeq, fromSeq, entries, !options.legacy);
  }

  let lastSeq = lastSealed?.lastSeq ?? 0;
  let openSegment: OpenSegment | null = null;
  let openSegmentBytes = 0;
  let tornTail: { file: string; keepBytes: number; tail: string } | null = null;
  const toSeal: SealedSegment[] = [];
  for (const [index, segment] of unsealed.entries()) {
    const isLast = index === unsealed.length - 1;
    const expectedFirst = lastSeq + 1;
    if (segment.firstSeq !== expectedFirst && !(lastSeq === 0 && segment.firstSeq === 1)) {
      throw new DataFolderError(
        segment.file,
        `is named for seq ${segment.firstSeq}, but the trail before it ends at seq ${lastSeq}: ` +
          `seqs ${expectedFirst}–${segment.firstSeq - 1} are missing; ${RESTORE_STEP}`,
      );
    }
    const read = await readSegmentLines(segment.file, isLast);
    if (read.torn) tornTail = { file: segment.file, keepBytes: read.bytes, tail: read.torn };
    if (read.lines.length === 0 && !isLast) {
      throw new DataFolderError(
        segment.file,
        `is empty but is not the last segment; ${RESTORE_STEP}`,
      );
    }
    lastSeq = collect(
      segment.file,
      read.lines,
      segment.firstSeq,
      fromSeq,
      entries,
      !options.legacy,
      isLast,
    );
    if (isLast) {
      openSegment = { file: segment.file, firstSeq: segment.firstSeq, count: read.lines.length };
      openSegmentBytes = read.bytes;
    } else {
      // A folder from before seals (format 1): its finished segments are sealed once, now.
      toSeal.push({
        name: basename(segment.file),
        firstSeq: segment.firstSeq,
        lastSeq,
        bytes: read.bytes,
        crc: await fileCrc(segment.file),
      });
    }
  }

  if (highWaterMark !== null && lastSeq < highWaterMark) {
    throw new DataFolderError(
      folder,
      `the change log ends at seq ${lastSeq}, but seq ${highWaterMark} was written and may have been acknowledged ` +
        `(high-water-mark): changes ${lastSeq + 1}–${highWaterMark} are missing; ${ACCEPT_LOSS_STEP(folder)}`,
      { kind: 'log-below-high-water-mark', folder, lastSeq, highWaterMark },
    );
  }
  if (highWaterMark === null && lastSeq > 0 && !options.legacy) {
    throw new DataFolderError(
      join(folder, 'high-water-mark'),
      `is missing, so the hub cannot prove the change log (seq ${lastSeq}) is complete; ${ACCEPT_LOSS_STEP(folder)}`,
      { kind: 'high-water-mark-missing', folder, lastSeq },
    );
  }

  // Every check passed: now, and only now, change anything.
  if (tornTail && !options.readOnly) {
    await setAsideTornTail(tornTail.file, tornTail.keepBytes, tornTail.tail, logger);
  }
  const allSealed = [...sealed, ...toSeal];
  if (toSeal.length > 0 && !options.readOnly) {
    await segmentsManifest(folder).write({ sealed: allSealed });
    logger.info({ segments: toSeal.length }, 'sealed the finished segments of an older change log');
  }
  return { entries, lastSeq, openSegment, sealed: allSealed, openSegmentBytes };
}

async function checkSealed(
  folder: string,
  sealed: readonly SealedSegment[],
  onDisk: readonly { file: string; firstSeq: number }[],
): Promise<void> {
  const present = new Set(onDisk.map((segment) => basename(segment.file)));
  let expectedFirst = 1;
  for (const segment of sealed) {
    const file = join(folder, segment.name);
    const range = `seqs ${segment.firstSeq}–${segment.lastSeq}`;
    if (segment.firstSeq !== expectedFirst) {
      throw new DataFolderError(
        join(folder, 'segments.json'),
        `lists ${segment.name} from seq ${segment.firstSeq}, expected ${expectedFirst}: the trail has a gap; ${RESTORE_STEP}`,
      );
    }
    if (!present.has(segment.name)) {
      throw new DataFolderError(
        file,
        `is missing (it held ${range} of the audit trail); ${RESTORE_STEP}`,
      );
    }
    const size = (await stat(file)).size;
    if (size !== segment.bytes) {
      throw new DataFolderError(
        file,
        `has ${size} bytes but was sealed with ${segment.bytes} (${range}): it was cut or altered; ${RESTORE_STEP}`,
      );
    }
    if ((await fileCrc(file)) !== segment.crc) {
      const { lines } = await readSegmentLines(file, false);
      // Name the damaged line: each line carries its own checksum.
      collect(file, lines, segment.firstSeq, Number.MAX_SAFE_INTEGER, [], true);
      throw new DataFolderError(
        file,
        `does not match its seal (${range}): its content was altered; ${RESTORE_STEP}`,
      );
    }
    expectedFirst = segment.lastSeq + 1;
  }
}

/**
 * Checks lines (checksum, JSON, shape, gap-free seqs from `firstSeq`), keeps those from
 * `fromSeq` in `into`, and returns the last seq.
 */
function collect(
  file: string,
  lines: readonly string[],
  firstSeq: number,
  fromSeq: number,
  into: ChangeLogEntry[],
  requireChecksum: boolean,
  isOpenSegment = false,
): number {
  let seq = firstSeq - 1;
  let byteOffset = 0;
  lines.forEach((line, index) => {
    // In the open segment, a damaged line can be cut off with everything after it (hub:recover
    // --accept-loss); in a sealed one only a backup helps.
    const repairable = (error: DataFolderError) =>
      isOpenSegment
        ? new DataFolderError(error.file, error.problem.replace(RESTORE_STEP, CUT_STEP), {
            kind: 'damaged-open-line',
            file,
            byteOffset,
            seq: seq + 1,
          })
        : error;
    let entry: ChangeLogEntry;
    try {
      entry = parseLine(file, index + 1, line, requireChecksum);
    } catch (error) {
      throw error instanceof DataFolderError ? repairable(error) : error;
    }
    if (entry.seq !== seq + 1) {
      throw repairable(
        new DataFolderError(
          file,
          `line ${index + 1} has seq ${entry.seq}, expected ${seq + 1}; ${RESTORE_STEP}`,
        ),
      );
    }
    seq = entry.seq;
    byteOffset += Buffer.byteLength(line) + 1;
    if (entry.seq >= fromSeq) into.push(entry);
  });
  return seq;
}

async function readSegmentLines(
  file: string,
  isLast: boolean,
): Promise<{ lines: string[]; bytes: number; torn: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataFolderError(file, `cannot be read (${(error as Error).message})`);
  }
  const cut = text.lastIndexOf('\n') + 1;
  const bytes = Buffer.byteLength(text.slice(0, cut));
  const torn = cut < text.length ? text.slice(cut) : null;
  if (torn !== null && !isLast) {
    throw new DataFolderError(
      file,
      `ends without a newline but is not the last segment; ${RESTORE_STEP}`,
    );
  }
  return { lines: text.slice(0, cut).split('\n').slice(0, -1), bytes, torn };
}

async function setAsideTornTail(file: string, keepBytes: number, tail: string, logger: Logger) {
  const sideFile = `${file}.torn-${Date.now()}`;
  // Kept aside before the cut: the trail keeps even what was never acknowledged, for whoever
  // investigates the crash.
  await truncateToLastGoodLine(file, keepBytes, sideFile);
  logger.warn(
    { file, sideFile, bytes: tail.length },
    'change log ended in a torn, never acknowledged line; set it aside',
  );
}

/** `where` names the line in messages: a line number, or "the line at byte N". */
export function parseLine(
  file: string,
  where: number | string,
  line: string,
  requireChecksum = true,
): ChangeLogEntry {
  const lineNumber = typeof where === 'number' ? `line ${where}` : where;
  const checked = checkJsonLine(line);
  if (!checked.ok) {
    throw new DataFolderError(
      file,
      `${lineNumber} is damaged: ${checked.problem}${seqHint(line)}; ${RESTORE_STEP}`,
    );
  }
  if (!checked.sealed && requireChecksum) {
    throw new DataFolderError(
      file,
      `${lineNumber} has no checksum${seqHint(line)}; ${RESTORE_STEP}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(checked.text);
  } catch (error) {
    throw new DataFolderError(
      file,
      `${lineNumber} is not valid JSON (${(error as Error).message})${seqHint(line)}; ${RESTORE_STEP}`,
    );
  }
  const parsed = changeLogEntrySchema.safeParse(json);
  if (!parsed.success) {
    throw new DataFolderError(
      file,
      `${lineNumber}: ${describeZodError(parsed.error, 'line')}${seqHint(line)}; ${RESTORE_STEP}`,
    );
  }
  return parsed.data;
}

/** ", seq 42" when the line's head is still readable. */
function seqHint(line: string): string {
  const match = /^\{"seq":(\d+),/.exec(line);
  return match ? ` (seq ${match[1]})` : '';
}
