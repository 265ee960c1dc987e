import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { describeZodError } from '../../core';
import { DataFolderError } from './data-folder-error';

/**
 * lowdb adapter for one JSON table file. Reads are validated with zod (a broken file stops the
 * hub, naming the file); writes are atomic *and* durable: temp file, fsync, rename, fsync of the
 * folder. lowdb's own JSONFile (steno) renames without fsync, which can leave an empty file
 * after a power cut.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly filename: string,
    private readonly schema: z.ZodType<T>,
    private readonly mode = 0o644,
    /** Pretty-printing costs event-loop time on large tables: the flights snapshot uses none. */
    private readonly indent: number | undefined = 2,
  ) {}

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
    const text = `${JSON.stringify(data, null, this.indent)}\n`;
    const next = this.#queue.then(() => writeDurably(this.filename, text, this.mode));
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

export async function writeDurably(filename: string, text: string, mode: number): Promise<void> {
  const temp = join(dirname(filename), `.${basename(filename)}.tmp`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, filename);
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
    await handle?.close();
  }
}
