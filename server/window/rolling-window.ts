import { DateTime } from 'luxon';
import { systemClock, type Clock } from '../clock';
import type { Logger } from 'pino';
import { applyFlightChange, isFinalStatus, movementTimes, type Flight } from '../../core';
import { HubError } from '../hub-error';
import { expandLegsInSlices, type PlannedFlight } from '../schedules/flight-instances';
import type { ScheduleLeg } from '../schedules/schedule-leg';
import type { ScheduleStore } from '../schedules/schedule-store';
import type { Airport } from '../store/file-schemas';
import type { ChangeOutcome, ChangeRequest, FlightStore } from '../store/flight-store';
import type { ArchiveRegister } from './archive-register';
import { SCHEDULE_AUTHOR, SYSTEM_AUTHOR, flightFromPlan, plannedUpdate } from './planned-flights';

export interface RollingWindowOptions {
  store: FlightStore;
  schedule: ScheduleStore;
  archive: ArchiveRegister;
  airport: Airport;
  /** Days after today kept ready (JETBRIDGE_DAYS_AHEAD). */
  daysAhead: number;
  /** Hours a finished flight stays in the live table (JETBRIDGE_KEEP_HOURS). */
  keepHours: number;
  logger: Logger;
  /** Timers the window runs on; tests inject a clock they move by hand. */
  clock?: Clock;
  /** How often finished flights are looked for (default 5 min). */
  archiveEveryMs?: number;
  /** Days archived flights are remembered before `onRetired` (default 7). */
  retentionDays?: number;
  /** Told of flights archived longer than the retention: prune their passengers' data. */
  onRetired?: (flightIds: readonly string[]) => Promise<void> | void;
  /** Operational fields a created flight starts with (the demo makes its day look alive). */
  decorateCreated?: (flight: Flight, now: Date) => Flight;
  /** Told of the flights each batch created, once they are durable (the demo's manifests). */
  onCreated?: (flights: readonly Flight[]) => Promise<void> | void;
}

/** What a plan does to the flights of the window (contract section 7's import answer). */
export interface WindowCounts {
  created: number;
  updated: number;
  unchanged: number;
  cancelled: number;
}

export interface WindowPlan {
  from: string;
  to: string;
  creates: PlannedFlight[];
  updates: PlannedFlight[];
  cancels: Flight[];
  unchanged: number;
}

/** Default days archived flights are remembered (their passengers' data kept). */
export const ARCHIVE_RETENTION_DAYS = 7;

/** Changes per store batch: one durable write each, acks of agents flowing in between. */
const BATCH = 50;

/**
 * The live table's rolling window: today and the next `daysAhead` local days at the airport,
 * made from the stored schedule as the clock passes local midnight (and at start, after
 * downtime); flights finished `keepHours` ago archived. Created, updated, cancelled and archived
 * flights are changes like any other (their own seq and `change.kind`), so every console follows.
 */
export class RollingWindow {
  readonly #clock: Clock;
  #lock: Promise<unknown> = Promise.resolve();
  #midnightTimer: unknown = null;
  #archiveTimer: unknown = null;
  #stopped = false;

  constructor(private readonly options: RollingWindowOptions) {
    this.#clock = options.clock ?? systemClock;
  }

