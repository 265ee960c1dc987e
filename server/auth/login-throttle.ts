/**
 * Slows password guessing: failed logins are counted per username and per client address over
 * a sliding window; past the limit, further attempts are refused (429 RATE_LIMITED with
 * Retry-After) without checking the password, until the oldest counted failure leaves the window.
 * The address limit is higher: several agents may share one address (NAT, a terminal server).
 */
export interface LoginThrottleOptions {
  /** Failures per username within the window before refusing (default 5). */
  maxPerUser?: number;
  /** Failures per client address within the window before refusing (default 20). */
  maxPerAddress?: number;
  /** Window in milliseconds (default 15 minutes). */
  windowMs?: number;
  now?: () => number;
}

/** Keys tracked per kind; beyond this the least recently failed are forgotten (memory bound). */
const MAX_TRACKED_KEYS = 10_000;

export class LoginThrottle {
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

  /** Seconds to wait before another attempt is looked at; 0 when one may be made now. */
  retryAfterSeconds(username: string, address: string): number {
    const wait = Math.max(
      this.#wait(this.#users, username.toLowerCase(), this.#maxPerUser),
      this.#wait(this.#addresses, address, this.#maxPerAddress),
    );
    return Math.ceil(wait / 1000);
  }

  recordFailure(username: string, address: string): void {
    this.#record(this.#users, username.toLowerCase());
    this.#record(this.#addresses, address);
  }

  /** A successful login clears the username's failures (not the address's). */
  recordSuccess(username: string): void {
    this.#users.delete(username.toLowerCase());
  }

  #recent(map: Map<string, number[]>, key: string): number[] {
    const since = this.#now() - this.#windowMs;
    const times = (map.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) map.delete(key);
    else map.set(key, times);
    return times;
  }

  #wait(map: Map<string, number[]>, key: string, max: number): number {
    const times = this.#recent(map, key);
    if (times.length < max) return 0;
    // Allowed again once enough failures have left the window to go below the limit.
    const release = times[times.length - max]! + this.#windowMs;
    return Math.max(1000, release - this.#now());
  }

  #record(map: Map<string, number[]>, key: string): void {
    const times = this.#recent(map, key);
    times.push(this.#now());
    // Re-insert to keep the map in least-recently-failed order for eviction.
    map.delete(key);
    map.set(key, times.slice(-100));
    if (map.size > MAX_TRACKED_KEYS) map.delete(map.keys().next().value!);
  }
}
