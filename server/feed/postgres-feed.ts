import type pg from 'pg';
import { AdminCommandError } from '../store/locked-json-edit';
import {
  apiKeySchema,
  hashKey,
  newApiKey,
  plausibleKey,
  type ApiKeyRecord,
  type FeedKeys,
  type FeedPrincipal,
} from './api-keys';
import { feedResultSchema, type FeedResult, type FeedResultLog } from './feed-results';

/** Results older than this are forgotten (an integration retries within minutes, not days). */
const KEEP_RESULTS = '7 days';

/**
 * The feed's API keys in PostgreSQL: each request looks its key's hash up in `api_keys`, so a
 * key added or revoked on the database works or stops on every hub at once.
 */
export class PostgresApiKeys implements FeedKeys {
  constructor(private readonly pool: pg.Pool) {}

  async verify(key: string | null): Promise<FeedPrincipal | null> {
    if (!plausibleKey(key)) return null;
    const { rows } = await this.pool.query<{ record: unknown }>(
      'SELECT record FROM api_keys WHERE hash = $1',
      [hashKey(key)],
    );
    const parsed = apiKeySchema.safeParse(rows[0]?.record);
    return parsed.success
      ? { name: parsed.data.name, airlines: parsed.data.airlines ?? null }
      : null;
  }

  close(): void {}
}

/** `keys add` on the database: the new key, shown once. */
export async function addApiKeyToDatabase(
  pool: pg.Pool,
  input: { name: string; airlines?: string[] },
): Promise<string> {
  const { key, record } = newApiKey(input);
  const { rowCount } = await pool.query(
    `INSERT INTO api_keys (name, hash, record) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (name) DO NOTHING`,
    [record.name, record.hash, JSON.stringify(record)],
  );
  if (rowCount === 0) {
    throw new AdminCommandError(`a key named ${input.name} exists already (revoke it first)`);
  }
  return key;
}

export async function revokeApiKeyInDatabase(pool: pg.Pool, name: string): Promise<void> {
  const { rowCount } = await pool.query('DELETE FROM api_keys WHERE name = $1', [name]);
  if (rowCount === 0) throw new AdminCommandError(`no key named ${name}`);
}

export async function listApiKeysInDatabase(pool: pg.Pool): Promise<ApiKeyRecord[]> {
  const { rows } = await pool.query<{ record: unknown }>(
    'SELECT record FROM api_keys ORDER BY name',
  );
  return rows.flatMap(({ record }) => {
    const parsed = apiKeySchema.safeParse(record);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The first result of each feed message, shared by every hub. Two hubs answering the same
 * message at once both send its change to the flight store, which applies it once (same opId);
 * whichever records its result first is the answer both give.
 */
export class PostgresFeedResultLog implements FeedResultLog {
  #lastPruned = 0;

  constructor(private readonly pool: pg.Pool) {}

  async recall(keyName: string, messageIds: readonly string[]): Promise<Map<string, FeedResult>> {
    if (messageIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ result: unknown }>(
      'SELECT result FROM feed_results WHERE key_name = $1 AND message_id = ANY($2::text[])',
      [keyName, messageIds],
    );
    return new Map(readResults(rows).map((result) => [result.messageId, result]));
  }

  async remember(keyName: string, results: readonly FeedResult[]): Promise<FeedResult[]> {
    if (results.length === 0) return [];
    await this.#pruneNowAndThen();
    const { rows: stored } = await this.pool.query<{ message_id: string }>(
      `INSERT INTO feed_results (key_name, message_id, result)
       SELECT $1, x->>'messageId', x FROM jsonb_array_elements($2::jsonb) x
       ON CONFLICT (key_name, message_id) DO NOTHING
       RETURNING message_id`,
      [keyName, JSON.stringify(results)],
    );
    const ours = new Set(stored.map((row) => row.message_id));
    const theirs = results.filter((result) => !ours.has(result.messageId));
    if (theirs.length === 0) return [...results];
    // Another hub stored these first (a statement of its own: it sees that hub's commit).
    const first = await this.recall(
      keyName,
      theirs.map((result) => result.messageId),
    );
    return results.map((result) => first.get(result.messageId) ?? result);
  }

  async #pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.#lastPruned < 3_600_000) return;
    this.#lastPruned = Date.now();
    await this.pool.query(
      `DELETE FROM feed_results WHERE recorded_at < clock_timestamp() - interval '${KEEP_RESULTS}'`,
    );
  }
}

function readResults(rows: readonly { result: unknown }[]): FeedResult[] {
  return rows.flatMap(({ result }) => {
    const parsed = feedResultSchema.safeParse(result);
    return parsed.success ? [parsed.data as FeedResult] : [];
  });
}
