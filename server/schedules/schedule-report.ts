/** Collects what a schedule reader finds: legs, skipped legs, errors (capped), period, airlines. */
import { isoDate } from './calendar-dates';
import {
  MAX_REPORTED_ERRORS,
  type ScheduleLeg,
  type ScheduleLineError,
  type ScheduleReadResult,
} from './schedule-leg';

export class ScheduleReport {
  readonly legs: ScheduleLeg[] = [];
  skipped = 0;
  inferredNextDay = 0;
  codeshareLegs = 0;
  private readonly errors: ScheduleLineError[] = [];
  private errorCount = 0;
  private readonly airlines = new Set<string>();
  private periodFrom: number | null = null;
  private periodTo: number | null = null;
  private openEnded = false;

  /** Records a problem; the message gets the line in front: "line 14: unknown airport ...". */
  error(line: number, problem: string): void {
    this.errorCount += 1;
    if (this.errors.length < MAX_REPORTED_ERRORS) {
      this.errors.push({ line, message: `line ${line}: ${problem}` });
    }
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  noteAirline(designator: string): void {
    if (designator) this.airlines.add(designator);
  }

  /** Widens the file's period to include these dates (day numbers; `to` null: open end). */
  widenPeriod(from: number, to: number | null): void {
    if (this.periodFrom === null || from < this.periodFrom) this.periodFrom = from;
    if (to === null) this.openEnded = true;
    else if (this.periodTo === null || to > this.periodTo) this.periodTo = to;
  }

  result(): ScheduleReadResult {
    const from = this.periodFrom;
    const to = this.openEnded ? null : this.periodTo;
    return {
      legs: this.legs,
      skipped: this.skipped,
      errors: [...this.errors].sort((a, b) => a.line - b.line),
      errorCount: this.errorCount,
      inferredNextDay: this.inferredNextDay,
      codeshareLegs: this.codeshareLegs,
      period: from === null ? null : { from: isoDate(from), to: to === null ? null : isoDate(to) },
      airlines: [...this.airlines].sort(),
    };
  }
}
