/**
 * Long loops in the hub (reading a 20,000-leg schedule) must not hold the event loop: agents'
 * acks wait behind any synchronous run. A TimeSlicer lets a loop run for a small time budget,
 * then hands the event loop back (setImmediate lets pending I/O and timers go first).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export const DEFAULT_SLICE_MS = 4;

export class TimeSlicer {
  private sliceStart = performance.now();
  /** How many times the loop gave the event loop back. */
  yields = 0;

  constructor(private readonly budgetMs = DEFAULT_SLICE_MS) {}

  /** True when the budget of the current slice is spent: the caller should `await yield()`. */
  get due(): boolean {
    return performance.now() - this.sliceStart >= this.budgetMs;
  }

  async yield(): Promise<void> {
    this.yields += 1;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
