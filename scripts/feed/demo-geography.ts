/**
 * Where airports are and how airlines are called on the radio, as far as the position simulator
 * needs it: an injected `Geography`, so the simulator can take the hub's reference data once that
 * exists, and the small table derived for the demo day (demo-geography.json, ODbL, from
 * OpenFlights by derive-demo-geography.ts) until then.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LatLon } from '../../core/geo';

export interface AirportPoint extends LatLon {
  /** Field elevation, metres above sea level. */
  elevationM: number;
}

export interface Geography {
  /** The airport's reference point, by IATA code. */
  airport(iata: string): AirportPoint | undefined;
  /** The airline's ICAO designator (the callsign prefix) and country, by IATA code. */
  airline(iata: string): { icao: string; country: string } | undefined;
}

const demoGeographySchema = z.object({
  header: z.object({
    title: z.string(),
    source: z.string(),
    sourceUrl: z.string(),
    license: z.string(),
    licenseUrl: z.string(),
    snapshotDate: z.string().nullable(),
    generatedBy: z.string(),
    notes: z.array(z.string()),
  }),
  airports: z.record(
    z.string().regex(/^[A-Z]{3}$/),
    z.object({
      icao: z.string().nullable(),
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      elevationM: z.number(),
    }),
  ),
  airlines: z.record(
    z.string().regex(/^[A-Z0-9]{2}$/),
    z.object({ icao: z.string().regex(/^[A-Z]{3}$/), name: z.string(), country: z.string() }),
  ),
});
export type DemoGeography = z.infer<typeof demoGeographySchema>;

export const DEMO_GEOGRAPHY_FILE = new URL('./demo-geography.json', import.meta.url);

/** Reads and checks the demo table; a damaged file is refused with what is wrong. */
export function loadDemoGeography(file: URL | string = DEMO_GEOGRAPHY_FILE): Geography {
  const parsed = demoGeographySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(file)}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }
  return geographyFrom(parsed.data);
}

export function geographyFrom(data: Pick<DemoGeography, 'airports' | 'airlines'>): Geography {
  return {
    airport: (iata) => {
      const found = data.airports[iata];
      return found ? { lat: found.lat, lon: found.lon, elevationM: found.elevationM } : undefined;
    },
    airline: (iata) => {
      const found = data.airlines[iata];
      return found ? { icao: found.icao, country: found.country } : undefined;
    },
  };
}
