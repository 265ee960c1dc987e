import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { describeZodError } from '../../core';
import { DataFolderError } from './data-folder-error';

export interface DurableJsonFileOptions {
  /** File mode (default 0600: data folders hold personal data and secrets). */
  mode?: number;
  /** Pretty-print with 2 spaces (small files people read); large tables are written compact. */
  pretty?: boolean;
  /**
   * Store a CRC-32 of the content beside it (`{"crc":"…","data":…}`) and check it on read, so a
   * byte changed inside otherwise valid JSON is refused instead of served as truth.
   */
  checksum?: boolean;
}

/**
 * lowdb adapter for one JSON table file. Reads are validated with zod (a broken file stops the
 * hub, naming the file); writes are atomic *and* durable: temp file, fsync, rename, fsync of the
 * folder. lowdb's own JSONFile (steno) renames without fsync, which can leave an empty file
 * after a power cut.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  #queue: Promise<unknown> = Promise.resolve();
  readonly #mode: number;

  constructor(
    readonly filename: string,
    private readonly schema: z.ZodType<T>,
    private readonly options: DurableJsonFileOptions = {},
  ) {
    this.#mode = options.mode ?? 0o600;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.filename, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DataFolderError(this.filename, `cannot be read (${(error as Error).message})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new DataFolderError(this.filename, `is not valid JSON (${(error as Error).message})`);
    }
    if (this.options.checksum) json = this.#unwrapChecked(json);
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) {
      throw new DataFolderError(
        this.filename,
        `fails validation: ${describeZodError(parsed.error, 'file')}`,
      );
    }
    return parsed.data;
  }

  write(data: T): Promise<void> {
    // Serialise now, so later mutations of `data` cannot leak into this write.
    const text = this.#serialise(data);
    const next = this.#queue.then(() => writeDurably(this.filename, text, this.#mode));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #serialise(data: T): string {
    const indent = this.options.pretty ? 2 : undefined;
    if (!this.options.checksum) return `${JSON.stringify(data, null, indent)}\n`;
    const content = JSON.stringify(data);
    return `{"crc":"${hex(crc32(content))}","data":${content}}\n`;
  }

  #unwrapChecked(json: unknown): unknown {
    const wrapped = json as { crc?: unknown; data?: unknown };
    if (typeof wrapped !== 'object' || wrapped === null || typeof wrapped.crc !== 'string') {
      throw new DataFolderError(
        this.filename,
        'has no checksum (crc): it was not written by the hub',
      );
    }
    const actual = hex(crc32(JSON.stringify(wrapped.data)));
    if (actual !== wrapped.crc) {
      throw new DataFolderError(
        this.filename,
        `its checksum ${wrapped.crc} does not match its content (${actual}): the file was changed or damaged after the hub wrote it`,
      );
    }
    return wrapped.data;
  }
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

export async function writeDurably(
  filename: string,
  text: string | Buffer,
  mode: number,
): Promise<void> {
  const temp = join(dirname(filename), `.${basename(filename)}.tmp`);
  try {
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, filename);
  } catch (error) {
    // A full disk: the half-written copy must not keep the space the hub needs.
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(filename));
}

/** Makes a rename or a new file in `folder` survive a power cut (no-op where unsupported). */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or fsync a directory; NTFS journals the rename itself.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
