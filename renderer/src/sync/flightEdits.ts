import type { Flight, FlightChanges } from '../../../core';
import { newUuid } from '../settings/workstationSettings';
import { upsertFlightIfNewer, useFlightsStore } from '../stores/flightsStore';
import { setPendingEdit, setRefusal, useUiStore } from '../stores/uiStore';
import { activeSyncClient } from './syncClient';

/** Sends after a lost acknowledgement reuse the opId, so the hub applies the change once. */
const MAX_ATTEMPTS = 3;

export type EditOutcome = { ok: true; flight: Flight } | { ok: false; message: string };

/**
 * Sends one change to the hub. The row shows it as pending until the ack; a refusal is kept,
 * in the hub's words, next to the flight, and the row falls back to the hub's version.
 */
export async function submitFlightEdit(
  flightId: string,
  baseVersion: number,
  changes: FlightChanges,
): Promise<EditOutcome> {
  const opId = newUuid();
  setRefusal(flightId, null);
  setPendingEdit(flightId, { opId, baseVersion, changes });
  const outcome = await sendWithRetries({ flightId, baseVersion, opId, changes });
  // A newer edit of the same flight owns the pending marker now; leave it alone.
  if (useUiStore.getState().pendingEdits[flightId]?.opId === opId) setPendingEdit(flightId, null);
  if (!outcome.ok) setRefusal(flightId, outcome.message);
  return outcome;
}

async function sendWithRetries(payload: {
  flightId: string;
  baseVersion: number;
  opId: string;
  changes: FlightChanges;
}): Promise<EditOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const client = activeSyncClient();
    if (!client)
      return { ok: false, message: 'Not connected to the hub; the change was not sent.' };
    let ack: Awaited<ReturnType<typeof client.updateFlight>>;
    try {
      ack = await client.updateFlight(payload);
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isTimeout(error)) continue;
      return {
        ok: false,
        message: isTimeout(error)
          ? 'The hub did not answer. The change may not have been applied; check the row before retrying.'
          : `The hub's answer could not be read: ${(error as Error).message}`,
      };
    }
    if (ack.ok) {
      upsertFlightIfNewer(ack.flight);
      return { ok: true, flight: ack.flight };
    }
    // Back to the hub's truth: the flight as it is now, when the hub says so.
    if (ack.error.current) upsertFlightIfNewer(ack.error.current);
    return { ok: false, message: `${refusalTitle(ack.error.code)}: ${ack.error.message}` };
  }
  return { ok: false, message: 'The change was not sent.' };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && /timed? ?out/i.test(error.message);
}

function refusalTitle(code: string): string {
  switch (code) {
    case 'CONFLICT':
      return 'Changed meanwhile by someone else';
    case 'FORBIDDEN':
      return 'Not allowed';
    case 'INVALID':
      return 'Refused';
    case 'RATE_LIMITED':
      return 'Too many changes, slow down';
    case 'NOT_FOUND':
      return 'Flight not found';
    case 'UNAUTHORIZED':
      return 'Session expired';
    default:
      return 'Hub error';
  }
}

/** The flight as the console should show it: the hub's version plus a change awaiting its ack. */
export function flightWithPending(flight: Flight, changes: FlightChanges | undefined): Flight {
  if (!changes) return flight;
  const shown: Flight = { ...flight };
  if (changes.gate !== undefined) shown.gate = changes.gate;
  if (changes.etd !== undefined) shown.etd = changes.etd;
  if (changes.status !== undefined) shown.status = changes.status;
  if (changes.delayCode !== undefined) shown.delayCode = changes.delayCode;
  if (changes.remark !== undefined) shown.remark = changes.remark;
  return shown;
}

export function currentFlight(flightId: string): Flight | undefined {
  return useFlightsStore.getState().flights.get(flightId);
}
