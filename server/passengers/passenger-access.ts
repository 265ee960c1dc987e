import type { Flight, Passenger } from '../../core';
import { resolveLanguage } from '../notifications/message-templates';
import type { FlightStore } from '../store/flight-store';
import type { Booking, PassengerDirectory } from './passenger-directory';
import { familyKey, lastNameMatches, passengerKey } from './passenger-names';
import type { PassengerTicket } from './passenger-tokens';
import type { SelfServiceStore } from './self-service-store';

/**
 * What one passenger token opens: the manifest entries of its booking whose family name is the
 * passenger's, and the live flights they are on — read afresh on every request, so a passenger
 * taken off a manifest loses that flight at once.
 */
export class PassengerAccess {
  constructor(
    private readonly directory: PassengerDirectory,
    private readonly store: Pick<FlightStore, 'flight'>,
    private readonly selfService: SelfServiceStore,
  ) {}

  /** Manifest entries of `pnr` whose name has the last name a passenger typed. */
  matching(pnr: string, lastName: string): Booking[] {
    return this.directory
      .bookings(pnr)
      .filter((booking) => lastNameMatches(booking.passenger.name, lastName));
  }

  entries(ticket: Pick<PassengerTicket, 'pnr' | 'family'>): Booking[] {
    return this.directory
      .bookings(ticket.pnr)
      .filter((booking) => familyKey(booking.passenger.name) === ticket.family);
  }

  /** The live flights of the ticket's entries, by departure time. */
  flights(ticket: Pick<PassengerTicket, 'pnr' | 'family'>): Flight[] {
    const ids = new Set(this.entries(ticket).map((booking) => booking.flightId));
    return [...ids]
      .map((id) => this.store.flight(id))
      .filter((flight): flight is Flight => flight !== undefined)
      .sort((a, b) => a.std.localeCompare(b.std));
  }

  holdsFlight(ticket: Pick<PassengerTicket, 'pnr' | 'family'>, flightId: string): boolean {
    return this.entries(ticket).some((booking) => booking.flightId === flightId);
  }

  /** The passenger's language: chosen on the page, else the airline's, else English. */
  locale(key: string, passenger: Pick<Passenger, 'locale'> | undefined): 'en' | 'hi' {
    const chosen = this.selfService.preferences(key)?.locale;
    return chosen ?? (resolveLanguage(passenger?.locale) === 'hi' ? 'hi' : 'en');
  }
}

export function ticketKey(ticket: Pick<PassengerTicket, 'pnr' | 'family'>): string {
  return `${ticket.pnr}/${ticket.family}`;
}

export { passengerKey };
