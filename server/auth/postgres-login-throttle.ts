import type { Logger } from 'pino';
import type pg from 'pg';
import {
  waitBeforeNextAttempt,
  type LoginAttemptDecision,
  type LoginThrottleOptions,
  type SignInThrottle,
} from './login-throttle';

type Kind = 'user' | 'address';

/**
 * Takes a slot for one attempt of a key, in one statement: the row (created when missing) keeps
 * only the times still in the window plus this one, and is written only while fewer than the
 * limit are counted. Concurrent attempts of every hub queue on the row's lock, and each sees the
 * row as the one before left it (ON CONFLICT DO UPDATE reads the latest version), so no two can
 * take the last slot. No row returned: refused, nothing counted.
 */
const TAKE_SLOT = `
  INSERT INTO login_attempts AS a (kind, key, times) VALUES ($1, $2, ARRAY[$3::bigint])
  ON CONFLICT (kind, key) DO UPDATE
    SET times = ARRAY(SELECT t FROM unnest(a.times) t WHERE t > $3::bigint - $5 ORDER BY t)
      || $3::bigint
    WHERE (SELECT count(*) FROM unnest(a.times) t WHERE t > $3::bigint - $5) < $4
  RETURNING cardinality(times) AS count`;

/** Gives back one slot (`$3`) of a key: an attempt that succeeded, or one refused by the other key. */
const GIVE_BACK = `
  UPDATE login_attempts
    SET times = times[:array_position(times, $3::bigint) - 1]
      || times[array_position(times, $3::bigint) + 1:]
    WHERE kind = $1 AND key = $2 AND array_position(times, $3::bigint) IS NOT NULL`;

/**
 * The login throttle of several hubs (login-throttle.ts has the rules): the counts live in
 * PostgreSQL's `login_attempts`, so the sixth wrong guess is refused whichever hub each guess
 * reached. Per username first, then per address; an address refusal gives the username's slot
 * back. Times come from the hub's clock (hubs' clocks are assumed in step, as for tokens).
 */
export class PostgresLoginThrottle implements SignInThrottle {
  readonly #maxPerUser: number;
  readonly #maxPerAddress: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #lastPruned = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    options: LoginThrottleOptions = {},
  ) {
    this.#maxPerUser = options.maxPerUser ?? 5;
    this.#maxPerAddress = options.maxPerAddress ?? 20;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  async begin(username: string, address: string): Promise<LoginAttemptDecision> {
    const user = username.toLowerCase();
    const at = this.#now();
    await this.#pruneNowAndThen(at);
    if (!(await this.#take('user', user, this.#maxPerUser, at))) {
      return this.#refusal('user', user, this.#maxPerUser, at);
    }
    if (!(await this.#take('address', address, this.#maxPerAddress, at))) {
      await this.#giveBack('user', user, at);
      return this.#refusal('address', address, this.#maxPerAddress, at);
    }
    let settled = false;
    return {
      allowed: true,
      succeeded: () => {
        if (settled) return;
        settled = true;
        // Only failures stay counted: the username's count is cleared, the address's slot back.
        this.pool
          .query(
            `WITH cleared AS (DELETE FROM login_attempts WHERE kind = 'user' AND key = $4)
             ${GIVE_BACK}`,
            ['address', address, at, user],
          )
          .catch((error: unknown) => {
            this.logger.warn({ err: error }, 'could not credit back a successful sign-in');
          });
      },
      failed: () => {
        settled = true;
      },
    };
  }

  async #take(kind: Kind, key: string, max: number, at: number): Promise<boolean> {
    const { rows } = await this.pool.query(TAKE_SLOT, [kind, key, at, max, this.#windowMs]);
    return rows.length > 0;
  }

  async #giveBack(kind: Kind, key: string, at: number): Promise<void> {
    await this.pool.query(GIVE_BACK, [kind, key, at]);
  }

  /** How long to wait: read after the refusal, only to word it. */
  async #refusal(kind: Kind, key: string, max: number, at: number): Promise<LoginAttemptDecision> {
    const { rows } = await this.pool.query<{ times: number[] }>(
      `SELECT ARRAY(SELECT t FROM unnest(times) t WHERE t > $3::bigint - $4 ORDER BY t)::float8[]
         AS times
       FROM login_attempts WHERE kind = $1 AND key = $2`,
      [kind, key, at, this.#windowMs],
    );
    const wait = waitBeforeNextAttempt(rows[0]?.times ?? [], max, this.#windowMs, at);
    return { allowed: false, retryAfterSeconds: Math.ceil(Math.max(wait, 1000) / 1000) };
  }

  /** Keys with no attempt left in the window are forgotten, at most once a window. */
  async #pruneNowAndThen(at: number): Promise<void> {
    if (at - this.#lastPruned < this.#windowMs) return;
    this.#lastPruned = at;
    await this.pool.query(
      'DELETE FROM login_attempts WHERE cardinality(times) = 0 OR times[cardinality(times)] <= $1',
      [at - this.#windowMs],
    );
  }
}
