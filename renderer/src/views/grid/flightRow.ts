import type { Flight } from '../../../../core';

/** A grid row: the flight as shown (hub version plus a pending change) and its edit state. */
export type FlightRow = Flight & {
  pending: boolean;
  refusal: string | null;
  /**
   * The movement here (STD/ETD of a departure, STA/ETA of an arrival) as epoch ms: the grid
   * sorts 10,000 rows by them without parsing dates.
   */
  scheduledTime: number;
  estimatedTime: number;
};
