import { DateTime } from 'luxon';
import type { Direction, Flight } from './flight';

export type EtdInputResult =
  | {
      ok: true;
      etd: string;
      /** Set when the new time is earlier than the current estimate: say so before sending. */
      warning: string | null;
    }
  | { ok: false; message: string };

/**
 * Reads what an agent types for a new departure time (issue 10: `+25` means "25 minutes more");
 * an arrival's ETA is read the same way, its STA/ETA passed as `std`/`etd`:
 * - `+25` or `25`: 25 minutes later than the current estimate; `-10`: 10 minutes earlier;
 * - `s+25`, `s25`: 25 minutes after the scheduled time (`s` or `s+0`: back on time);
 * - `14:35` or `1435`: a local time at the departure airport, on the day that puts it
 *   closest to the scheduled time (so 00:20 after a 23:50 departure means the next day).
 * Any result earlier than the current estimate carries a warning in local time, worded for the
 * flight's `direction`.
 */
export function parseEtdInput(
  input: string,
  flight: Pick<Flight, 'std' | 'etd'>,
  timeZone: string,
  direction: Direction = 'departure',
): EtdInputResult {
  const text = input.trim().toLowerCase();
  const std = DateTime.fromISO(flight.std, { zone: timeZone });
  const etd = DateTime.fromISO(flight.etd, { zone: timeZone });
  if (!std.isValid || !etd.isValid)
    return { ok: false, message: `unknown time zone "${timeZone}"` };
  const result = (at: DateTime) => withWarning(at, etd, direction);

  const fromSchedule = /^s\s*\+?\s*(\d{1,4})?$/.exec(text);
  if (fromSchedule) return result(std.plus({ minutes: Number(fromSchedule[1] ?? 0) }));
  const relative = /^([+-]?)\s*(\d{1,4})$/.exec(text);
  if (relative && !(relative[1] === '' && /^\d{4}$/.test(text))) {
    const minutes = Number(relative[2]) * (relative[1] === '-' ? -1 : 1);
    return result(etd.plus({ minutes }));
  }
  const clock = /^(\d{1,2}):?(\d{2})$/.exec(text);
  if (clock) {
    const hour = Number(clock[1]);
    const minute = Number(clock[2]);
    if (hour > 23 || minute > 59)
      return { ok: false, message: `"${input.trim()}" is not a valid time` };
    const candidates = [-1, 0, 1].map((days) =>
      std.plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }),
    );
    const closest = candidates.reduce((best, candidate) =>
      Math.abs(candidate.diff(std).as('minutes')) < Math.abs(best.diff(std).as('minutes'))
        ? candidate
        : best,
    );
    return result(closest);
  }
  return {
    ok: false,
    message: `"${input.trim()}" is not a time: type +25 (25 minutes later than now estimated), s+25 (25 minutes after the schedule) or a local time (14:35)`,
  };
}

const EARLIER_CONSEQUENCE: Record<Direction, string> = {
  departure: 'passengers will be told the flight leaves earlier',
  arrival: 'the boards will show the flight landing earlier',
};

function withWarning(at: DateTime, current: DateTime, direction: Direction): EtdInputResult {
  const etd = at.toUTC().toISO()!;
  const earlier = Math.round(current.diff(at).as('minutes'));
  const warning =
    earlier > 0
      ? `${at.toFormat('HH:mm')} is ${earlier} min earlier than the current estimate ${current.toFormat('HH:mm')}: ${EARLIER_CONSEQUENCE[direction]}`
      : null;
  return { ok: true, etd, warning };
}

/** Formats an instant as HH:mm in the given zone. */
export function formatLocalTime(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('HH:mm');
}
