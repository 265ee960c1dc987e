/**
 * Hand-made corrections to the OpenFlights snapshot: it is historic and hand-edited, so some
 * zones, city names, airline names and aircraft codes are missing, outdated or misspelt.
 */
import type { Airport, Plane } from './openflights-snapshot';

/**
 * Legacy IANA names in airports.dat mapped to the current name of the same zone (renames only,
 * from tzdata's `backward` file; links that merge two places' zones are left as they are).
 */
const CANONICAL_ZONES: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** Airports whose zone is missing (\N) or wrong in the snapshot. */
export const ZONE_FIXES: Record<string, string> = {
  HYD: 'Asia/Kolkata',
  DOH: 'Asia/Qatar',
  IST: 'Europe/Istanbul',
  MEL: 'Australia/Melbourne',
  ALA: 'Asia/Almaty',
  TAS: 'Asia/Tashkent',
};

/** City names misspelt or outdated in the snapshot. */
const CITY_FIXES: Record<string, string> = {
  Madras: 'Chennai',
  Patina: 'Patna',
  Ludhiaha: 'Ludhiana',
  Baroda: 'Vadodara',
  Mohanbari: 'Dibrugarh',
  Vishakhapatnam: 'Visakhapatnam',
  Kulu: 'Kullu',
  'Alma-ata': 'Almaty',
  Ashkhabad: 'Ashgabat',
  Plaisance: 'Mauritius',
};

const AIRLINE_NAME_FIXES: Record<string, string> = {
  Spicejet: 'SpiceJet',
  'Gulf Air Bahrain': 'Gulf Air',
  'Saudi Arabian Airlines': 'Saudia',
  'Malindo Air': 'Batik Air Malaysia',
};

/** Aircraft codes used by the routes but absent from planes.dat. */
export const EXTRA_PLANES: Record<string, Plane> = {
  '73H': { icao: 'B738', name: 'Boeing 737-800 (winglets)' },
  '73W': { icao: 'B737', name: 'Boeing 737-700 (winglets)' },
  DH8: { icao: 'DH8D', name: 'De Havilland Canada Dash 8-400' },
  '74H': { icao: 'B748', name: 'Boeing 747-8' },
};

export function correctedCity(city: string): string {
  return CITY_FIXES[city] ?? city;
}

export function correctedAirlineName(name: string): string {
  return AIRLINE_NAME_FIXES[name] ?? name;
}

export function canonicalZone(zone: string): string {
  return CANONICAL_ZONES[zone] ?? zone;
}

/** The airport's canonical IANA zone, corrected where the snapshot is missing or wrong. */
export function zoneFor(airport: Airport, airports: Airport[]): string {
  const fixed = ZONE_FIXES[airport.iata];
  if (fixed) return fixed;
  if (airport.timeZone) return canonicalZone(airport.timeZone);
  // Fall back to the most common zone among the country's airports.
  const counts = new Map<string, number>();
  for (const other of airports) {
    if (other.country === airport.country && other.timeZone) {
      counts.set(other.timeZone, (counts.get(other.timeZone) ?? 0) + 1);
    }
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best) throw new Error(`no time zone for ${airport.iata}`);
  return canonicalZone(best[0]);
}
