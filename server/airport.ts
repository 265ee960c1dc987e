import { findAirport, requireAirport } from './reference/reference-data';
import type { Airport } from './store/file-schemas';

/** The demo airport (contract section 1: `DEL` with the demo). */
export const DEMO_AIRPORT = 'DEL';

export class AirportSettingError extends Error {
  override name = 'AirportSettingError';
}

/** The airport with everything the shipped airport data knows of it; unknown: refused by name. */
export function airportFromReference(iata: string): Airport {
  let airport;
  try {
    airport = requireAirport(iata);
  } catch (error) {
    throw new AirportSettingError(`JETBRIDGE_AIRPORT: ${(error as Error).message}`);
  }
  return {
    iata: airport.iata,
    name: airport.name,
    city: airport.city || airport.name,
    timeZone: airport.timeZone,
    icao: airport.icao,
    country: airport.country,
    lat: airport.lat,
    lon: airport.lon,
  };
}

/**
 * Which airport the hub serves: the data folder's own (a folder serves one airport for life: a
 * different `JETBRIDGE_AIRPORT` is refused by name), else the setting, completed from the airport
 * data. An unknown code is refused by name.
 */
export function resolveAirport(
  folderAirport: Airport | null,
  setting: string | undefined,
): Airport | null {
  if (folderAirport) {
    if (setting && setting !== folderAirport.iata) {
      throw new AirportSettingError(
        `JETBRIDGE_AIRPORT is ${setting}, but this data folder serves ${folderAirport.iata}; ` +
          'use another data folder (JETBRIDGE_DATA_DIR) for another airport',
      );
    }
    const known = findAirport(folderAirport.iata);
    return known ? { ...airportFromReference(known.iata), ...folderAirport } : folderAirport;
  }
  return setting ? airportFromReference(setting) : null;
}
