import { z } from 'zod';

/**
 * Schedule imports (contract section 7, `POST /api/schedules`): what the hub takes and what it
 * answers, shared so the console checks a file the way the hub will and reads the same report.
 */
export const SCHEDULE_FORMATS = ['ssim', 'csv'] as const;
export type ScheduleFormat = (typeof SCHEDULE_FORMATS)[number];

/** The largest schedule file the hub takes (contract section 7); bigger is 413. */
export const SCHEDULE_MAX_BYTES = 50 * 1024 * 1024;

/** An import's (or its dry run's) answer, as the console reads it. */
export const scheduleImportReportSchema = z.object({
  legs: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  flights: z.object({
    created: z.number().int().nonnegative(),
    updated: z.number().int().nonnegative(),
    unchanged: z.number().int().nonnegative(),
    cancelled: z.number().int().nonnegative(),
  }),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Extension: blank overnight date variations read as "arrives the next day". */
  inferredNextDay: z.number().int().nonnegative().default(0),
  dryRun: z.boolean(),
});
export type ScheduleImportReport = z.infer<typeof scheduleImportReportSchema>;

/** A line of the file the hub refused, "line 14: unknown airport ..." (at most 100 reported). */
export const scheduleLineErrorSchema = z.object({
  line: z.number().int().nonnegative(),
  message: z.string(),
});
export type ScheduleLineErrorReport = z.infer<typeof scheduleLineErrorSchema>;
