/** Departure times as minutes of the day (0-1439), spread over DEL's realistic banks. */
import type { Prng } from '../../server/demo/prng';

/** Relative departure weights per local hour at DEL: morning and evening banks, thin night. */
export const DOMESTIC_HOURS = [
  0.4, 0.2, 0.1, 0.1, 0.3, 3, 9, 10, 9, 7, 5, 4, 3.5, 3.5, 4, 4, 5.5, 7, 9, 9, 8, 6, 4, 2,
];
/** International departures at DEL cluster late evening and after midnight, plus a midday wave. */
export const INTERNATIONAL_HOURS = [
  5, 6, 5, 3, 2, 1.5, 1.5, 2.5, 3, 3, 3, 3, 3, 4, 4, 3, 2, 2, 2, 3, 4, 5, 5, 5,
];

export function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Circular distance between two minutes of the day. */
export function circularGap(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}

/**
 * A departure minute (on a 5-minute grid) drawn from the hourly weights, kept apart from the
 * route's other departures so that a route flown N times a day is spread over the day.
 */
export function pickDepartureMinutes(
  prng: Prng,
  weights: number[],
  taken: number[],
  count: number,
): number {
  const minGap = Math.min(80, Math.floor((1440 / count) * 0.5));
  const hours = weights.map((weight, hour) => [hour, weight] as const);
  let best = 0;
  let bestGap = -1;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const hour = prng.weighted(hours);
    const minutes = hour * 60 + prng.int(0, 11) * 5;
    const gap = taken.length === 0 ? 1440 : Math.min(...taken.map((t) => circularGap(t, minutes)));
    if (gap >= minGap) return minutes;
    if (gap > bestGap) {
      best = minutes;
      bestGap = gap;
    }
  }
  return best;
}
