/** A token bucket: `perSecond` tokens refill, at most `burst` saved up. */
export class TokenBucket {
  #tokens: number;
  #last: number;
  constructor(
    private readonly rate: { perSecond: number; burst: number },
    now: number,
  ) {
    this.#tokens = rate.burst;
    this.#last = now;
  }
  /** Takes `count` tokens if there are that many (then true); else takes none. */
  take(now: number, count = 1): boolean {
    this.#tokens = Math.min(
      this.rate.burst,
      this.#tokens + ((now - this.#last) / 1000) * this.rate.perSecond,
    );
    this.#last = now;
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }
}
