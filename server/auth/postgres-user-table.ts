import pg from 'pg';
import pino from 'pino';
import { migrate } from '../store/postgres/migrations';
import { userRecordSchema, type UserRecord } from '../store/file-schemas';
import { AUTH_CHANNEL } from './postgres-auth';
import { UserAdminError, checkUsers, type UserTable } from './user-admin';
import { inTransaction } from '../store/postgres/transaction';

/**
 * The database's `users` table as a UserTable (`npm run hub -- users …` with
 * JETBRIDGE_DATABASE_URL). An edit locks the table (one editor at a time, hubs still read),
 * applies the change to the whole table, writes only the rows that changed and notifies every
 * hub, in one transaction.
 */
export class PostgresUserTable implements UserTable {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PostgresUserTable> {
    const pool = new pg.Pool({
      connectionString: url,
      application_name: 'jetbridge-users',
      max: 2,
    });
    try {
      await migrate(pool, pino({ level: 'silent' }));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresUserTable(pool);
  }

  async read(): Promise<UserRecord[]> {
    const { rows } = await this.pool.query<{ record: unknown }>(
      'SELECT record FROM users ORDER BY username',
    );
    return rows.map(({ record }) => parseRow(record));
  }

  async edit(
    edit: (users: UserRecord[]) => Promise<UserRecord[]> | UserRecord[],
  ): Promise<UserRecord[]> {
    return inTransaction(this.pool, async (client) => {
      await client.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await client.query<{ record: unknown }>(
        'SELECT record FROM users ORDER BY username',
      );
      const before = new Map(
        rows.map(({ record }) => parseRow(record)).map((u) => [u.username, u]),
      );
      const after = checkUsers(await edit([...before.values()].map((user) => ({ ...user }))));
      const kept = new Set(after.map((user) => user.username));
      const removed = [...before.keys()].filter((username) => !kept.has(username));
      const written = after.filter(
        (user) => JSON.stringify(before.get(user.username)) !== JSON.stringify(user),
      );
      if (removed.length > 0) {
        await client.query('DELETE FROM users WHERE username = ANY($1::text[])', [removed]);
      }
      if (written.length > 0) {
        await client.query(
          `INSERT INTO users (username, record)
           SELECT x->>'username', x FROM jsonb_array_elements($1::jsonb) x
           ON CONFLICT (username) DO UPDATE
             SET record = EXCLUDED.record, updated_at = clock_timestamp()`,
          [JSON.stringify(written)],
        );
      }
      await client.query('SELECT pg_notify($1, $2)', [AUTH_CHANNEL, 'users']);
      return after;
    });
  }

  /** The table's epoch is the only one: a database is restored whole. */
  async epochFloor(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function parseRow(record: unknown): UserRecord {
  const parsed = userRecordSchema.safeParse(record);
  if (!parsed.success) throw new UserAdminError('a row of the users table is not a valid user');
  return parsed.data;
}
