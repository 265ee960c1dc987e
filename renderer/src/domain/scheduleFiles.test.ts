import { describe, expect, it } from 'vitest';
import { SCHEDULE_MAX_BYTES, type ScheduleImportReport } from '../../../core';
import {
  describeImportRefusal,
  detectScheduleFormat,
  fileSizeProblem,
  lineProblem,
  progressSummary,
  reportFacts,
  reportHeadline,
} from './scheduleFiles';

const CSV_HEADER = 'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type';
const ssimRecord = (type: string, rest: string) => `${type}${rest}`.padEnd(200, ' ');

describe('detectScheduleFormat', () => {
  it('goes by the extension first', () => {
    expect(detectScheduleFormat('summer.CSV', 'anything').format).toBe('csv');
    expect(detectScheduleFormat('w26.ssim', 'anything').format).toBe('ssim');
  });

  it('reads SSIM from its header record or its 200-character records', () => {
    const header = ssimRecord('1', 'AIRLINE STANDARD SCHEDULE DATA SET');
    expect(detectScheduleFormat('export.txt', `${header}\n`)).toMatchObject({
      format: 'ssim',
      reason: expect.stringMatching(/header/),
    });
    const records = [ssimRecord('2', 'UXX'), ssimRecord('3', ' XX 1010101J'), 'cut sho'].join(
      '\r\n',
    );
    expect(detectScheduleFormat('export.dat', records).format).toBe('ssim');
  });

  it('reads CSV from its header line, also after a byte-order mark', () => {
    expect(detectScheduleFormat('schedule.txt', `\uFEFF${CSV_HEADER}\nXX,101`)).toMatchObject({
      format: 'csv',
      reason: expect.stringMatching(/header/),
    });
  });

  it('says so when it cannot tell', () => {
    expect(detectScheduleFormat('notes.txt', 'hello\nworld\n').format).toBeNull();
    expect(detectScheduleFormat('empty', '').format).toBeNull();
  });
});

describe('fileSizeProblem', () => {
  it('refuses an empty file and one over 50 MB, and lets the rest through', () => {
    expect(fileSizeProblem(0)).toMatch(/empty/);
    expect(fileSizeProblem(SCHEDULE_MAX_BYTES)).toBeNull();
    expect(fileSizeProblem(SCHEDULE_MAX_BYTES + 1)).toMatch(/50\.0 MB.*up to 50\.0 MB/);
    expect(fileSizeProblem(1200)).toBeNull();
  });
});

const report: ScheduleImportReport = {
  legs: 3,
  skipped: 2,
  flights: { created: 9, updated: 1, unchanged: 4, cancelled: 2 },
  from: '2026-11-20',
  to: null,
  inferredNextDay: 0,
  dryRun: true,
};

describe('report', () => {
  it('lists every count, the period (open end), and overnight inferences only when there are some', () => {
    const facts = Object.fromEntries(reportFacts(report).map((fact) => [fact.key, fact.value]));
    expect(facts).toEqual({
      legs: '3',
      skipped: '2',
      period: '2026-11-20 to open end',
      created: '9',
      updated: '1',
      cancelled: '2',
      unchanged: '4',
    });
    const overnight = reportFacts({ ...report, inferredNextDay: 5 });
    expect(overnight.find((fact) => fact.key === 'inferredNextDay')).toMatchObject({
      group: 'file',
      value: '5',
    });
    expect(reportFacts(report).filter((fact) => fact.group === 'flights')).toHaveLength(4);
  });

  it('says whether anything changed yet', () => {
    expect(reportHeadline(report)).toMatch(/^Dry run: .* 12 flights .*Nothing has changed yet/);
    expect(reportHeadline({ ...report, dryRun: false })).toMatch(/^Imported: 12 flights/);
    const same = { ...report, flights: { created: 0, updated: 0, unchanged: 9, cancelled: 0 } };
    expect(reportHeadline({ ...same, dryRun: false })).toMatch(/already matched/);
  });

  it('separates the line number from the problem', () => {
    expect(lineProblem({ line: 14, message: 'line 14: unknown airport "QQQ"' })).toEqual({
      line: 14,
      problem: 'unknown airport "QQQ"',
    });
  });
});

describe('describeImportRefusal', () => {
  it('puts a second import at once in plain words, naming who runs the first when known', () => {
    const conflict = {
      status: 409,
      code: 'CONFLICT',
      message: 'another schedule import is running; try again when it has finished',
    };
    expect(describeImportRefusal(conflict, 'super2')).toBe(
      'Another schedule import is running on the hub (started by super2). Nothing was imported from this file: wait until that import has finished, then try again.',
    );
    expect(describeImportRefusal(conflict)).not.toMatch(/started by/);
  });

  it('explains the other refusals', () => {
    expect(describeImportRefusal({ status: 403, code: 'FORBIDDEN', message: 'x' })).toMatch(
      /role may not/,
    );
    expect(describeImportRefusal({ status: 413, code: 'HTTP 413', message: 'x' })).toMatch(
      /too large/,
    );
    expect(
      describeImportRefusal({
        status: 400,
        code: 'INVALID',
        message: 'the schedule has 2 invalid legs',
      }),
    ).toBe('The hub refused the file: the schedule has 2 invalid legs.');
  });
});

describe('progressSummary', () => {
  it('shows reading as a share and applying as a count', () => {
    expect(progressSummary({ phase: 'reading', done: 250, total: 1000 })).toEqual({
      label: 'Reading the file… 25%',
      percent: 25,
    });
    expect(progressSummary({ phase: 'applying', done: 9, total: 9 })).toEqual({
      label: 'Applying to the live flights… 9 of 9',
      percent: 100,
    });
    expect(progressSummary({ phase: 'applying', done: 0, total: 0 }).percent).toBe(100);
  });
});
