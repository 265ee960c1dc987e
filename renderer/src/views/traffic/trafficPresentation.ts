import { KM_PER_NM, flightDirection, type AircraftPosition, type Flight } from '../../../../core';
import { localTime } from '../../domain/localClock';

/**
 * How an aircraft is shown on the traffic map: its role for this airport, and its label. Pure, so
 * the map's canvas code, its list and the tests share one reading.
 */
export type AircraftRole = 'inbound' | 'outbound' | 'other';

export function aircraftRole(flight: Flight | undefined): AircraftRole {
  if (!flight) return 'other';
  return flightDirection(flight) === 'arrival' ? 'inbound' : 'outbound';
}

const FEET_PER_METRE = 3.28084;
/**
 * Above this, altitudes read as flight levels. Indian airspace's transition altitude is mostly
 * 4,000 ft, but a map read at a glance is clearer with FL only for the climb and cruise.
 */
const FLIGHT_LEVEL_FROM_FT = 10_000;

/** "FL350", "4,200 ft", "GND", or "" when not known. */
export function formatAltitude(altitudeM: number | null, onGround = false): string {
  if (onGround) return 'GND';
  if (altitudeM === null) return '';
  const feet = altitudeM * FEET_PER_METRE;
  if (feet >= FLIGHT_LEVEL_FROM_FT) return `FL${String(Math.round(feet / 100)).padStart(3, '0')}`;
  return `${String(Math.round(feet / 100) * 100).replace(/\B(?=(\d{3})+$)/, ',')} ft`;
}

/** "412 km · 222 NM". */
export function formatDistanceToGo(km: number): string {
  return `${Math.round(km)} km · ${Math.round(km / KM_PER_NM)} NM`;
}

/** Local times of ETAs, remembered: they are to the minute, so a sky of labels shares a few. */
const localTimes = new Map<string, string>();

function etaLocalTime(eta: string, zone: string): string {
  const key = `${zone}|${eta}`;
  let time = localTimes.get(key);
  if (time === undefined) {
    if (localTimes.size > 5_000) localTimes.clear();
    time = localTime(eta, zone);
    localTimes.set(key, time);
  }
  return time;
}

/** The label's lines: flight (else callsign), then altitude and, inbound, the ETA from position. */
export function aircraftLabel(
  position: Pick<AircraftPosition, 'icao24' | 'callsign' | 'altitudeM' | 'onGround' | 'estimate'>,
  flight: Flight | undefined,
  zone: string,
): { title: string; detail: string } {
  const title = flight?.flightNumber ?? position.callsign ?? position.icao24.toUpperCase();
  const parts = [formatAltitude(position.altitudeM, position.onGround)];
  if (position.estimate && aircraftRole(flight) === 'inbound') {
    parts.push(`ETA ${etaLocalTime(position.estimate.eta, zone)}`);
  }
  return { title, detail: parts.filter(Boolean).join(' · ') };
}
