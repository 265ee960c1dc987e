import { open, rm } from 'node:fs/promises';
import type { DurableJsonFile } from './durable-json-file';

/** A refusal to show the operator as it is (a CLI prints it and exits non-zero). */
export class AdminCommandError extends Error {
  override name = 'AdminCommandError';
}

/**
 * Changes a data-folder table from a command-line tool while the hub may be running: one editor at
 * a time (a lock file beside it), the result validated by the file's schema, written atomically
 * and durably. The running hub watches the file (WatchedJsonFile) and applies the change at once.
 */
export async function editLocked<T>(
  file: DurableJsonFile<T>,
  edit: (current: T) => Promise<T> | T,
  options: { initial?: T; what: string },
): Promise<T> {
  const lockPath = `${file.filename}.lock`;
  let lock;
  try {
    lock = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AdminCommandError(
        `another ${options.what} command is changing ${file.filename} (if none is running, delete ${lockPath})`,
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AdminCommandError(
        `the data folder of ${file.filename} does not exist: start the hub once to create it (or check JETBRIDGE_DATA_DIR)`,
      );
    }
    throw error;
  }
  try {
    const current = (await file.read()) ?? options.initial;
    if (current === undefined) {
      throw new AdminCommandError(
        `${file.filename} does not exist: start the hub once to create the data folder`,
      );
    }
    const next = await edit(current);
    await file.write(next);
    return next;
  } finally {
    await lock.close();
    await rm(lockPath, { force: true });
  }
}
