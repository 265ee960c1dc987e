/**
 * Exponential backoff with jitter for the feed producers: each failure doubles the wait up to a
 * ceiling, each wait is drawn from its upper half so that producers restarted together do not
 * retry in step, and a success starts over.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Uniform in [0, 1); injected for deterministic tests. */
  random?: () => number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;
  private attempts = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  /** Failures since the last success. */
  get failures(): number {
    return this.attempts;
  }

  /** The wait before the next attempt, after one more failure. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** this.attempts);
    this.attempts += 1;
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempts = 0;
  }
}
