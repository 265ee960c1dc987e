import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type pg from 'pg';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
/** Held while migrating: hubs starting at once migrate one after the other. */
const MIGRATION_LOCK = 0x6a657462; // "jetb"
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_-]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** The numbered SQL files of `folder`, in order (`001_flights.sql`, `002_…`). */
export async function readMigrations(folder = MIGRATIONS_FOLDER): Promise<Migration[]> {
  const names = (await readdir(folder)).filter((name) => MIGRATION_FILE.test(name)).sort();
  const migrations = await Promise.all(
    names.map(async (name) => ({
      version: Number(MIGRATION_FILE.exec(name)![1]),
      name,
      sql: await readFile(join(folder, name), 'utf8'),
    })),
  );
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(`${join(folder, migration.name)}: expected number ${index + 1}`);
    }
  });
  return migrations;
}

/**
 * Brings the database to the newest schema: each migration not yet in `schema_migrations` runs
 * in its own transaction with its row, so a failed one leaves nothing half-done. An advisory
 * lock makes hubs that start together take turns; the later ones find nothing to do. A database
 * migrated by a newer hub (versions this hub does not know) is refused.
 */
export async function migrate(
  pool: pg.Pool,
  logger: Logger,
  migrations?: readonly Migration[],
): Promise<number[]> {
  const all = migrations ?? (await readMigrations());
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      const applied = new Set(rows.map((row) => row.version));
      const newest = Math.max(0, ...applied);
      if (newest > all.length) {
        throw new MigrationError(
          `the database is at schema version ${newest}, newer than this hub knows (${all.length}): upgrade the hub`,
        );
      }
      const done: number[] = [];
      for (const migration of all) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigrationError(`${migration.name}: ${(error as Error).message}`);
        }
        logger.info({ migration: migration.name }, 'database migrated');
        done.push(migration.version);
      }
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
