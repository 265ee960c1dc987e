import { isoDate, parseIsoDate } from './calendar-dates';
import type { ScheduleLeg } from './schedule-leg';

export interface SchedulePeriod {
  /** First local departure date, "YYYY-MM-DD". */
  from: string;
  /** Last local departure date, or null: open-ended. */
  to: string | null;
}

/**
 * Contract section 7: "For each airline in the file, the imported legs replace that airline's
 * schedule over the file's period." Stored legs of those airlines keep only their dates outside
 * the period (a leg across it is cut in two); every other airline's legs stay as they are.
 */
export function mergeSchedule(
  stored: readonly ScheduleLeg[],
  imported: {
    legs: readonly ScheduleLeg[];
    airlines: readonly string[];
    period: SchedulePeriod | null;
  },
): ScheduleLeg[] {
  const replaced = new Set(imported.airlines);
  const period = imported.period;
  const kept: ScheduleLeg[] = [];
  for (const leg of stored) {
    if (!replaced.has(leg.airline)) kept.push(leg);
    else if (period) kept.push(...outside(leg, period));
  }
  return [...kept, ...imported.legs];
}

/** The parts of a leg's period before and after `period` (none, one or two legs). */
function outside(leg: ScheduleLeg, period: SchedulePeriod): ScheduleLeg[] {
  const from = parseIsoDate(leg.from)!;
  const to = leg.to === null ? Infinity : parseIsoDate(leg.to)!;
  const cutFrom = parseIsoDate(period.from)!;
  const cutTo = period.to === null ? Infinity : parseIsoDate(period.to)!;
  const parts: ScheduleLeg[] = [];
  if (from < cutFrom) {
    parts.push({ ...leg, to: isoDate(Math.min(to, cutFrom - 1)) });
  }
  if (to > cutTo) {
    // A fortnightly leg keeps its rhythm: it resumes on the first of its operating weeks after.
    let resume = Math.max(from, cutTo + 1);
    if (leg.frequencyRate === 2) {
      const weeks = Math.ceil((resume - from) / 14);
      resume = from + weeks * 14;
    }
    if (resume <= to) {
      parts.push({ ...leg, from: isoDate(resume), to: to === Infinity ? null : isoDate(to) });
    }
  }
  return parts;
}
