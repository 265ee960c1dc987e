import type { Passenger } from '../../core';
import type { PassengerDirectory } from './passenger-directory';
import { passengerKey } from './passenger-names';
import type { SelfServiceStore } from './self-service-store';

/** A manifest entry as notifications see it: only the channels the passenger wants. */
export interface NotifiablePassenger extends Passenger {
  /** Endpoints of the passenger's push subscriptions (one push record each). */
  pushEndpoints?: readonly string[];
}

/**
 * The passengers of a flight with their own choices applied (contract section 9: "notifications
 * follow them"): a channel switched off loses its address, the chosen language replaces the
 * airline's, and the push subscriptions are added. Without choices, every channel the airline
 * gave is used (section 6).
 */
export function notifiablePassengers(
  directory: Pick<PassengerDirectory, 'list'>,
  selfService: Pick<SelfServiceStore, 'preferences' | 'subscriptionsOf'>,
  flightId: string,
): NotifiablePassenger[] {
  return directory.list(flightId).map((passenger) => {
    const key = passengerKey(passenger.pnr, passenger.name);
    const chosen = selfService.preferences(key);
    const reach: NotifiablePassenger = { ...passenger };
    if (chosen && !chosen.channels.sms) delete reach.phone;
    if (chosen && !chosen.channels.email) delete reach.email;
    if (chosen) reach.locale = chosen.locale;
    const push = chosen?.channels.push ?? true;
    const endpoints = push ? selfService.subscriptionsOf(key).map((s) => s.endpoint) : [];
    if (endpoints.length > 0) reach.pushEndpoints = endpoints;
    return reach;
  });
}
