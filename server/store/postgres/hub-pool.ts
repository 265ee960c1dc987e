import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A hub's pool for one part of its state (`what`: 'passengers', 'gates'…): named in
 * pg_stat_activity as `jetbridge-hub-<what>`, every commit durable (synchronous_commit on), and a
 * lost idle connection logged rather than thrown.
 */
export function openHubPool(url: string, what: string, logger: Logger, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: `jetbridge-hub-${what}`,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    options: '-c synchronous_commit=on',
    max,
  });
  pool.on('error', (error) => {
    logger.warn({ err: error }, `an idle database connection was lost (${what})`);
  });
  return pool;
}
