/**
 * Which OpenFlights airports go into resources/reference/airports.json, and their time zones.
 *
 * Kept: every airport of type "airport" with a three-letter IATA code. Zones: the snapshot's IANA
 * name, renamed to the current name where tzdata renamed it (Asia/Calcutta -> Asia/Kolkata), a
 * hand fix where the snapshot is known to be wrong, and, where it has none (about 550 airports),
 * the zone of the nearest airport in the same country that has one: zones follow borders and
 * neighbours, so that is right far more often than a per-country majority (which is wrong for
 * every airport outside the main zone of the USA, Russia, Brazil, Australia, ...). An airport
 * with no zone even then (no zoned neighbour in its country) is left out: without a zone its
 * local times cannot be placed in UTC.
 */
import type { Airport } from '../demo-data/openflights-snapshot';
import { ZONE_FIXES, canonicalZone, correctedCity } from '../demo-data/snapshot-corrections';
import type { ReferenceAirport } from '../../server/reference/reference-data';

export interface AirportSelection {
  airports: ReferenceAirport[];
  zonesFromNeighbours: number;
  leftOut: { iata: string; why: string }[];
}

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Great-circle distance in kilometres. */
function distanceKm(a: Airport, b: Airport): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

function ownZone(airport: Airport): string | null {
  const fixed = ZONE_FIXES[airport.iata];
  if (fixed) return fixed;
  if (!airport.timeZone) return null;
  const renamed = canonicalZone(airport.timeZone);
  // Keep the old name if this runtime's ICU does not know the new one yet.
  return isKnownZone(renamed) ? renamed : airport.timeZone;
}

function neighbourZone(airport: Airport, zoned: Airport[]): string | null {
  let best: { zone: string; km: number } | null = null;
  for (const other of zoned) {
    if (other.country !== airport.country) continue;
    const zone = ownZone(other);
    if (!zone) continue;
    const km = distanceKm(airport, other);
    if (!best || km < best.km) best = { zone, km };
  }
  return best?.zone ?? null;
}

export function selectAirports(all: Airport[]): AirportSelection {
  const airports: ReferenceAirport[] = [];
  const leftOut: AirportSelection['leftOut'] = [];
  let zonesFromNeighbours = 0;
  const candidates = all.filter((a) => /^[A-Z]{3}$/.test(a.iata));
  const zoned = candidates.filter((a) => ownZone(a) !== null);
  for (const airport of candidates) {
    if (airport.type !== null && airport.type !== 'airport') {
      leftOut.push({ iata: airport.iata, why: `type "${airport.type}"` });
      continue;
    }
    if (!Number.isFinite(airport.lat) || !Number.isFinite(airport.lon)) {
      leftOut.push({ iata: airport.iata, why: 'no position' });
      continue;
    }
    let zone = ownZone(airport);
    if (!zone) {
      zone = neighbourZone(airport, zoned);
      if (zone) zonesFromNeighbours += 1;
    }
    if (!zone || !isKnownZone(zone)) {
      leftOut.push({ iata: airport.iata, why: zone ? `unknown zone ${zone}` : 'no time zone' });
      continue;
    }
    airports.push({
      iata: airport.iata,
      icao: airport.icao && /^[A-Z0-9]{4}$/.test(airport.icao) ? airport.icao : null,
      name: airport.name,
      city: correctedCity(airport.city),
      country: airport.country,
      timeZone: zone,
      lat: Math.round(airport.lat * 1e4) / 1e4,
      lon: Math.round(airport.lon * 1e4) / 1e4,
    });
  }
  airports.sort((a, b) => a.iata.localeCompare(b.iata));
  return { airports, zonesFromNeighbours, leftOut };
}
