import { DateTime } from 'luxon';
import { localDaySpan, movementTimes, type Flight } from '../../core';
import type { FlightStore } from '../store/flight-store';
import type { ArchiveRegister } from './archive-register';

/** A flight id's trailing local date ("D-6E2134-2026-11-28"), as flight-instances.ts makes it. */
const ID_DATE = /-(\d{4}-\d{2}-\d{2})$/;

/** Archived flights read back, per local date; a date's list is kept until its archive grows. */
const CACHED_DATES = 8;

/**
 * The flights of one local date at the airport, live and archived: the live table's, and those
 * the rolling window archived (read back from each one's trail: its archival change carries the
 * flight as it left the table). Past days' KPIs come from here.
 *
 * Archived flights are found through the archive register, which remembers them for its
 * retention period (7 days by default); `covers` says whether a date is still inside it.
 */
export class DayFlights {
  readonly #cache = new Map<string, { candidates: number; flights: Flight[] }>();

  constructor(
    private readonly options: {
      store: FlightStore;
      archive: ArchiveRegister;
      timeZone: string;
      retentionDays: number;
    },
  ) {}

  /** Whether every flight of `date` archived so far is still in the register (`today` local). */
  covers(date: string, today: string): boolean {
    const oldest = DateTime.fromISO(today, { zone: this.options.timeZone })
      .minus({ days: this.options.retentionDays - 1 })
      .toISODate()!;
    return date >= oldest;
  }

  /** The flights whose scheduled movement here falls on `date` (local), live ones first. */
  async on(date: string): Promise<Flight[]> {
    const onDay = this.#onDay(date);
    const live = [...this.options.store.flights()].filter(onDay);
    return [...live, ...(await this.archivedOn(date))];
  }

  /** Those of them no longer in the live table. */
  async archivedOn(date: string): Promise<Flight[]> {
    const onDay = this.#onDay(date);
    const { store } = this.options;
    return (await this.#archivedAround(date)).filter(
      (flight) => onDay(flight) && !store.flight(flight.id),
    );
  }

  #onDay(date: string): (flight: Flight) => boolean {
    const { start, end } = localDaySpan(date, this.options.timeZone);
    return (flight) => {
      const scheduled = Date.parse(movementTimes(flight).scheduled);
      return scheduled >= start && scheduled < end;
    };
  }

  /**
   * Archived flights whose id names `date` or a day either side (a movement retimed across
   * midnight keeps its id), or no date at all (flights not made from a schedule).
   */
  async #archivedAround(date: string): Promise<Flight[]> {
    const day = DateTime.fromISO(date, { zone: 'UTC' });
    const dates = new Set([
      date,
      day.minus({ days: 1 }).toISODate()!,
      day.plus({ days: 1 }).toISODate()!,
    ]);
    const candidates = this.options.archive.ids().filter((id) => {
      const idDate = ID_DATE.exec(id)?.[1];
      return idDate === undefined || dates.has(idDate);
    });
    const cached = this.#cache.get(date);
    if (cached && cached.candidates === candidates.length) return cached.flights;
    const flights: Flight[] = [];
    for (const id of candidates) {
      const { entries } = await this.options.store.history(id, { limit: 1 });
      const last = entries[0];
      if (last) flights.push(last.flight);
    }
    this.#cache.delete(date);
    this.#cache.set(date, { candidates: candidates.length, flights });
    if (this.#cache.size > CACHED_DATES) this.#cache.delete(this.#cache.keys().next().value!);
    return flights;
  }
}
