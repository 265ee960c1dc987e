import { join } from 'node:path';
import { NdjsonJournal } from '../store/ndjson-journal';
import {
  StateBackedSelfServiceStore,
  selfServiceEntrySchema,
  type SelfServiceEntry,
} from './self-service-store';

export const SELF_SERVICE_FILE = 'passenger-self-service.ndjson';

/**
 * Passengers' preferences, push subscriptions and archive marks in the data folder: an fsync'd
 * NDJSON journal (mode 0600, each line checksummed) through the hub's one appender, replayed at
 * start and compacted to the live state when it holds twice as many lines as that. Thousands of
 * passengers subscribing at once cost one grouped append each, never a rewrite of a big file.
 */
export class FileSelfServiceStore extends StateBackedSelfServiceStore {
  private journal!: NdjsonJournal<SelfServiceEntry>;

  static async open(folder: string): Promise<FileSelfServiceStore> {
    const store = new FileSelfServiceStore();
    store.journal = await NdjsonJournal.open(
      join(folder, SELF_SERVICE_FILE),
      selfServiceEntrySchema,
      (entry) => store.state.apply(entry),
    );
    return store;
  }

  protected async record(entries: SelfServiceEntry[]): Promise<void> {
    for (const entry of entries) this.state.apply(entry);
    await this.journal.append(...entries);
    // Retention deletes: the forgotten lines must leave the disk too, not wait for a compaction.
    const forgetting = entries.some((entry) => entry.t === 'forgotten');
    if (forgetting || this.journal.lineCount > 1_000 + 2 * this.state.size) {
      await this.journal.compact(this.state.entries());
    }
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