  /** Catches up (the days that passed while the hub was down), then follows the clock. */
  async start(): Promise<void> {
    await this.materialise('start');
    await this.archiveFinished();
    this.#armMidnight();
    this.#armArchive();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#midnightTimer !== null) this.#clock.clearTimeout(this.#midnightTimer);
    if (this.#archiveTimer !== null) this.#clock.clearTimeout(this.#archiveTimer);
  }

  /** The window's local dates: today and the days ahead, at the airport. */
  dates(): { from: string; to: string } {
    const today = DateTime.fromJSDate(new Date(this.#clock.now()), {
      zone: this.options.airport.timeZone,
    });
    return {
      from: today.toISODate()!,
      to: today.plus({ days: this.options.daysAhead }).toISODate()!,
    };
  }

  /** One window change at a time: imports, midnight and archiving never interleave. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(work, work);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  /** Makes the window's flights from the stored schedule. */
  materialise(reason: string): Promise<WindowCounts> {
    return this.exclusive(async () => {
      const plan = await this.plan(this.options.schedule.legs(), []);
      const counts = await this.apply(plan);
      if (counts.created + counts.updated + counts.cancelled > 0) {
        this.options.logger.info(
          { reason, from: plan.from, to: plan.to, ...counts },
          'schedule window applied',
        );
      }
      return counts;
    });
  }

  /**
   * What `legs` would do to the window: flights to create, to update (planned fields), to
   * cancel (a schedule flight of an airline whose schedule no longer has it), and how many are
   * unchanged. `replacedAirlines`: airlines an import speaks for, also when it has no legs left.
   */
  async plan(
    legs: readonly ScheduleLeg[],
    replacedAirlines: readonly string[],
  ): Promise<WindowPlan> {
    const { from, to } = this.dates();
    const { store, archive, airport } = this.options;
    const planned = await expandLegsInSlices(legs, { airport: airport.iata, from, to });
    const at = new Date(this.#clock.now()).toISOString();
    const plannedIds = new Set<string>();
    const result: WindowPlan = { from, to, creates: [], updates: [], cancels: [], unchanged: 0 };
    for (const plan of planned) {
      plannedIds.add(plan.id);
      const record = store.record(plan.id);
      if (!record) {
        if (!archive.has(plan.id)) result.creates.push(plan);
      } else if (!hasLeft(record.flight) && plannedUpdate(record, plan, at)) {
        result.updates.push(plan);
      } else {
        result.unchanged += 1;
      }
    }
    const airlines = new Set([...legs.map((leg) => leg.airline), ...replacedAirlines]);
    for (const flight of store.flights()) {
      if (flight.source !== 'schedule' || plannedIds.has(flight.id)) continue;
      if (!airlines.has(flight.airline) || hasLeft(flight)) continue;
      const date = localDateOf(movementTimes(flight).scheduled, airport.timeZone);
      if (date >= from && date <= to) result.cancels.push(flight);
    }
    return result;
  }

  /** Carries a plan out, in batches; counts what really changed. */
  async apply(
    plan: WindowPlan,
    onProgress?: (done: number, total: number) => void,
  ): Promise<WindowCounts> {
    const counts: WindowCounts = {
      created: 0,
      updated: 0,
      unchanged: plan.unchanged,
      cancelled: 0,
    };
    const requests: { request: ChangeRequest; counts: keyof WindowCounts }[] = [
      ...plan.creates.map((item) => ({
        request: this.#createRequest(item),
        counts: 'created' as const,
      })),
      ...plan.updates.map((item) => ({
        request: this.#updateRequest(item),
        counts: 'updated' as const,
      })),
      ...plan.cancels.map((item) => ({
        request: this.#cancelRequest(item),
        counts: 'cancelled' as const,
      })),
    ];
    for (let start = 0; start < requests.length; start += BATCH) {
      const slice = requests.slice(start, start + BATCH);
      const outcomes = await this.options.store.apply(slice.map((item) => item.request));
      const created = outcomes.flatMap((outcome) =>
        outcome.kind === 'committed' && outcome.change.change.kind === 'created'
          ? [outcome.change.flight]
          : [],
      );
      if (created.length > 0) await this.options.onCreated?.(created);
      outcomes.forEach((outcome, index) => {
        if (outcome.kind === 'committed') counts[slice[index]!.counts] += 1;
        else if (outcome.kind === 'unchanged' || outcome.kind === 'repeat') counts.unchanged += 1;
        else this.#warnRefused(outcome, slice[index]!.request);
      });
      onProgress?.(Math.min(start + BATCH, requests.length), requests.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return counts;
  }

  /** Archives flights finished `keepHours` ago (and flights long past that never finished). */
  archiveFinished(): Promise<number> {
    return this.exclusive(async () => {
      const now = new Date(this.#clock.now());
      const due = [...this.options.store.flights()].filter((flight) =>
        this.#archivable(flight, now),
      );
      if (due.length > 0) {
        // Remembered first: a flight archived is never made again from the schedule.
        await this.options.archive.record(
          due.map((flight) => flight.id),
          now,
        );
        let archived = 0;
        for (let start = 0; start < due.length; start += BATCH) {
          const outcomes = await this.options.store.apply(
            due.slice(start, start + BATCH).map((flight) => this.#archiveRequest(flight.id, now)),
          );
          archived += outcomes.filter((outcome) => outcome.kind === 'committed').length;
        }
        this.options.logger.info({ archived }, 'finished flights archived');
      }
      await this.#retireOld(now);
      return due.length;
    });
  }

  #archivable(flight: Flight, now: Date): boolean {
    const keepMs = this.options.keepHours * 3_600_000;
    const finishedAt = finishedAtOf(flight);
    if (finishedAt !== null) return now.getTime() - finishedAt >= keepMs;
    // Never finished (nobody closed it): gone a day after its movement and the keep time.
    const movedAt = Date.parse(movementTimes(flight).estimated);
    return now.getTime() - movedAt >= keepMs + 24 * 3_600_000;
  }

  async #retireOld(now: Date): Promise<void> {
    const retentionMs = (this.options.retentionDays ?? ARCHIVE_RETENTION_DAYS) * 86_400_000;
    const old = this.options.archive.archivedBefore(new Date(now.getTime() - retentionMs));
    if (old.length === 0) return;
    await this.options.onRetired?.(old);
    await this.options.archive.forget(old);
  }

  #createRequest(plan: PlannedFlight): ChangeRequest {
    const at = new Date(this.#clock.now());
    return {
      opId: `schedule:create:${plan.id}`,
      flightId: plan.id,
      by: SCHEDULE_AUTHOR,
      workstation: null,
      at: at.toISOString(),
      decide: (record) => {
        if (record) return { kind: 'unchanged', flight: record.flight };
        const flight = flightFromPlan(plan, at.toISOString());
        const decorated = this.options.decorateCreated?.(flight, at) ?? flight;
        return { kind: 'commit', flight: decorated, fields: {}, changeKind: 'created' };
      },
    };
  }

  #updateRequest(plan: PlannedFlight): ChangeRequest {
    const at = new Date(this.#clock.now()).toISOString();
    return {
      opId: crypto.randomUUID(),
      flightId: plan.id,
      by: SCHEDULE_AUTHOR,
      workstation: null,
      at,
      decide: (record) => {
        if (!record || hasLeft(record.flight)) {
          return { kind: 'unchanged', flight: record?.flight ?? flightFromPlan(plan, at) };
        }
        const update = plannedUpdate(record, plan, at);
        return update
          ? { kind: 'commit', ...update }
          : { kind: 'unchanged', flight: record.flight };
      },
    };
  }

  #cancelRequest(flight: Flight): ChangeRequest {
    const at = new Date(this.#clock.now()).toISOString();
    return {
      opId: crypto.randomUUID(),
      flightId: flight.id,
      by: SCHEDULE_AUTHOR,
      workstation: null,
      at,
      decide: (record) => {
        if (!record || hasLeft(record.flight)) {
          return { kind: 'unchanged', flight: record?.flight ?? flight };
        }
        const result = applyFlightChange(
          record.flight,
          { status: 'CANCELLED' },
          { by: SCHEDULE_AUTHOR, at },
        );
        if (!result.ok || Object.keys(result.fields).length === 0) {
          return { kind: 'unchanged', flight: record.flight };
        }
        return { kind: 'commit', flight: result.flight, fields: result.fields };
      },
    };
  }

  #archiveRequest(flightId: string, now: Date): ChangeRequest {
    const at = now.toISOString();
    return {
      opId: `archive:${flightId}`,
      flightId,
      by: SYSTEM_AUTHOR,
      workstation: null,
      at,
      decide: (record) => {
        if (!record) throw new HubError('NOT_FOUND', `flight ${flightId} is not in the live table`);
        const flight = {
          ...record.flight,
          version: record.flight.version + 1,
          updatedAt: at,
          updatedBy: SYSTEM_AUTHOR,
        };
        return { kind: 'commit', flight, fields: {}, changeKind: 'archived' };
      },
    };
  }

  #warnRefused(outcome: ChangeOutcome, request: ChangeRequest): void {
    this.options.logger.warn(
      {
        flightId: request.flightId,
        outcome: outcome.kind,
        error: outcome.kind === 'refused' ? outcome.error.message : undefined,
      },
      'schedule change not applied',
    );
  }

  #armMidnight(): void {
    if (this.#stopped) return;
    const zone = this.options.airport.timeZone;
    const now = DateTime.fromJSDate(new Date(this.#clock.now()), { zone });
    const next = now.startOf('day').plus({ days: 1, seconds: 5 });
    this.#midnightTimer = this.#clock.setTimeout(() => {
      this.#midnightTimer = null;
      this.materialise('midnight')
        .then(() => this.archiveFinished())
        .catch((error: unknown) =>
          this.options.logger.error({ err: error }, 'the new day could not be made'),
        )
        .finally(() => this.#armMidnight());
    }, next.toMillis() - now.toMillis());
  }

  #armArchive(): void {
    if (this.#stopped) return;
    this.#archiveTimer = this.#clock.setTimeout(
      () => {
        this.#archiveTimer = null;
        this.archiveFinished()
          .catch((error: unknown) => this.options.logger.error({ err: error }, 'archiving failed'))
          .finally(() => this.#armArchive());
      },
      this.options.archiveEveryMs ?? 5 * 60_000,
    );
  }
}

/** A flight that has left (or landed, or is in the air): the schedule no longer touches it. */
function hasLeft(flight: Flight): boolean {
  if (isFinalStatus(flight.status)) return true;
  if (flight.direction === 'arrival') return flight.status !== 'SCHEDULED';
  return flight.atd !== null && flight.atd !== undefined;
}

/** When a finished flight finished: its actual time, or its last change; null while it runs. */
function finishedAtOf(flight: Flight): number | null {
  if (!isFinalStatus(flight.status)) return null;
  const actual =
    flight.status === 'DEPARTED' ? flight.atd : flight.status === 'ON_BLOCK' ? flight.ata : null;
  return Date.parse(actual ?? flight.updatedAt);
}

function localDateOf(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate()!;
}
