import type { Change } from '../../core';
import type { FlightStore } from '../store/flight-store';
import type { PassengerDirectory } from './passenger-directory';
import { passengerKey } from './passenger-names';
import type { SelfServiceStore } from './self-service-store';

export interface PassengerRetentionOptions {
  directory: PassengerDirectory;
  selfService: SelfServiceStore;
  store: Pick<FlightStore, 'flight'>;
  /** JETBRIDGE_PASSENGER_DAYS: days after archiving that a flight's passenger data is kept. */
  days: number;
  now: () => Date;
}

export interface PruneResult {
  flights: string[];
  passengers: number;
}

/**
 * Passenger data does not outlive its use: `days` after a flight is archived, its manifest
 * (names, phones, e-mail addresses) is deleted, and so are the preferences and push
 * subscriptions of every passenger no manifest names any more.
 *
 * When a flight was archived comes from the change log (`change.kind === "archived"`), recorded
 * as it happens. A manifest whose flight is not in the live table and was never seen archived
 * (the hub was down, or the flight is gone for another reason) is counted from when the hub
 * first notices, so nothing is kept for ever and nothing is deleted early.
 */
export class PassengerRetention {
  constructor(private readonly options: PassengerRetentionOptions) {}

  /** Call with every durable change; resolves when an archive mark is durable. */
  async observe(change: Change): Promise<void> {
    if (change.change.kind !== 'archived') return;
    if (this.options.directory.list(change.flight.id).length === 0) return;
    await this.options.selfService.markArchived(change.flight.id, new Date(change.change.at));
  }

  /** Marks manifests of flights that left the live table unseen (see above). */
  async notice(): Promise<void> {
    const { directory, selfService, store, now } = this.options;
    const archived = selfService.archivedFlights();
    for (const flightId of directory.flightIds()) {
      if (store.flight(flightId) || archived.has(flightId)) continue;
      await selfService.markArchived(flightId, now());
    }
  }

  /** Deletes what is past its time. */
  async prune(): Promise<PruneResult> {
    const { directory, selfService, days, now } = this.options;
    await this.notice();
    const cutoff = now().getTime() - days * 86_400_000;
    const due = [...selfService.archivedFlights()]
      .filter(([, at]) => Date.parse(at) <= cutoff)
      .map(([flightId]) => flightId);
    await directory.removeFlights(due);
    const named = new Set<string>();
    for (const flightId of directory.flightIds()) {
      for (const passenger of directory.list(flightId)) {
        named.add(passengerKey(passenger.pnr, passenger.name));
      }
    }
    const unnamed = selfService.keys().filter((key) => !named.has(key));
    await selfService.forget(unnamed, due);
    return { flights: due, passengers: unnamed.length };
  }
}
