import type { Flight, FlightStatus } from '../../../core';

/** Statuses of a flight that has already moved here: left, on block, or gone elsewhere. */
const GONE = new Set<FlightStatus>(['DEPARTED', 'ON_BLOCK', 'DIVERTED']);

/**
 * The row "go to flight" opens (the quick filter, then Enter), from the rows the filter left in
 * the grid's order: the first whose flight has not already moved here, else the first. A number
 * flies every day, so late in the evening the grid holds today's flight, gone an hour ago, above
 * tomorrow's: the agent typing it means tomorrow's. A cancelled flight is still opened: it is
 * still to be handled (rebooked, reinstated).
 */
export function rowToGoTo<Row extends { data?: Pick<Flight, 'status'> }>(
  rows: Iterable<Row>,
): Row | undefined {
  let first: Row | undefined;
  for (const row of rows) {
    if (!row.data) continue;
    if (!GONE.has(row.data.status)) return row;
    first ??= row;
  }
  return first;
}
