/**
 * The demo airport's schedule: resources/demo/del-schedule.csv, a CSV schedule like any airline's
 * (derived from OpenFlights by scripts/derive-demo-data.ts, ODbL 1.0, see resources/demo). Its
 * period is a placeholder (2025–2035): the hub lays it out on the days it shows.
 */
import { readFileSync } from 'node:fs';
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
