/**
 * Slows password guessing: sign-in attempts are counted per username and per client address
 * over a sliding window; past the limit, further attempts are refused (429 RATE_LIMITED with
 * Retry-After) without checking the password, until the oldest counted attempt leaves the window.
 * The address limit is higher: several agents may share one address (NAT, a terminal server).
 *
 * An attempt is counted when it starts, before the password is checked (`begin`, synchronous),
 * so however many guesses arrive at once, at most the limit of them is ever checked in a window.
 * A successful attempt is credited back: it clears the username's count and takes its own slot
 * back from the address, so only failures remain counted.
 */
export interface LoginThrottleOptions {
  /** Attempts per username within the window before refusing (default 5). */
  maxPerUser?: number;
  /** Attempts per client address within the window before refusing (default 20). */
  maxPerAddress?: number;
  /** Window in milliseconds (default 15 minutes). */
  windowMs?: number;
  now?: () => number;
}

/** A counted attempt: say how it ended once the password has been checked. */
export interface LoginAttempt {
  allowed: true;
  /** The right password: the username's count is cleared, the address's slot given back. */
  succeeded(): void;
  /** Anything else (wrong password, unknown or disabled user, an error): stays counted. */
  failed(): void;
}

export type LoginAttemptDecision = LoginAttempt | { allowed: false; retryAfterSeconds: number };

/**
 * What the sign-in route asks before checking a password: this process's LoginThrottle (one
 * hub), or the database's (PostgresLoginThrottle: every hub counts together).
 */
export interface SignInThrottle {
  begin(username: string, address: string): LoginAttemptDecision | Promise<LoginAttemptDecision>;
}

/**
 * Milliseconds to wait before another attempt, given the counted attempts' times (ascending):
 * until enough have left the window to go below `max`; 0 while under it.
 */
export function waitBeforeNextAttempt(
  times: readonly number[],
  max: number,
  windowMs: number,
  now: number,
): number {
  if (times.length < max) return 0;
  const release = times[times.length - max]! + windowMs;
  return Math.max(1000, release - now);
}

/** Keys tracked per kind; beyond this the least recently tried are forgotten (memory bound). */
const MAX_TRACKED_KEYS = 10_000;

export class LoginThrottle implements SignInThrottle {
  readonly #maxPerUser: number;
  readonly #maxPerAddress: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #users = new Map<string, number[]>();
  readonly #addresses = new Map<string, number[]>();

  constructor(options: LoginThrottleOptions = {}) {
    this.#maxPerUser = options.maxPerUser ?? 5;
    this.#maxPerAddress = options.maxPerAddress ?? 20;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes a slot for one attempt of `username` from `address`, or refuses with the seconds to
   * wait. Synchronous on purpose: the check and the count cannot be interleaved by other requests.
   */
  begin(username: string, address: string): LoginAttemptDecision {
    const user = username.toLowerCase();
    const wait = Math.max(
      this.#wait(this.#users, user, this.#maxPerUser),
      this.#wait(this.#addresses, address, this.#maxPerAddress),
    );
    if (wait > 0) return { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    const at = this.#now();
    this.#record(this.#users, user, at);
    this.#record(this.#addresses, address, at);
    let settled = false;
    return {
      allowed: true,
      succeeded: () => {
        if (settled) return;
        settled = true;
        this.#users.delete(user);
        this.#release(this.#addresses, address, at);
      },
      failed: () => {
        settled = true;
      },
    };
  }

  #recent(map: Map<string, number[]>, key: string): number[] {
    const since = this.#now() - this.#windowMs;
    const times = (map.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) map.delete(key);
    else map.set(key, times);
    return times;
  }

  #wait(map: Map<string, number[]>, key: string, max: number): number {
    return waitBeforeNextAttempt(this.#recent(map, key), max, this.#windowMs, this.#now());
  }

  #record(map: Map<string, number[]>, key: string, at: number): void {
    const times = this.#recent(map, key);
    times.push(at);
    // Re-insert to keep the map in least-recently-tried order for eviction.
    map.delete(key);
    map.set(key, times.slice(-100));
    if (map.size > MAX_TRACKED_KEYS) map.delete(map.keys().next().value!);
  }

  #release(map: Map<string, number[]>, key: string, at: number): void {
    const times = map.get(key);
    const index = times?.lastIndexOf(at) ?? -1;
    if (index < 0) return;
    times!.splice(index, 1);
    if (times!.length === 0) map.delete(key);
  }
}
