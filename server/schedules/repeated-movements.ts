/**
 * A flight can leave (or reach) this airport once a day: two legs of one designator that would
 * both do so on the same local date make two flights with one id. The schedule is refused with
 * both lines named. (Itinerary variations of one flight normally have disjoint dates.)
 */
import { departsOn, legCalendar, type LegCalendar } from './flight-instances';
import { isoDate } from './calendar-dates';
import { formatFlightNumber, type ScheduleLeg } from './schedule-leg';
import type { ScheduleReport } from './schedule-report';
import type { TimeSlicer } from './time-slicer';

interface Movement {
  leg: ScheduleLeg;
  calendar: LegCalendar;
  /** Days from the leg's departure date to the movement's local date here. */
  shift: number;
}

/** The first local date both movements happen, or null. */
function firstCommonDate(a: Movement, b: Movement): number | null {
  const start = Math.max(a.calendar.from + a.shift, b.calendar.from + b.shift);
  const end = Math.min(a.calendar.to + a.shift, b.calendar.to + b.shift);
  // Both patterns repeat every 14 days (weekdays, fortnights): two weeks of overlap decide it.
  for (let day = start; day <= end && day < start + 14; day += 1) {
    if (departsOn(a.calendar, day - a.shift) && departsOn(b.calendar, day - b.shift)) return day;
  }
  return null;
}

export async function reportRepeatedMovements(
  legs: readonly ScheduleLeg[],
  airport: string,
  report: ScheduleReport,
  slicer: TimeSlicer,
): Promise<void> {
  const groups = new Map<string, Movement[]>();
  const add = (key: string, movement: Movement) => {
    const group = groups.get(key);
    if (group) group.push(movement);
    else groups.set(key, [movement]);
  };
  for (const leg of legs) {
    const designator = `${leg.airline}|${Number(leg.flightNumber)}|${leg.suffix}`;
    const calendar = legCalendar(leg);
    if (leg.origin === airport) add(`D|${designator}`, { leg, calendar, shift: 0 });
    if (leg.destination === airport) {
      add(`A|${designator}`, { leg, calendar, shift: leg.arrivalDayOffset });
    }
  }
  for (const [key, group] of groups) {
    for (let j = 1; j < group.length; j += 1) {
      const later = group[j] as Movement;
      for (let i = 0; i < j; i += 1) {
        const earlier = group[i] as Movement;
        const day = firstCommonDate(earlier, later);
        if (day === null) continue;
        const verb = key.startsWith('D') ? 'leaves' : 'reaches';
        report.error(
          later.leg.line,
          `${formatFlightNumber(later.leg)} ${verb} ${airport} twice on ${isoDate(day)} (also line ${earlier.leg.line})`,
        );
        break;
      }
      if (slicer.due) await slicer.yield();
    }
  }
}
