import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DataFolderError } from './data-folder-error';
import { DurableJsonFile } from './durable-json-file';

/**
 * The files of the change log folder besides the segments themselves:
 * - `segments.json`: the sealed (finished) segments with their seq range, size and CRC-32, so
 *   at start the whole trail's continuity and integrity is checked, not only the replay window;
 * - `high-water-mark`: the last seq ever written and synced (before it was acknowledged), kept
 *   apart from the log, so a log shorter than what was acknowledged is refused, never replayed.
 */

/** Change log segments are named by the seq of their first line, so they sort by name. */
const SEGMENT_NAME = /^changes-(\d{12})\.ndjson$/;
export const SEGMENTS_MANIFEST = 'segments.json';
export const HIGH_WATER_MARK_FILE = 'high-water-mark';

export function segmentName(firstSeq: number): string {
  return `changes-${String(firstSeq).padStart(12, '0')}.ndjson`;
}

/** The change log's segment files in seq order. */
export async function listSegments(folder: string): Promise<{ file: string; firstSeq: number }[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw new DataFolderError(folder, `cannot be read (${(error as Error).message})`);
  }
  return names
    .map((name) => ({ name, match: SEGMENT_NAME.exec(name) }))
    .filter((item) => item.match)
    .map((item) => ({ file: join(folder, item.name), firstSeq: Number(item.match![1]) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

export const sealedSegmentSchema = z.strictObject({
  /** File name within the change log folder. */
  name: z.string().regex(SEGMENT_NAME),
  firstSeq: z.number().int().positive(),
  lastSeq: z.number().int().positive(),
  bytes: z.number().int().positive(),
  /** CRC-32 of the whole file, hex. */
  crc: z.string().regex(/^[0-9a-f]{8}$/),
});
export type SealedSegment = z.infer<typeof sealedSegmentSchema>;

const manifestSchema = z.strictObject({ sealed: z.array(sealedSegmentSchema) });

export function segmentsManifest(folder: string) {
  return new DurableJsonFile(join(folder, SEGMENTS_MANIFEST), manifestSchema, {
    checksum: true,
    pretty: false,
  });
}

/**
 * The high-water mark is one fixed-size record overwritten in place (so its size never changes
 * and an in-place overwrite within one sector is atomic): `{"seq":000000000042,"crc":"…"}\n`.
 */
const HWM_RECORD = /^\{"seq":(\d{12}),"crc":"([0-9a-f]{8})"\}\n$/;

export function highWaterMarkRecord(seq: number, crc: (text: string) => string): string {
  const digits = String(seq).padStart(12, '0');
  return `{"seq":${digits},"crc":"${crc(digits)}"}\n`;
}

/** The recorded high-water mark, null when the file does not exist. */
export async function readHighWaterMark(
  folder: string,
  crc: (text: string) => string,
): Promise<number | null> {
  const file = join(folder, HIGH_WATER_MARK_FILE);
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      text = (await handle.readFile('utf8')).toString();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DataFolderError(file, `cannot be read (${(error as Error).message})`);
  }
  const match = HWM_RECORD.exec(text);
  if (!match || crc(match[1]!) !== match[2]) {
    throw new DataFolderError(
      file,
      'is damaged (it must hold one checksummed record); `npm run hub:recover -- <data folder> --accept-loss` rebuilds it from the change log',
      { kind: 'high-water-mark-damaged', folder },
    );
  }
  return Number(match[1]);
}
