import type { Logger } from 'pino';
import type pg from 'pg';
import { openHubPool } from '../store/postgres/hub-pool';
import { NotifyListener } from '../store/postgres/notify-listener';
import { inTransaction } from '../store/postgres/transaction';
import type { ArchiveRegister } from './archive-register';

/** NOTIFY channel of `archived_flights` (migration 007). */
export const ARCHIVE_CHANNEL = 'jetbridge_archive';

/**
 * The archive register in the database (`archived_flights`), shared by every hub: a flight one
 * hub archived is never made again from the schedule by another, past days' KPIs are the same
 * on every hub, and the passengers' data of a flight is pruned after the retention period even
 * if the hub that archived it is gone. Each hub keeps a copy in memory (`has` is asked for every
 * planned flight), read again when a hub announces a change and after a lost LISTEN connection.
 */
export class PostgresArchiveRegister implements ArchiveRegister {
  #archived = new Map<string, number>();
  #listener: NotifyListener | null = null;
  #reloading: Promise<void> = Promise.resolve();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {}

  /** Opened after the flight store, which brings the schema up to date. */
  static async open(options: { url: string; logger: Logger }): Promise<PostgresArchiveRegister> {
    const pool = openHubPool(options.url, 'archive', options.logger, 1);
    const register = new PostgresArchiveRegister(pool, options.logger);
    try {
      register.#listener = await NotifyListener.start({
        url: options.url,
        channel: ARCHIVE_CHANNEL,
        logger: options.logger,
        what: 'archived flights',
        onNotice: () => register.#reloadLogged(),
        onReconnected: () => register.#reloadLogged(),
      });
      await register.#reload();
    } catch (error) {
      await register.close();
      throw error;
    }
    return register;
  }

  has(flightId: string): boolean {
    return this.#archived.has(flightId);
  }

  ids(): string[] {
    return [...this.#archived.keys()];
  }

  async record(flightIds: readonly string[], at: Date): Promise<void> {
    if (flightIds.length === 0) return;
    // The first hub to archive a flight sets its time; the others' records change nothing.
    await this.#write(
      `INSERT INTO archived_flights (flight_id, archived_at)
       SELECT id, $2 FROM unnest($1::text[]) AS id
       ON CONFLICT (flight_id) DO NOTHING`,
      [flightIds, at.toISOString()],
    );
    for (const id of flightIds) if (!this.#archived.has(id)) this.#archived.set(id, at.getTime());
  }

  archivedBefore(before: Date): string[] {
    const limit = before.getTime();
    return [...this.#archived].filter(([, at]) => at < limit).map(([id]) => id);
  }

  async forget(flightIds: readonly string[]): Promise<void> {
    if (flightIds.length === 0) return;
    await this.#write('DELETE FROM archived_flights WHERE flight_id = ANY($1::text[])', [
      flightIds,
    ]);
    for (const id of flightIds) this.#archived.delete(id);
  }

  /** Stops following and ends the pool, which is this register's own. */
  async close(): Promise<void> {
    await this.#listener?.close();
    this.#listener = null;
    await this.#reloading;
    await this.pool.end();
  }

  /** The statement and its announcement in one transaction: durable when resolved. */
  async #write(sql: string, values: unknown[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(sql, values);
      await client.query('SELECT pg_notify($1, $2)', [ARCHIVE_CHANNEL, '']);
    });
  }

  async #reload(): Promise<void> {
    const { rows } = await this.pool.query<{ flight_id: string; at_ms: string }>(
      `SELECT flight_id, (extract(epoch FROM archived_at) * 1000)::bigint AS at_ms
       FROM archived_flights`,
    );
    this.#archived = new Map(rows.map((row) => [row.flight_id, Number(row.at_ms)]));
  }

  /** Reloads one at a time (a notice during a reload reloads again after it). */
  #reloadLogged(): void {
    this.#reloading = this.#reloading
      .then(() => this.#reload())
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'reading the archived flights failed; kept the copy'),
      );
  }
}
