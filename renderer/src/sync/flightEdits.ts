import type { Flight, FlightChanges } from '../../../core';
import { useFlightsStore } from '../stores/flightsStore';
import { queueFlightEdit, type EditOutcome } from './pendingEdits';

export type { EditOutcome };

/**
 * Sends one change to the hub through the pending-edits outbox (sync/pendingEdits.ts): the row
 * shows it as pending until the ack — also while offline, when it waits for the reconnect and
 * goes with its original opId. A refusal is kept, in the hub's words, next to the flight; a
 * CONFLICT waits for the agent to keep theirs or take the current value.
 */
export function submitFlightEdit(
  flightId: string,
  baseVersion: number,
  changes: FlightChanges,
): Promise<EditOutcome> {
  return queueFlightEdit(flightId, baseVersion, changes);
}

/** The flight as the console should show it: the hub's version plus a change awaiting its ack. */
export function flightWithPending(flight: Flight, changes: FlightChanges | undefined): Flight {
  if (!changes) return flight;
  const shown: Record<string, unknown> = { ...flight };
  // Every editable field is a flight field of the same name (departures' and arrivals' alike).
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) shown[field] = value;
  }
  return shown as Flight;
}

export function currentFlight(flightId: string): Flight | undefined {
  return useFlightsStore.getState().flights.get(flightId);
}
