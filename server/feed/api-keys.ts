import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DurableJsonFile } from '../store/durable-json-file';
import { AdminCommandError, editLocked } from '../store/locked-json-edit';
import { WatchedJsonFile } from '../store/watched-json-file';

/**
 * API keys of integrations (contract section 8): an AODB, a tracker, a departure-control system.
 * A key is shown once when added and kept only as its SHA-256 (keys are 256 random bits, so a
 * slow password hash buys nothing); it works only on /api/feed/*, as `Authorization: Bearer`.
 */
export const API_KEYS_FILE = 'api-keys.json';
export const KEY_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export const apiKeySchema = z.strictObject({
  name: z.string().regex(KEY_NAME_PATTERN),
  /** SHA-256 of the key, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** IATA airline codes the key may change; absent: every airline. */
  airlines: z.array(z.string().regex(/^[A-Z0-9]{2}$/)).optional(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ApiKeyRecord = z.infer<typeof apiKeySchema>;

const apiKeysFileSchema = z.strictObject({
  keys: z
    .array(apiKeySchema)
    .refine(
      (keys) => new Set(keys.map((key) => key.name)).size === keys.length,
      'duplicate key name',
    ),
});
type ApiKeysFile = z.infer<typeof apiKeysFileSchema>;

/** Who sent a feed message: the key's name (`change.by` is `feed:<name>`) and its airlines. */
export interface FeedPrincipal {
  name: string;
  airlines: readonly string[] | null;
}

function keysFile(dataDir: string) {
  return new DurableJsonFile(join(dataDir, API_KEYS_FILE), apiKeysFileSchema, { pretty: true });
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The keys a hub checks feed requests against: the data folder's or the database's. */
export interface FeedKeys {
  /** The key's principal, or null for anything that is not a current key. */
  verify(key: string | null): FeedPrincipal | null | Promise<FeedPrincipal | null>;
  close(): void;
}

/** Whether `key` is shaped like a key at all (checked before any lookup). */
export function plausibleKey(key: string | null): key is string {
  return key !== null && key.startsWith('jbk_') && key.length <= 200;
}

/** The keys as the running hub knows them: reloaded when `npm run hub -- keys` changes them. */
export class ApiKeys implements FeedKeys {
  #byHash = new Map<string, FeedPrincipal>();

  private constructor(private readonly table: WatchedJsonFile<ApiKeysFile>) {
    this.#index(table.value);
    table.onChange((value) => this.#index(value));
  }

  static async open(dataDir: string, logger: Logger): Promise<ApiKeys> {
    const table = await WatchedJsonFile.open(keysFile(dataDir), { keys: [] }, logger);
    table.watch();
    return new ApiKeys(table);
  }

  /** The key's principal, or null for anything that is not a current key. */
  verify(key: string | null): FeedPrincipal | null {
    if (!plausibleKey(key)) return null;
    // Looked up by the key's hash, never the key: timing cannot reveal a key's prefix.
    return this.#byHash.get(hashKey(key)) ?? null;
  }

  reload(): Promise<void> {
    return this.table.reload();
  }

  close(): void {
    this.table.close();
  }

  #index(file: ApiKeysFile): void {
    this.#byHash = new Map(
      file.keys.map((key) => [key.hash, { name: key.name, airlines: key.airlines ?? null }]),
    );
  }
}

/** A new key and the record kept of it (its hash), checked; the key is shown once. */
export function newApiKey(input: { name: string; airlines?: string[]; now?: Date }): {
  key: string;
  record: ApiKeyRecord;
} {
  if (!KEY_NAME_PATTERN.test(input.name)) {
    throw new AdminCommandError(
      'the key name must be 1–64 letters, digits, dots, dashes or underscores',
    );
  }
  const airlines = input.airlines?.map((code) => code.trim().toUpperCase());
  const bad = airlines?.find((code) => !/^[A-Z0-9]{2}$/.test(code));
  if (bad !== undefined)
    throw new AdminCommandError(`"${bad}" is not a 2-character IATA airline code`);
  const key = `jbk_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    name: input.name,
    hash: hashKey(key),
    createdAt: (input.now ?? new Date()).toISOString(),
    ...(airlines ? { airlines } : {}),
  };
  return { key, record };
}

/** `keys add`: a new key, returned once (only its hash is kept). */
export async function addApiKey(
  dataDir: string,
  input: { name: string; airlines?: string[]; now?: Date },
): Promise<string> {
  const { key, record } = newApiKey(input);
  await editLocked(
    keysFile(dataDir),
    (file) => {
      if (file.keys.some((existing) => existing.name === input.name)) {
        throw new AdminCommandError(`a key named ${input.name} exists already (revoke it first)`);
      }
      return { keys: [...file.keys, record] };
    },
    { initial: { keys: [] }, what: 'keys' },
  );
  return key;
}

export async function revokeApiKey(dataDir: string, name: string): Promise<void> {
  await editLocked(
    keysFile(dataDir),
    (file) => {
      if (!file.keys.some((key) => key.name === name))
        throw new AdminCommandError(`no key named ${name}`);
      return { keys: file.keys.filter((key) => key.name !== name) };
    },
    { initial: { keys: [] }, what: 'keys' },
  );
}

export async function listApiKeys(dataDir: string): Promise<ApiKeyRecord[]> {
  return (await keysFile(dataDir).read())?.keys ?? [];
}
