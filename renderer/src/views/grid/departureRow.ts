import type { Flight } from '../../../../core';

/** A grid row: the flight as shown (hub version plus a pending change) and its edit state. */
export type DepartureRow = Flight & {
  pending: boolean;
  refusal: string | null;
  /** `etd` and `std` as epoch ms: the grid sorts 10,000 rows by them without parsing dates. */
  etdTime: number;
  stdTime: number;
};
