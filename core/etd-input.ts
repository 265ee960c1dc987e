import { DateTime } from 'luxon';
import type { Flight } from './flight';

export type EtdInputResult = { ok: true; etd: string } | { ok: false; message: string };

/**
 * Reads what an agent types for a new departure time:
 * - `+25` or `25`: a delay of 25 minutes against the scheduled time (`0` or `+0`: on time);
 * - `14:35` or `1435`: a local time at the departure airport, on the day that puts it
 *   closest to the scheduled time (so 00:20 after a 23:50 departure means the next day).
 */
export function parseEtdInput(
  input: string,
  flight: Pick<Flight, 'std'>,
  timeZone: string,
): EtdInputResult {
  const text = input.trim();
  const std = DateTime.fromISO(flight.std, { zone: timeZone });
  if (!std.isValid) return { ok: false, message: `unknown time zone "${timeZone}"` };

  const delay = /^\+?(\d{1,4})$/.exec(text);
  if (delay && !/^\d{4}$/.test(text)) {
    const minutes = Number(delay[1]);
    return { ok: true, etd: std.plus({ minutes }).toUTC().toISO()! };
  }
  const clock = /^(\d{1,2}):?(\d{2})$/.exec(text);
  if (clock) {
    const hour = Number(clock[1]);
    const minute = Number(clock[2]);
    if (hour > 23 || minute > 59) return { ok: false, message: `"${text}" is not a valid time` };
    const candidates = [-1, 0, 1].map((days) =>
      std.plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }),
    );
    const closest = candidates.reduce((best, candidate) =>
      Math.abs(candidate.diff(std).as('minutes')) < Math.abs(best.diff(std).as('minutes'))
        ? candidate
        : best,
    );
    return { ok: true, etd: closest.toUTC().toISO()! };
  }
  return {
    ok: false,
    message: `"${text}" is neither a delay in minutes (+25) nor a local time (14:35)`,
  };
}

/** Formats an instant as HH:mm in the given zone. */
export function formatLocalTime(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('HH:mm');
}
