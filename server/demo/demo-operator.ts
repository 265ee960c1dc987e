import type { Logger } from 'pino';
import { applyFlightChange, localDateOf, type Flight, type FlightChanges } from '../../core';
import type { Clock } from '../clock';
import { expandLegs } from '../schedules/flight-instances';
import type { ScheduleStore } from '../schedules/schedule-store';
import type { ChangeRequest, FlightStore } from '../store/flight-store';
import { createDemoDayContext, type DemoDayContext } from './demo-day-context';
import { demoFlightAt, demoOperations } from './demo-operations';
import { DEMO_AIRPORT, DEMO_TIME_ZONE } from './demo-schedule';

/** Who the demo's own changes are by. */
export const DEMO_AUTHOR = 'demo';
/** Authors whose values the demo may move on; anything an agent set stays the agent's. */
const MACHINE_AUTHORS = /^(feed:|schedule$|system$|demo$)/;

/**
 * The demo airport's operating day, played as time passes: flights are created as the day shows
 * them (statuses, delays, gates, registrations, belts), and every minute the flights move on —
 * boarding, departing, landing — as changes by `demo`, so `npm start` shows a living airport and
 * every console, board and notification follows. Fields an agent set by hand are left alone.
 */
export class DemoOperator {
  readonly #contexts = new Map<string, DemoDayContext>();
  #timer: unknown = null;
  #stopped = false;

  constructor(
    private readonly options: {
      store: FlightStore;
      schedule: ScheduleStore;
      clock: Clock;
      logger: Logger;
      everyMs?: number;
    },
  ) {}

  /** A new flight as the demo day shows it now (the rolling window's `decorateCreated`). */
  decorate(flight: Flight, now: Date): Flight {
    const context = this.#contextFor(flight);
    if (!context) return flight;
    try {
      return { ...demoFlightAt(flight, now, context, DEMO_AUTHOR), version: flight.version };
    } catch (error) {
      this.options.logger.warn(
        { err: error, flightId: flight.id },
        'demo could not decorate a flight',
      );
      return flight;
    }
  }

  start(): void {
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.options.clock.clearTimeout(this.#timer);
  }

  /** Moves every live flight on to what the demo day shows now. */
  async tick(): Promise<number> {
    const { store, clock } = this.options;
    const now = new Date(clock.now());
    const at = now.toISOString();
    const requests: ChangeRequest[] = [];
    for (const flight of store.flights()) {
      const context = this.#contextFor(flight);
      if (!context || Object.keys(demoOperations(flight, now, context)).length === 0) continue;
      requests.push({
        opId: crypto.randomUUID(),
        flightId: flight.id,
        by: DEMO_AUTHOR,
        workstation: null,
        at,
        decide: (record) => {
          if (!record) return { kind: 'unchanged', flight };
          const changes = demoOperations(record.flight, now, context) as Record<string, unknown>;
          for (const field of Object.keys(changes)) {
            const by = record.fieldSources?.[field as keyof FlightChanges]?.by;
            if (by && !MACHINE_AUTHORS.test(by)) delete changes[field];
          }
          const result = applyFlightChange(record.flight, changes as FlightChanges, {
            by: DEMO_AUTHOR,
            at,
          });
          if (!result.ok || Object.keys(result.fields).length === 0) {
            return { kind: 'unchanged', flight: record.flight };
          }
          return { kind: 'commit', flight: result.flight, fields: result.fields };
        },
      });
    }
    if (requests.length === 0) return 0;
    const outcomes = await store.apply(requests);
    return outcomes.filter((outcome) => outcome.kind === 'committed').length;
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timer = this.options.clock.setTimeout(() => {
      this.#timer = null;
      this.tick()
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'demo tick failed'))
        .finally(() => this.#arm());
    }, this.options.everyMs ?? 60_000);
  }

  /** The demo plan of the flight's local day, built once per day from the whole day's schedule. */
  #contextFor(flight: Flight): DemoDayContext | undefined {
    const movement = flight.direction === 'arrival' ? (flight.sta ?? flight.std) : flight.std;
    const date = localDateOf(movement, DEMO_TIME_ZONE);
    let context = this.#contexts.get(date);
    if (!context) {
      const day = expandLegs(this.options.schedule.legs(), {
        airport: DEMO_AIRPORT,
        from: date,
        to: date,
      });
      context = createDemoDayContext(day);
      this.#contexts.set(date, context);
      // Yesterday's to the day after tomorrow is all the window ever asks for.
      if (this.#contexts.size > 6) this.#contexts.delete(this.#contexts.keys().next().value!);
    }
    return context.plan(flight.id) ? context : undefined;
  }
}
