import type { Flight, FlightChanges, FlightCreatePayload } from '../../../core';
import { newUuid } from '../settings/workstationSettings';
import { upsertFlightIfNewer } from '../stores/flightsStore';
import { parseUpdateAck, type AckFailure } from './hubPayloads';
import { activeSyncClient } from './syncClient';

export type CreateOutcome = { ok: true; flight: Flight } | AckFailure;

function client() {
  const active = activeSyncClient();
  if (!active) throw new Error('not connected to the hub');
  return active;
}

/**
 * `flight:create` (supervisor): the flight goes into the store with the answer; every other
 * console gets it as a `created` change. The payload's opId makes a retry safe.
 */
export async function createFlight(payload: FlightCreatePayload): Promise<CreateOutcome> {
  const ack = parseUpdateAck(await client().request('flight:create', payload));
  if (ack.ok) upsertFlightIfNewer(ack.flight);
  return ack;
}

/**
 * What `flight:create` does not take (aircraft type, terminal, gate, stand), set on the new
 * flight at once as an ordinary `flight:update`.
 */
export async function completeCreatedFlight(
  flight: Flight,
  changes: FlightChanges,
): Promise<CreateOutcome> {
  const ack = await client().updateFlight({
    flightId: flight.id,
    baseVersion: flight.version,
    opId: newUuid(),
    changes,
  });
  if (ack.ok) upsertFlightIfNewer(ack.flight);
  return ack;
}
