import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { DurableJsonFile } from './durable-json-file';

/**
 * A data-folder table a command-line tool edits while the hub runs (API keys, displays): the hub
 * watches the folder (an atomic rename replaces the file, so the file itself cannot be watched)
 * and reloads it, so a revoked key stops working at once. A file that fails validation is
 * logged and ignored: the hub keeps what it had.
 */
export class WatchedJsonFile<T> {
  #value: T;
  #watcher: FSWatcher | null = null;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #listeners = new Set<(value: T) => void>();

  private constructor(
    private readonly file: DurableJsonFile<T>,
    private readonly empty: T,
    value: T,
    private readonly logger: Logger,
  ) {
    this.#value = value;
  }

  /** Reads the file (a broken one stops the hub, naming it); `empty` when it does not exist. */
  static async open<T>(
    file: DurableJsonFile<T>,
    empty: T,
    logger: Logger,
  ): Promise<WatchedJsonFile<T>> {
    return new WatchedJsonFile(file, empty, (await file.read()) ?? empty, logger);
  }

  get value(): T {
    return this.#value;
  }

  onChange(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the file again; resolves once the listeners have heard of it. */
  reload(): Promise<void> {
    this.#reloading = this.#reloading.then(() => this.#reloadNow());
    return this.#reloading;
  }

  watch(): void {
    if (this.#watcher) return;
    const name = basename(this.file.filename);
    try {
      this.#watcher = watch(dirname(this.file.filename), (_event, filename) => {
        if (filename !== null && filename !== name) return;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.reload(), 50);
      });
      this.#watcher.on('error', (error) => {
        this.logger.error(
          { err: error, file: this.file.filename },
          'watching failed; restart the hub to apply changes',
        );
      });
    } catch (error) {
      this.logger.error(
        { err: error, file: this.file.filename },
        'cannot watch; restart the hub to apply changes',
      );
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = null;
  }

  async #reloadNow(): Promise<void> {
    let next: T;
    try {
      next = (await this.file.read()) ?? this.empty;
    } catch (error) {
      this.logger.error(
        { err: error },
        `${this.file.filename} changed but cannot be used; keeping what was loaded`,
      );
      return;
    }
    if (JSON.stringify(next) === JSON.stringify(this.#value)) return;
    this.#value = next;
    this.logger.info({ file: this.file.filename }, 'reloaded');
    for (const listener of this.#listeners) listener(next);
  }
}
