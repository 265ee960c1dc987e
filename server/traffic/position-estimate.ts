/**
 * An inbound aircraft's estimate from its position (core/positions.ts `estimate`): how far it
 * still has to fly to this airport and when it should be on blocks, by `core/geo.ts`
 * `etaFromPosition` with the default approach allowance, from the time of the position report.
 */
import { etaFromPosition, type LatLon } from '../../core/geo';
import { flightDirection, type Flight } from '../../core/flight';
import type { AircraftPosition, PositionEstimate } from '../../core/positions';

/** Statuses of an arrival that has not landed yet: only these get an estimate. */
const INBOUND_STATUSES = new Set<Flight['status']>(['SCHEDULED', 'AIRBORNE']);

const MINUTE_MS = 60_000;

/**
 * The estimate for `position` of an aircraft flying `flight`, or null: the flight is not an arrival
 * here still on its way, the aircraft is on the ground or too slow, or the airport's reference
 * point is not known.
 */
export function estimateFromPosition(
  position: AircraftPosition,
  flight: Flight | undefined,
  airport: Partial<LatLon>,
): PositionEstimate | null {
  if (!flight || flightDirection(flight) !== 'arrival' || flight.ata) return null;
  if (!INBOUND_STATUSES.has(flight.status)) return null;
  if (position.onGround || position.groundSpeedKt === null) return null;
  if (airport.lat === undefined || airport.lon === undefined) return null;
  const estimate = etaFromPosition({
    position,
    groundSpeedKt: position.groundSpeedKt,
    destination: { lat: airport.lat, lon: airport.lon },
    now: new Date(position.at),
  });
  if (!estimate) return null;
  return {
    distanceToGoKm: Math.round(estimate.distanceKm * 10) / 10,
    eta: new Date(Math.round(estimate.eta.getTime() / MINUTE_MS) * MINUTE_MS).toISOString(),
  };
}
