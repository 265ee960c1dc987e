import type { DispatcherClock } from '../server/notifications/dispatcher';

/** A clock that moves only when told to; due timers run on `advance`. */
export class ManualClock implements DispatcherClock {
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private nextId = 1;

  constructor(private current = Date.parse('2026-11-21T06:00:00.000Z')) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.current + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Moves time forward, running each timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const next = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.current = Math.max(this.current, next.at);
      next.callback();
    }
    this.current = until;
  }
}
