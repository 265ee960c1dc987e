import type { Logger } from 'pino';
import type pg from 'pg';
import { describeZodError } from '../../core';
import { HubError } from '../hub-error';
import type { ScheduleLeg } from './schedule-leg';
import { scheduleLegsSchema, type ScheduleStore } from './schedule-store';

/**
 * The schedules of several hubs: one document in PostgreSQL's `schedules`, with a version. Each
 * hub keeps a copy (the rolling window reads it synchronously) and looks at the version every
 * `pollMs`, so an import on one hub reaches every hub's window within that. An import replaces
 * the legs only if nobody replaced them since this hub read them (else CONFLICT: import again),
 * so two imports on two hubs never drop each other's legs.
 */
export class PostgresScheduleStore implements ScheduleStore {
  #legs: readonly ScheduleLeg[] = [];
  #version = 0;
  #timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {}

  static async open(
    pool: pg.Pool,
    logger: Logger,
    options: { pollMs?: number } = {},
  ): Promise<PostgresScheduleStore> {
    const store = new PostgresScheduleStore(pool, logger);
    await store.reload();
    store.#timer = setInterval(() => {
      store.reload().catch((error: unknown) => {
        logger.warn({ err: error }, 'the schedules could not be read; keeping the hub’s copy');
      });
    }, options.pollMs ?? 2_000);
    store.#timer.unref();
    return store;
  }

  legs(): readonly ScheduleLeg[] {
    return this.#legs;
  }

  async replace(legs: readonly ScheduleLeg[]): Promise<void> {
    const { rows } = await this.pool.query<{ version: string }>(
      `UPDATE schedules SET legs = $1::jsonb, version = version + 1 WHERE version = $2
       RETURNING version`,
      [JSON.stringify(legs), this.#version],
    );
    if (!rows[0]) {
      await this.reload();
      throw new HubError(
        'CONFLICT',
        'the schedules were changed on another hub meanwhile; import the file again',
      );
    }
    this.#legs = legs;
    this.#version = Number(rows[0].version);
  }

  /** Reads the legs again when another hub replaced them. */
  async reload(): Promise<void> {
    const { rows } = await this.pool.query<{ version: string; legs: unknown }>(
      `SELECT version, CASE WHEN version <> $1 THEN legs END AS legs FROM schedules`,
      [this.#version],
    );
    const row = rows[0];
    if (!row || Number(row.version) === this.#version) return;
    const parsed = scheduleLegsSchema.safeParse(row.legs);
    if (!parsed.success) {
      this.logger.error(
        { problem: describeZodError(parsed.error, 'legs') },
        'the schedules in the database are not valid; keeping the hub’s copy',
      );
      return;
    }
    this.#legs = parsed.data;
    this.#version = Number(row.version);
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
