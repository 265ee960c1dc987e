import type { FlightStatus } from '../../../core';

/** Statuses of a flight that has already moved here: left, on block, or gone elsewhere. */
const GONE = new Set<FlightStatus>(['DEPARTED', 'ON_BLOCK', 'DIVERTED']);

/**
 * What "go to flight" opens (the quick filter, then Enter; a number typed in the gate plan's move
 * form), from the candidates in the order shown: the first whose flight has not already moved
 * here, else the first. A number flies every day, so late in the evening the grid holds today's
 * flight, gone an hour ago, above tomorrow's: the agent typing it means tomorrow's. A cancelled
 * flight is still opened: it is still to be handled (rebooked, reinstated). `statusOf` answers
 * undefined for a candidate that is no flight (a group row), which is passed over.
 */
export function toGoTo<T>(
  candidates: Iterable<T>,
  statusOf: (candidate: T) => FlightStatus | undefined,
): T | undefined {
  let first: T | undefined;
  for (const candidate of candidates) {
    const status = statusOf(candidate);
    if (!status) continue;
    if (!GONE.has(status)) return candidate;
    first ??= candidate;
  }
  return first;
}
