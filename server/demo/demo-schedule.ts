/**
 * The demo airport's schedule: resources/demo/del-schedule.csv, a CSV schedule like any airline's
 * (derived from OpenFlights by scripts/derive-demo-data.ts, ODbL 1.0, see resources/demo). Its
 * period is a placeholder (2025–2035): the hub lays it out on the days it shows
 * (`demoScheduleLegsOver`, `demoScheduleTextOver` narrow it to given dates).
 */
import { readFileSync } from 'node:fs';
import { isoDate, parseIsoDate } from '../schedules/calendar-dates';
import { readCsvSchedule } from '../schedules/csv-reader';
import type { ScheduleLeg } from '../schedules/schedule-leg';

export const DEMO_AIRPORT = 'DEL';
export const DEMO_TIME_ZONE = 'Asia/Kolkata';
export const DEMO_SCHEDULE_FILE = new URL('../../resources/demo/del-schedule.csv', import.meta.url);

/** The schedule file's text, as an import would receive it. */
export function readDemoScheduleText(): string {
  return readFileSync(DEMO_SCHEDULE_FILE, 'utf8');
}

let legs: Promise<ScheduleLeg[]> | null = null;

/** The schedule's legs, read once; throws if the shipped file does not read cleanly. */
export function demoScheduleLegs(): Promise<ScheduleLeg[]> {
  legs ??= readCsvSchedule(readDemoScheduleText(), { airport: DEMO_AIRPORT }).then((result) => {
    if (result.errorCount > 0) {
      throw new Error(`del-schedule.csv does not read cleanly: ${result.errors[0]?.message}`);
    }
    return result.legs;
  });
  return legs;
}

/**
 * The legs with their period narrowed so that they make exactly the flights whose movement here
 * falls on the local dates `from`..`to`: an arrival that left its origin the day before (sta
 * "+1") starts a day earlier. This is what a demo started on any date imports.
 */
export async function demoScheduleLegsOver(from: string, to: string): Promise<ScheduleLeg[]> {
  const first = requireDate(from);
  const last = requireDate(to);
  return (await demoScheduleLegs()).map((leg) => {
    const shift = leg.origin === DEMO_AIRPORT ? 0 : leg.arrivalDayOffset;
    return { ...leg, from: isoDate(first - shift), to: isoDate(last - shift) };
  });
}

/** The schedule file's text with `demoScheduleLegsOver`'s periods, for the import path. */
export function demoScheduleTextOver(from: string, to: string): string {
  const first = requireDate(from);
  const last = requireDate(to);
  const [header = '', ...rows] = readDemoScheduleText().trimEnd().split('\n');
  const columns = header.split(',');
  const at = (name: string) => columns.indexOf(name);
  const lines = rows.map((row) => {
    const fields = row.split(',');
    // The file is ours and unquoted; an arrival's sta carries its date variation ("06:55+1").
    const variation = /([+-]\d)$/.exec(fields[at('sta')] ?? '')?.[1];
    const shift = fields[at('origin')] === DEMO_AIRPORT ? 0 : Number(variation ?? 0);
    fields[at('from')] = isoDate(first - shift);
    fields[at('to')] = isoDate(last - shift);
    return fields.join(',');
  });
  return `${[header, ...lines].join('\n')}\n`;
}

function requireDate(text: string): number {
  const day = parseIsoDate(text);
  if (day === null) throw new Error(`"${text}" is not a date YYYY-MM-DD`);
  return day;
}
