import type { ScheduleFormat } from '../../core';
import type { Logger } from 'pino';
import { HubError } from '../hub-error';
import type { RollingWindow, WindowCounts } from '../window/rolling-window';
import { readCsvSchedule } from './csv-reader';
import { mergeSchedule } from './schedule-merge';
import type { ScheduleLineError, ScheduleReadResult } from './schedule-leg';
import type { ScheduleStore } from './schedule-store';
import { readSsim } from './ssim-reader';

// Shared with the console, which checks a file before it sends it.
export { SCHEDULE_FORMATS, SCHEDULE_MAX_BYTES, type ScheduleFormat } from '../../core';

/** Contract section 7's answer to an import (and to its dry run). */
export interface ImportReport {
  legs: number;
  skipped: number;
  flights: WindowCounts;
  from: string | null;
  to: string | null;
  /** Extension: blank overnight date variations read as "arrives the next day". */
  inferredNextDay: number;
  dryRun: boolean;
}

/** Where an import is: reading the file, or applying it to the window. */
export interface ImportProgress {
  phase: 'reading' | 'applying';
  done: number;
  total: number;
}

/** An import refused for its content: INVALID with the lines that are wrong (at most 100). */
export class ScheduleInvalidError extends HubError {
  constructor(
    message: string,
    readonly errors: ScheduleLineError[],
  ) {
    super('INVALID', message);
    this.details = { errors };
  }
}

/**
 * Schedule imports (contract section 7): one at a time (a second is CONFLICT), all or nothing
 * (any invalid leg that concerns this airport refuses the whole file, nothing changes), a dry run
 * answering the same report, and for each airline in the file its legs replacing its schedule
 * over the file's period. Reading yields to the event loop as it goes, and the window applies in
 * batches, so acknowledgements keep flowing while a big file is imported.
 */
export class ScheduleImports {
  #running = false;

  constructor(
    private readonly options: {
      airport: string;
      schedule: ScheduleStore;
      window: RollingWindow;
      logger: Logger;
    },
  ) {}

  get running(): boolean {
    return this.#running;
  }

  async import(
    text: string,
    format: ScheduleFormat,
    options: { dryRun: boolean; by: string; onProgress?: (progress: ImportProgress) => void },
  ): Promise<ImportReport> {
    if (this.#running) {
      throw new HubError(
        'CONFLICT',
        'another schedule import is running; try again when it has finished',
      );
    }
    this.#running = true;
    try {
      const read = await this.#read(text, format, options.onProgress);
      const { schedule, window, logger } = this.options;
      return await window.exclusive(async () => {
        const merged = mergeSchedule(schedule.legs(), read);
        const plan = await window.plan(merged, read.airlines);
        const report = (flights: WindowCounts): ImportReport => ({
          legs: read.legs.length,
          skipped: read.skipped,
          flights,
          from: read.period?.from ?? null,
          to: read.period?.to ?? null,
          inferredNextDay: read.inferredNextDay,
          dryRun: options.dryRun,
        });
        if (options.dryRun) {
          return report({
            created: plan.creates.length,
            updated: plan.updates.length,
            unchanged: plan.unchanged,
            cancelled: plan.cancels.length,
          });
        }
        // Stored first: the window makes every later day from it, also after a crash here.
        await schedule.replace(merged);
        const counts = await window.apply(plan, (done, total) =>
          options.onProgress?.({ phase: 'applying', done, total }),
        );
        logger.info(
          { by: options.by, format, legs: read.legs.length, skipped: read.skipped, ...counts },
          'schedule imported',
        );
        return report(counts);
      });
    } finally {
      this.#running = false;
    }
  }

  async #read(
    text: string,
    format: ScheduleFormat,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ScheduleReadResult> {
    const reader = format === 'ssim' ? readSsim : readCsvSchedule;
    const read = await reader(text, {
      airport: this.options.airport,
      onProgress: (done, total) => onProgress?.({ phase: 'reading', done, total }),
    });
    if (read.errorCount > 0) {
      const first = read.errors[0]!;
      throw new ScheduleInvalidError(
        `the schedule has ${read.errorCount} invalid ${read.errorCount === 1 ? 'leg' : 'legs'} (first: line ${first.line}: ${first.message.replace(/^line \d+: /, '')}); nothing was imported`,
        read.errors,
      );
    }
    if (read.legs.length === 0 && read.airlines.length === 0) {
      throw new ScheduleInvalidError(
        `the file holds no ${format === 'ssim' ? 'SSIM flight leg records' : 'rows'}; nothing was imported`,
        [],
      );
    }
    return read;
  }
}
