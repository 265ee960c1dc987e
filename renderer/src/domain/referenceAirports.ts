import { z } from 'zod';

/** An airport as the ad hoc flight form needs it: to check the code and read local times. */
export interface ReferenceAirport {
  iata: string;
  name: string;
  city: string;
  timeZone: string;
}

export type AirportLookup = (iata: string) => ReferenceAirport | undefined;

const airportsFileSchema = z.object({
  airports: z.array(
    z.object({ iata: z.string(), name: z.string(), city: z.string(), timeZone: z.string() }),
  ),
});

let lookup: Promise<AirportLookup> | null = null;

/**
 * The airports the hub knows (resources/reference/airports.json, derived from OpenFlights, ODbL
 * 1.0, see resources/reference/ATTRIBUTION.md), loaded once as its own chunk when the form first
 * opens: about 1 MB nobody else in the console needs.
 */
export function loadAirportLookup(): Promise<AirportLookup> {
  lookup ??= import('../../../resources/reference/airports.json').then((module) => {
    const { airports } = airportsFileSchema.parse(module.default);
    const byCode = new Map(airports.map((airport) => [airport.iata, airport]));
    return (iata: string) => byCode.get(iata.trim().toUpperCase());
  });
  return lookup;
}
