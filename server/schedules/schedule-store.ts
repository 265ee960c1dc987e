import { join } from 'node:path';
import { z } from 'zod';
import { DurableJsonFile } from '../store/durable-json-file';
import type { ScheduleLeg } from './schedule-leg';

/**
 * The airlines' schedules as imported: the legs that concern this airport, each with its period
 * and days. The rolling window makes each day's flights from them; an import replaces each of its
 * airlines' legs over its period (schedule-merge.ts).
 */
export interface ScheduleStore {
  legs(): readonly ScheduleLeg[];
  /** Replaces the stored legs; durable when resolved. */
  replace(legs: readonly ScheduleLeg[]): Promise<void>;
}

export const SCHEDULES_FILE = 'schedules.json';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const designator = {
  airline: z.string().regex(/^[A-Z0-9]{2}$/),
  flightNumber: z.string().regex(/^\d{1,4}$/),
  suffix: z.string().max(1),
};
const scheduleLegSchema = z.strictObject({
  ...designator,
  line: z.number().int().nonnegative(),
  legSequence: z.number().int().positive(),
  serviceType: z.string().max(1),
  origin: z.string().regex(/^[A-Z]{3}$/),
  destination: z.string().regex(/^[A-Z]{3}$/),
  departureTime: z.string().regex(/^\d{2}:\d{2}$/),
  departureUtcOffset: z.number().int().nullable(),
  arrivalTime: z.string().regex(/^\d{2}:\d{2}$/),
  arrivalUtcOffset: z.number().int().nullable(),
  arrivalDayOffset: z.number().int().min(-1).max(2),
  from: date,
  to: date.nullable(),
  days: z.array(z.number().int().min(1).max(7)),
  frequencyRate: z.union([z.literal(1), z.literal(2)]),
  aircraftType: z.string().nullable(),
  terminals: z.strictObject({ departure: z.string().nullable(), arrival: z.string().nullable() }),
  onward: z.strictObject({ ...designator, layoverDays: z.number().int() }).nullable(),
  codeshares: z.array(z.string()),
}) satisfies z.ZodType<ScheduleLeg>;

/** The stored legs, as read from schedules.json or the database. */
export const scheduleLegsSchema = z.array(scheduleLegSchema);
const schedulesFileSchema = z.strictObject({ legs: scheduleLegsSchema });

/** `schedules.json` (checksummed, written atomically and durably), kept in memory. */
export class FileScheduleStore implements ScheduleStore {
  private constructor(
    private readonly file: DurableJsonFile<z.infer<typeof schedulesFileSchema>>,
    private current: readonly ScheduleLeg[],
  ) {}

  static async open(folder: string): Promise<FileScheduleStore> {
    const file = new DurableJsonFile(join(folder, SCHEDULES_FILE), schedulesFileSchema, {
      checksum: true,
    });
    return new FileScheduleStore(file, (await file.read())?.legs ?? []);
  }

  legs(): readonly ScheduleLeg[] {
    return this.current;
  }

  async replace(legs: readonly ScheduleLeg[]): Promise<void> {
    await this.file.write({ legs: [...legs] });
    this.current = legs;
  }
}

/** For unit tests: the same, in memory. */
export class MemoryScheduleStore implements ScheduleStore {
  constructor(private current: readonly ScheduleLeg[] = []) {}
  legs() {
    return this.current;
  }
  async replace(legs: readonly ScheduleLeg[]) {
    this.current = legs;
  }
}
