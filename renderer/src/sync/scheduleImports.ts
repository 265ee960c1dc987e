import { z } from 'zod';
import {
  scheduleImportReportSchema,
  scheduleLineErrorSchema,
  type ScheduleFormat,
  type ScheduleImportReport,
  type ScheduleLineErrorReport,
} from '../../../core';
import { HubRequestError, hubFetch } from './hubHttp';

/** A big file takes the hub a while to read and apply; the progress bar shows it is working. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;

export type ScheduleImportOutcome =
  | { ok: true; report: ScheduleImportReport }
  | {
      ok: false;
      status: number;
      code: string;
      message: string;
      /** The lines the hub refused (at most 100), in file order. */
      errors: ScheduleLineErrorReport[];
    };

const refusalSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  errors: z.array(scheduleLineErrorSchema).optional(),
});

/**
 * `POST /api/schedules?format=…[&dryRun=1]` with the file as the body (contract section 7). The
 * hub's refusals come back as outcomes; only an unreachable hub or a garbled answer throws.
 */
export async function importSchedule(
  hubUrl: string,
  token: string,
  file: Blob,
  format: ScheduleFormat,
  dryRun: boolean,
): Promise<ScheduleImportOutcome> {
  const response = await hubFetch(
    hubUrl,
    `/api/schedules?format=${format}${dryRun ? '&dryRun=1' : ''}`,
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': format === 'csv' ? 'text/csv' : 'text/plain',
      },
      body: file,
    },
    IMPORT_TIMEOUT_MS,
  );
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const report = scheduleImportReportSchema.safeParse(body);
    if (report.success) return { ok: true, report: report.data };
    throw new HubRequestError("The hub's import report is malformed.", 'http');
  }
  const refusal = refusalSchema.safeParse(body);
  return {
    ok: false,
    status: response.status,
    code: refusal.success ? refusal.data.error.code : `HTTP ${response.status}`,
    message: refusal.success ? refusal.data.error.message : response.statusText || 'no details',
    errors: refusal.success ? [...(refusal.data.errors ?? [])].sort((a, b) => a.line - b.line) : [],
  };
}
