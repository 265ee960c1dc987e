import { DateTime } from 'luxon';
import { z } from 'zod';

/** A local calendar date at the airport, `YYYY-MM-DD` (the `date` query of section 11). */
export const localDateSchema = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

/**
 * The instants a local date covers in the given IANA zone, as epoch milliseconds: `start`
 * included, `end` (the next local midnight) excluded. A day with a DST change is 23 or 25 hours.
 * Throws a RangeError for an invalid date or zone: callers validate input with
 * `localDateSchema` first, so this is a programming error.
 */
export function localDaySpan(date: string, timeZone: string): { start: number; end: number } {
  const start = DateTime.fromISO(date, { zone: timeZone });
  if (!start.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new RangeError(`no local day "${date}" in time zone "${timeZone}"`);
  }
  return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

/** The local date (`YYYY-MM-DD`) of an instant in the given IANA zone. */
export function localDateOf(instant: string | number, timeZone: string): string {
  const time =
    typeof instant === 'number'
      ? DateTime.fromMillis(instant, { zone: timeZone })
      : DateTime.fromISO(instant, { zone: timeZone });
  const date = time.toISODate();
  if (!date) throw new RangeError(`no local date for "${instant}" in time zone "${timeZone}"`);
  return date;
}

/** Today's local date at the airport. */
export function localToday(timeZone: string, now: number = Date.now()): string {
  return localDateOf(now, timeZone);
}
