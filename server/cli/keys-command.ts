import { loadSettings } from '../config';
import { parseAdminCommand } from './admin-command-args';
import pg from 'pg';
import pino from 'pino';
import { addApiKey, listApiKeys, revokeApiKey } from '../feed/api-keys';
import {
  addApiKeyToDatabase,
  listApiKeysInDatabase,
  revokeApiKeyInDatabase,
} from '../feed/postgres-feed';
import { migrate } from '../store/postgres/migrations';
import type { UsersCommandIo } from './users-command';

export const KEYS_USAGE = `Usage: npm run hub -- keys <command>

  add <name> [--airlines 6E,AI]   prints the new key once; it is stored hashed
  list
  revoke <name>                   the key stops working at once

A key works only on /api/feed/* (Authorization: Bearer <key>); --airlines limits it to those
airlines' flights. The keys are in JETBRIDGE_DATABASE_URL's database when it is set (several
hubs), else in the data folder JETBRIDGE_DATA_DIR (or --data-dir). Running hubs apply every
change at once.`;

/** `npm run hub -- keys ...` (contract section 8); resolves with the exit code. */
export async function runKeysCommand(
  argv: string[],
  io: Pick<UsersCommandIo, 'env' | 'out' | 'err'>,
): Promise<number> {
  const parsed = parseAdminCommand(argv, io, KEYS_USAGE, {
    airlines: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (parsed.exitCode !== null) return parsed.exitCode;
  const { values, command, name } = parsed;
  let pool: pg.Pool | null = null;
  try {
    const settings = loadSettings(io.env);
    const dataDir = values['data-dir'] ?? settings.dataDir;
    if (settings.databaseUrl && !values['data-dir']) {
      pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 1 });
      await migrate(pool, pino({ level: 'silent' }));
    }
    const db = pool;
    switch (command) {
      case 'add': {
        const airlines = values.airlines
          ?.split(',')
          .map((code) => code.trim())
          .filter(Boolean);
        const input = { name, ...(airlines ? { airlines } : {}) };
        const key = db ? await addApiKeyToDatabase(db, input) : await addApiKey(dataDir, input);
        io.err(
          `added key ${name}${airlines ? ` for ${airlines.join(', ')}` : ' for every airline'}; it is shown once:`,
        );
        io.out(key);
        return 0;
      }
      case 'list':
        for (const key of db ? await listApiKeysInDatabase(db) : await listApiKeys(dataDir)) {
          io.out(`${key.name}\t${key.airlines?.join(',') ?? '*'}\tadded ${key.createdAt}`);
        }
        return 0;
      case 'revoke':
        if (db) await revokeApiKeyInDatabase(db, name);
        else await revokeApiKey(dataDir, name);
        io.out(`revoked ${name}; it no longer works`);
        return 0;
      default:
        io.err(`unknown keys command "${command}"\n\n${KEYS_USAGE}`);
        return 2;
    }
  } catch (error) {
    io.err(`keys ${command}: ${(error as Error).message}`);
    return 1;
  } finally {
    await pool?.end();
  }
}
