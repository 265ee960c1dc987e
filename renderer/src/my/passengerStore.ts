import { create } from 'zustand';
import type { PassengerPreferencesResult } from '../../../core/passenger-self-service';
import type { PublicFlight } from '../../../core/public-flight';

export type LiveState = 'connecting' | 'live' | 'offline';

/** The booking the page shows: who, which flights as the hub last said, and how they are told. */
export interface PassengerState {
  session: { token: string; name: string } | null;
  flights: PublicFlight[];
  live: LiveState;
  /** When the hub last told us something (ms). */
  lastUpdate: number | null;
  preferences: PassengerPreferencesResult | null;
}

const initial: PassengerState = {
  session: null,
  flights: [],
  live: 'connecting',
  lastUpdate: null,
  preferences: null,
};

export const usePassengerStore = create<PassengerState>(() => ({ ...initial }));

export function resetPassengerStore(): void {
  usePassengerStore.setState({ ...initial }, true);
}

/** A `flight:status` from the hub: replaces that flight, keeps the order by departure. */
export function applyFlightStatus(flight: PublicFlight): void {
  usePassengerStore.setState((state) => {
    const others = state.flights.filter((f) => f.id !== flight.id);
    return {
      flights: [...others, flight].sort((a, b) => a.std.localeCompare(b.std)),
      lastUpdate: Date.now(),
    };
  });
}
