import { join } from 'node:path';
import { z } from 'zod';
import { NdjsonJournal } from '../store/ndjson-journal';

/** What the feed answered for one message (contract section 8). */
export type FeedResult =
  | { messageId: string; ok: true; flightId: string; seq?: number; held?: string[] }
  | { messageId: string; ok: false; error: { code: string; message: string } };

/**
 * The first result of every recent message, by key and messageId: a repeat (a retry after a lost
 * answer, also after a restart) gets it again and changes nothing. Keeps the last `capacity`
 * messages (an integration retries within seconds or minutes, not days).
 */
export interface FeedResultLog {
  /** The first results of those of `messageIds` answered before. */
  recall(keyName: string, messageIds: readonly string[]): Promise<Map<string, FeedResult>>;
  /**
   * Records the results of messages not answered yet; durable when resolved, with the results
   * as recorded: where another hub recorded one first, that one.
   */
  remember(keyName: string, results: readonly FeedResult[]): Promise<FeedResult[]>;
}

export const FEED_RESULTS_FILE = 'feed-results.ndjson';
/** The same shape as a feed result, for a result read back from a file or the database. */
const DEFAULT_CAPACITY = 200_000;

export const feedResultSchema = z.union([
  z.strictObject({
    messageId: z.string(),
    ok: z.literal(true),
    flightId: z.string(),
    seq: z.number().int().positive().optional(),
    held: z.array(z.string()).optional(),
  }),
  z.strictObject({
    messageId: z.string(),
    ok: z.literal(false),
    error: z.strictObject({ code: z.string(), message: z.string() }),
  }),
]);
const entrySchema = z.strictObject({ key: z.string(), result: feedResultSchema });
type Entry = z.infer<typeof entrySchema>;

class RecentResults {
  readonly byId = new Map<string, Entry>();
  constructor(readonly capacity: number) {}
  add(entry: Entry): void {
    const id = `${entry.key}\u0000${entry.result.messageId}`;
    this.byId.delete(id);
    this.byId.set(id, entry);
    if (this.byId.size > this.capacity) this.byId.delete(this.byId.keys().next().value!);
  }
  get(keyName: string, messageId: string) {
    return this.byId.get(`${keyName}\u0000${messageId}`)?.result;
  }
  recall(keyName: string, messageIds: readonly string[]): Map<string, FeedResult> {
    const found = new Map<string, FeedResult>();
    for (const messageId of messageIds) {
      const result = this.get(keyName, messageId);
      if (result) found.set(messageId, result);
    }
    return found;
  }
}

/** `feed-results.ndjson` (the hub's one appender), compacted to the last `capacity` results. */
export class FileFeedResultLog implements FeedResultLog {
  private constructor(
    private readonly journal: NdjsonJournal<Entry>,
    private readonly recent: RecentResults,
  ) {}

  static async open(dataDir: string, capacity = DEFAULT_CAPACITY): Promise<FileFeedResultLog> {
    const recent = new RecentResults(capacity);
    const journal = await NdjsonJournal.open(
      join(dataDir, FEED_RESULTS_FILE),
      entrySchema,
      (entry) => recent.add(entry),
    );
    return new FileFeedResultLog(journal, recent);
  }

  async recall(keyName: string, messageIds: readonly string[]) {
    return this.recent.recall(keyName, messageIds);
  }

  /** The hub is this folder's one writer: what it records is the first result. */
  async remember(keyName: string, results: readonly FeedResult[]): Promise<FeedResult[]> {
    const entries = results.map((result) => ({ key: keyName, result }));
    for (const entry of entries) this.recent.add(entry);
    await this.journal.append(...entries);
    if (this.journal.lineCount > 2 * this.recent.capacity) {
      await this.journal.compact([...this.recent.byId.values()]);
    }
    return [...results];
  }

  /** Every recent result (migrate-to-postgres moves them). */
  entries(): { key: string; result: FeedResult }[] {
    return [...this.recent.byId.values()];
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

export class MemoryFeedResultLog implements FeedResultLog {
  private readonly recent = new RecentResults(DEFAULT_CAPACITY);
  async recall(keyName: string, messageIds: readonly string[]) {
    return this.recent.recall(keyName, messageIds);
  }
  async remember(keyName: string, results: readonly FeedResult[]) {
    for (const result of results) this.recent.add({ key: keyName, result });
    return [...results];
  }
}
