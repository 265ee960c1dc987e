import type { Passenger } from '../../core';

/** One manifest entry of a booking, with the flight it is on. */
export interface Booking {
  flightId: string;
  passenger: Passenger;
}

/**
 * The passenger manifests as the passengers' side reads them. The data folder's PassengerStore
 * implements it; a PostgreSQL store will too. Reads are synchronous over the hub's copy.
 */
export interface PassengerDirectory {
  list(flightId: string): readonly Passenger[];
  /** Every manifest entry of a booking reference. */
  bookings(pnr: string): readonly Booking[];
  /** Flights that have a manifest. */
  flightIds(): string[];
  /** Deletes the manifests of these flights; durable when resolved. */
  removeFlights(flightIds: readonly string[]): Promise<void>;
}

/** Manifests in memory, for unit tests. */
export class MemoryPassengerDirectory implements PassengerDirectory {
  readonly manifests = new Map<string, Passenger[]>();

  constructor(manifests: Record<string, Passenger[]> = {}) {
    for (const [flightId, passengers] of Object.entries(manifests)) {
      this.manifests.set(flightId, passengers);
    }
  }

  list(flightId: string): readonly Passenger[] {
    return this.manifests.get(flightId) ?? [];
  }

  bookings(pnr: string): readonly Booking[] {
    return [...this.manifests].flatMap(([flightId, passengers]) =>
      passengers.filter((p) => p.pnr === pnr).map((passenger) => ({ flightId, passenger })),
    );
  }

  flightIds(): string[] {
    return [...this.manifests.keys()];
  }

  async removeFlights(flightIds: readonly string[]): Promise<void> {
    for (const flightId of flightIds) this.manifests.delete(flightId);
  }
}
