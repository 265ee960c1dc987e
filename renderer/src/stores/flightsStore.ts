import { create } from 'zustand';
import type { Change, EditableField, Flight } from '../../../core';

/** When each field of a flight last changed (console clock, ms), for highlights and "Gate change". */
export type FieldChangeTimes = Partial<Record<EditableField, number>>;

export interface FlightsState {
  /** The hub's truth, by flight id. Replaced (never mutated) on every change. */
  flights: ReadonlyMap<string, Flight>;
  /** Last global `seq` applied; changes are applied strictly in this order. */
  seq: number;
  loaded: boolean;
  changedAt: ReadonlyMap<string, FieldChangeTimes>;
}

const initialState: FlightsState = {
  flights: new Map(),
  seq: 0,
  loaded: false,
  changedAt: new Map(),
};

export const useFlightsStore = create<FlightsState>()(() => initialState);

export function resetFlightsStore(): void {
  useFlightsStore.setState(initialState, true);
}

/** A snapshot or a `sync:since` reset: the hub's full state at `seq`. */
export function replaceAllFlights(flights: readonly Flight[], seq: number): void {
  useFlightsStore.setState({
    flights: new Map(flights.map((flight) => [flight.id, flight])),
    seq,
    loaded: true,
  });
}

/**
 * Applies changes that are already in `seq` order and follow on from the store's `seq`.
 * Ordering is the sync client's job; this only refuses to go backwards.
 */
export function applyOrderedChanges(changes: readonly Change[], now = Date.now()): void {
  if (changes.length === 0) return;
  useFlightsStore.setState((state) => {
    const flights = new Map(state.flights);
    const changedAt = new Map(state.changedAt);
    let seq = state.seq;
    for (const change of changes) {
      if (change.seq <= seq) continue;
      seq = change.seq;
      const known = flights.get(change.flight.id);
      // An acknowledgement may already have brought this version (or a newer one).
      if (known && known.version > change.flight.version) continue;
      flights.set(change.flight.id, change.flight);
      const times: FieldChangeTimes = { ...changedAt.get(change.flight.id) };
      for (const field of Object.keys(change.change.fields) as EditableField[]) {
        times[field] = now;
      }
      changedAt.set(change.flight.id, times);
    }
    return { flights, changedAt, seq };
  });
}

/** A flight the hub sent outside the change stream (an ack, or `current` with a CONFLICT). */
export function upsertFlightIfNewer(flight: Flight): void {
  const known = useFlightsStore.getState().flights.get(flight.id);
  if (known && known.version >= flight.version) return;
  useFlightsStore.setState((state) => {
    const flights = new Map(state.flights);
    flights.set(flight.id, flight);
    return { flights };
  });
}
