import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { DurableJsonFile } from '../store/durable-json-file';
import { usersFileSchema, type UserRecord } from '../store/file-schemas';

export type UsersChangedListener = (changed: string[]) => void;

/**
 * The users table as the running hub knows it: read synchronously (every socket event checks
 * its session), kept current from its source — users.json (FileUserDirectory) or the database
 * shared by several hubs (PostgresAuth).
 */
export interface UserDirectory {
  get(username: string): UserRecord | undefined;
  list(): UserRecord[];
  /** Called with the usernames whose record changed (added, edited, removed). */
  onChange(listener: UsersChangedListener): () => void;
  /** Starts following the source. */
  watch(): void;
  close(): void;
}

/** What changed between two tables: the usernames added, removed or edited. */
export function changedUsers(
  before: ReadonlyMap<string, UserRecord>,
  after: ReadonlyMap<string, UserRecord>,
): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter(
    (username) => JSON.stringify(before.get(username)) !== JSON.stringify(after.get(username)),
  );
}

/**
 * The users table as the running hub knows it. `users.json` is edited by `npm run hub -- users`
 * (another process, atomic rename); the hub watches the file and reloads it, so a disabled user
 * or a new password takes effect at once. A file that fails validation is logged and ignored:
 * the hub keeps the table it has rather than lock everyone out.
 */
export class FileUserDirectory implements UserDirectory {
  #users: Map<string, UserRecord>;
  #listeners = new Set<UsersChangedListener>();
  #watcher: FSWatcher | null = null;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();

  constructor(
    users: readonly UserRecord[],
    private readonly file: string,
    private readonly logger: Logger,
  ) {
    this.#users = new Map(users.map((user) => [user.username, user]));
  }

  get(username: string): UserRecord | undefined {
    return this.#users.get(username);
  }

  list(): UserRecord[] {
    return [...this.#users.values()];
  }

  onChange(listener: UsersChangedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the file again; resolves once listeners have heard of the users that changed. */
  reload(): Promise<void> {
    this.#reloading = this.#reloading.then(() => this.#reloadNow());
    return this.#reloading;
  }

  /** Watches the data folder (a rename replaces the file, so the file itself cannot be watched). */
  watch(): void {
    if (this.#watcher) return;
    const name = basename(this.file);
    try {
      this.#watcher = watch(dirname(this.file), (_event, filename) => {
        if (filename !== null && filename !== name) return;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.reload(), 50);
      });
      this.#watcher.on('error', (error) => {
        this.logger.error(
          { err: error },
          'watching users.json failed; restart the hub to apply user changes',
        );
      });
    } catch (error) {
      this.logger.error(
        { err: error },
        'cannot watch users.json; restart the hub to apply user changes',
      );
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = null;
  }

  async #reloadNow(): Promise<void> {
    let next: Map<string, UserRecord>;
    try {
      const file = await new DurableJsonFile(this.file, usersFileSchema).read();
      if (!file) throw new Error('users.json is missing');
      next = new Map(file.users.map((user) => [user.username, user]));
    } catch (error) {
      this.logger.error(
        { err: error },
        'users.json changed but cannot be used; keeping the users loaded before',
      );
      return;
    }
    const changed = changedUsers(this.#users, next);
    this.#users = next;
    if (changed.length === 0) return;
    this.logger.info({ users: changed }, 'users.json reloaded');
    for (const listener of this.#listeners) listener(changed);
  }
}
