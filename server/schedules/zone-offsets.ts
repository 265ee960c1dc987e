/**
 * Local date and time at an airport to a UTC instant, through the airport's IANA zone (legs of a
 * CSV schedule carry no UTC offsets). luxon does the zone rules; as it is slow for thousands of
 * flights, each zone's offset is worked out once per local date and reused for every time of
 * that date, except on the dates the clocks change, where each time is resolved on its own.
 */
import { DateTime } from 'luxon';
import { instantAt, isoDate } from './calendar-dates';

const MAX_CACHED_DAYS = 20_000;
/** Offset in minutes for a zone on a date without a clock change, or null on a change date. */
const offsetsByZoneDay = new Map<string, number | null>();

function localDateTime(zone: string, day: number, minuteOfDay: number): DateTime {
  const [year, month, date] = isoDate(day).split('-').map(Number) as [number, number, number];
  return DateTime.fromObject(
    { year, month, day: date, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 },
    { zone },
  );
}

function steadyOffset(zone: string, day: number): number | null {
  const key = `${zone}|${day}`;
  let offset = offsetsByZoneDay.get(key);
  if (offset === undefined) {
    const start = localDateTime(zone, day, 0).offset;
    const end = localDateTime(zone, day, 1439).offset;
    offset = start === end ? start : null;
    if (offsetsByZoneDay.size >= MAX_CACHED_DAYS) offsetsByZoneDay.clear();
    offsetsByZoneDay.set(key, offset);
  }
  return offset;
}

/**
 * The UTC instant (ISO) of a local date (day number) and minute of the day in an IANA zone. A
 * local time the clocks skip (02:30 on a spring-forward night) is taken an hour later, as luxon
 * does; a repeated one (autumn) is its first occurrence.
 */
export function zonedInstant(zone: string, day: number, minuteOfDay: number): string {
  const offset = steadyOffset(zone, day);
  if (offset !== null) return instantAt(day, minuteOfDay, offset);
  return localDateTime(zone, day, minuteOfDay).toUTC().toISO() as string;
}

/** The zone's UTC offset in minutes at a local date and time (see zonedInstant). */
export function zonedOffset(zone: string, day: number, minuteOfDay: number): number {
  const offset = steadyOffset(zone, day);
  return offset ?? localDateTime(zone, day, minuteOfDay).offset;
}
