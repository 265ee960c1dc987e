/**
 * Local calendar dates as whole day numbers (days since 1970-01-01), so schedules can step
 * through periods, days of the week and date variations with integer arithmetic. A day number
 * is a date, not an instant: it has no zone.
 */

const MS_PER_DAY = 86_400_000;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function dayNumberOf(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  // Date.UTC rolls 31 Feb over into March: a date that does not come back unchanged is invalid.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

/** "2026-11-28" as a day number, or null when it is not a real date in that format. */
export function parseIsoDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  return dayNumberOf(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * SSIM's DDMMMYY ("27OCT26") as a day number, or null. Two-digit years are 2000-2099: SSIM has
 * no century, and schedules are about the coming seasons.
 */
export function parseSsimDate(text: string): number | null {
  const match = /^(\d{2})([A-Z]{3})(\d{2})$/.exec(text);
  if (!match) return null;
  const month = MONTHS.indexOf(match[2] as string) + 1;
  if (month === 0) return null;
  return dayNumberOf(2000 + Number(match[3]), month, Number(match[1]));
}

/** The day number as "YYYY-MM-DD". */
export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO day of the week: Monday = 1 ... Sunday = 7 (1970-01-01 was a Thursday). */
export function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Days of operation moved by whole days, e.g. [1, 7] by +1 is [1, 2] (Sunday becomes Monday). */
export function shiftWeekdays(days: readonly number[], by: number): number[] {
  return days.map((day) => ((((day - 1 + by) % 7) + 7) % 7) + 1).sort((a, b) => a - b);
}

/** The UTC instant of a local date and minute of day at a fixed offset from UTC, as ISO text. */
export function instantAt(
  dayNumber: number,
  minuteOfDay: number,
  utcOffsetMinutes: number,
): string {
  return new Date((dayNumber * 1440 + minuteOfDay - utcOffsetMinutes) * 60_000).toISOString();
}

/** "14:05" as minutes after midnight; null unless it is a time of day 00:00-23:59. */
export function parseClock(text: string): number | null {
  const match = /^(\d{1,2}):?(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

/** Minutes after midnight as "HH:MM". */
export function formatClock(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
