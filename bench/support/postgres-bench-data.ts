import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { Flight } from '../../core';
import { migrate } from '../../server/store/postgres/migrations';
import { benchFlights } from './bench-data';

/**
 * Fills a new database like `writeBenchDataFolder` fills a data folder: `flights` departures and
 * a `trail` of accepted remark changes spread over them (the live table as after the trail).
 * Returns the flights as they are after it.
 */
export async function writeBenchDatabase(
  url: string,
  options: { flights: number; trail: number; now?: Date },
): Promise<Flight[]> {
  const now = options.now ?? new Date();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migrate(pool, pino({ level: 'warn' }));
    const flights = benchFlights(options.flights, now).map((flight, index) => {
      // Changes seq ≡ index (mod flights) were this flight's: its version is their count.
      const version = Math.floor((options.trail - index - 1) / options.flights) + 1;
      const last = index + 1 + (version - 1) * options.flights;
      return version > 0 && last <= options.trail
        ? { ...flight, version, remark: `trail ${last}`, updatedBy: 'agent1' }
        : flight;
    });
    await pool.query(
      `INSERT INTO flights (id, flight, field_versions, version, seq)
       SELECT id, flight, field_versions, version, seq FROM jsonb_to_recordset($1::jsonb)
         AS x(id text, flight jsonb, field_versions jsonb, version integer, seq bigint)`,
      [
        JSON.stringify(
          flights.map((flight) => ({
            id: flight.id,
            flight,
            field_versions: flight.version > 0 ? { remark: flight.version } : {},
            version: flight.version,
            seq: 0,
          })),
        ),
      ],
    );
    // The trail, generated in the database (the shape of each row, not its history, matters).
    await pool.query(
      `INSERT INTO flight_changes (seq, flight_id, op_id, changed_by, workstation, at, version,
         kind, fields, flight)
       SELECT g, 'b-' || ((g - 1) % $2), gen_random_uuid()::text, 'agent1', 'bench', $3,
         (g - 1) / $2 + 1, 'update',
         jsonb_build_object('remark', jsonb_build_object('from', null, 'to', 'trail ' || g)),
         f.flight || jsonb_build_object('version', (g - 1) / $2 + 1, 'remark', 'trail ' || g)
       FROM generate_series(1, $1::integer) AS g
       JOIN flights f ON f.id = 'b-' || ((g - 1) % $2)`,
      [options.trail, options.flights, now.toISOString()],
    );
    await pool.query('UPDATE flight_seq SET seq = $1', [options.trail]);
    await pool.query('VACUUM ANALYZE');
    return flights;
  } finally {
    await pool.end();
  }
}

/**
 * Copies a bench data folder's users (`users.json`) into the database: with a database the hub
 * signs in from its `users` table, which only a data folder created by the hub itself seeds.
 */
export async function copyBenchUsers(dataDir: string, url: string): Promise<void> {
  const { users } = JSON.parse(await readFile(join(dataDir, 'users.json'), 'utf8')) as {
    users: Array<{ username: string }>;
  };
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(pool, pino({ level: 'warn' }));
    await pool.query(
      `INSERT INTO users (username, record)
       SELECT x->>'username', x FROM jsonb_array_elements($1::jsonb) x
       ON CONFLICT (username) DO UPDATE SET record = EXCLUDED.record`,
      [JSON.stringify(users)],
    );
  } finally {
    await pool.end();
  }
}
