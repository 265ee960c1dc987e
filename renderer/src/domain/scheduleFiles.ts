import {
  SCHEDULE_MAX_BYTES,
  type ScheduleFormat,
  type ScheduleImportProgress,
  type ScheduleImportReport,
  type ScheduleLineErrorReport,
} from '../../../core';

/*
 * What the console decides about a schedule file before and after the hub reads it: its format,
 * whether it may be sent at all, and the hub's answers in words a supervisor reads.
 */

export interface FormatGuess {
  format: ScheduleFormat | null;
  /** How it was told, shown next to the format ("from the .csv extension"). */
  reason: string;
}

/** SSIM record 1 opens every SSIM file (Chapter 7): "1AIRLINE STANDARD SCHEDULE DATA SET". */
const SSIM_HEADER = /^1AIRLINE STANDARD SCHEDULE DATA SET/;

/**
 * The format of a schedule file, from its extension, else from its first lines (`head`, a few
 * kilobytes are plenty): SSIM is 200-character records that start with their record type, CSV a
 * header line with commas. Null when neither fits: the supervisor chooses.
 */
export function detectScheduleFormat(fileName: string, head: string): FormatGuess {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'csv') return { format: 'csv', reason: 'from the .csv extension' };
  if (extension === 'ssim') return { format: 'ssim', reason: 'from the .ssim extension' };
  const lines = head
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, 12);
  const first = lines[0] ?? '';
  if (SSIM_HEADER.test(first)) return { format: 'ssim', reason: 'from its SSIM header record' };
  // The last line of `head` may be cut short: judge the complete ones.
  const whole = lines.slice(0, -1);
  if (whole.length > 0 && whole.every((line) => line.length === 200 && /^[0-5]/.test(line))) {
    return { format: 'ssim', reason: 'from its 200-character records' };
  }
  if (/,/.test(first) && /airline/i.test(first) && /flight_?number/i.test(first)) {
    return { format: 'csv', reason: 'from its CSV header line' };
  }
  return { format: null, reason: 'neither SSIM nor CSV by its name or first lines' };
}

/** Why a file is refused before it is sent (the hub takes at most 50 MB); null when it may go. */
export function fileSizeProblem(bytes: number): string | null {
  if (bytes === 0) return 'The file is empty.';
  if (bytes > SCHEDULE_MAX_BYTES) {
    return `The file is ${formatBytes(bytes)}; the hub takes schedule files up to ${formatBytes(SCHEDULE_MAX_BYTES)}. Split it by airline or by season.`;
  }
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface ReportFact {
  key: string;
  /** What the file held, or what it does (or did) to the flights in the live window. */
  group: 'file' | 'flights';
  label: string;
  value: string;
}

/** The report as rows: what the file held, then what it does (or did) to the live flights. */
export function reportFacts(report: ScheduleImportReport): ReportFact[] {
  const { created, updated, unchanged, cancelled } = report.flights;
  const facts: ReportFact[] = [
    { key: 'legs', group: 'file', label: 'Legs for this airport', value: String(report.legs) },
    {
      key: 'skipped',
      group: 'file',
      label: 'Legs skipped (other airports)',
      value: String(report.skipped),
    },
    {
      key: 'period',
      group: 'file',
      label: 'Period',
      value: `${report.from ?? '?'} to ${report.to ?? 'open end'}`,
    },
  ];
  if (report.inferredNextDay > 0) {
    facts.push({
      key: 'inferredNextDay',
      group: 'file',
      label: 'Overnight legs read as arriving the next day',
      value: String(report.inferredNextDay),
    });
  }
  facts.push(
    { key: 'created', group: 'flights', label: 'Created', value: String(created) },
    { key: 'updated', group: 'flights', label: 'Updated', value: String(updated) },
    { key: 'cancelled', group: 'flights', label: 'Cancelled', value: String(cancelled) },
    { key: 'unchanged', group: 'flights', label: 'Unchanged', value: String(unchanged) },
  );
  return facts;
}

/** One sentence over the report: what a dry run would do, or what the import did. */
export function reportHeadline(report: ScheduleImportReport): string {
  const { created, updated, cancelled } = report.flights;
  const touched = created + updated + cancelled;
  if (report.dryRun) {
    return touched === 0
      ? 'Dry run: importing this file would change no flight in the live window.'
      : `Dry run: importing this file would change ${touched} ${touched === 1 ? 'flight' : 'flights'} in the live window. Nothing has changed yet.`;
  }
  return touched === 0
    ? 'Imported: the live flights already matched this schedule.'
    : `Imported: ${touched} ${touched === 1 ? 'flight' : 'flights'} in the live window changed.`;
}

/** A refused line as the console lists it: the line number apart from the problem. */
export function lineProblem(error: ScheduleLineErrorReport): { line: number; problem: string } {
  return { line: error.line, problem: error.message.replace(/^line \d+:\s*/, '') };
}

/** The hub's refusal of an import, in plain words. `by`: who runs the other import, if known. */
export function describeImportRefusal(
  refusal: { status: number; code: string; message: string },
  by: string | null = null,
): string {
  if (refusal.code === 'CONFLICT' || refusal.status === 409) {
    return `Another schedule import is running on the hub${by ? ` (started by ${by})` : ''}. Nothing was imported from this file: wait until that import has finished, then try again.`;
  }
  if (refusal.status === 413) {
    return `The hub refused the file as too large (over ${formatBytes(SCHEDULE_MAX_BYTES)}).`;
  }
  if (refusal.code === 'FORBIDDEN') return 'Your role may not import schedules.';
  if (refusal.code === 'UNAUTHORIZED') {
    return 'The hub no longer accepts this session. Sign in again.';
  }
  if (refusal.code === 'RATE_LIMITED') return 'The hub is busy. Try again in a minute.';
  if (refusal.code === 'INVALID') return `The hub refused the file: ${refusal.message}.`;
  return `The import failed: ${refusal.message}.`;
}

/** Where the import is, for the progress bar: a label and a 0–100 share. */
export function progressSummary(
  progress: Pick<ScheduleImportProgress, 'phase' | 'done' | 'total'>,
): {
  label: string;
  percent: number;
} {
  const percent =
    progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 100;
  const label =
    progress.phase === 'reading'
      ? `Reading the file… ${percent}%`
      : `Applying to the live flights… ${progress.done} of ${progress.total}`;
  return { label, percent };
}
