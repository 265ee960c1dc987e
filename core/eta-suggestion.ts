/**
 * When an inbound aircraft's position says something other than its flight's ETA (contract
 * section 8): the estimate from position (`AircraftPosition.estimate`) against the flight's own
 * `eta`, else its `sta`. At ETA_SUGGESTION_THRESHOLD_MINUTES or more apart the console offers the
 * estimate as the new ETA; below that the difference is noise (approach sequencing, holding,
 * rounding to the minute) and an agent should not be asked.
 */
import { flightDirection, type Flight } from './flight';
import { ETA_SUGGESTION_THRESHOLD_MINUTES, type PositionEstimate } from './positions';

const MINUTE_MS = 60_000;

export interface EtaSuggestion {
  /** The ETA from position (UTC, to the minute). */
  eta: string;
  /** Estimate minus the flight's own ETA (else STA), minutes: positive is later. */
  minutesOff: number;
}

/** Minutes from the flight's own `eta` (else `sta`) to the estimate's; undefined without either. */
export function minutesOffFlightEta(
  flight: Pick<Flight, 'eta' | 'sta'>,
  estimate: PositionEstimate,
): number | undefined {
  const own = flight.eta ?? flight.sta;
  if (!own) return undefined;
  return (Date.parse(estimate.eta) - Date.parse(own)) / MINUTE_MS;
}

/**
 * The ETA worth suggesting for `flight` from its aircraft's `estimate`, or null: no estimate, the
 * flight is not an arrival still on its way (landed, on block, diverted, cancelled), it has no
 * ETA or STA to compare with, or the two are less than the threshold apart.
 */
export function etaSuggestion(
  flight: Flight,
  estimate: PositionEstimate | null | undefined,
  thresholdMinutes = ETA_SUGGESTION_THRESHOLD_MINUTES,
): EtaSuggestion | null {
  if (!estimate || flightDirection(flight) !== 'arrival' || flight.ata) return null;
  if (flight.status !== 'SCHEDULED' && flight.status !== 'AIRBORNE') return null;
  const minutesOff = minutesOffFlightEta(flight, estimate);
  if (minutesOff === undefined || Math.abs(minutesOff) < thresholdMinutes) return null;
  return { eta: estimate.eta, minutesOff };
}
