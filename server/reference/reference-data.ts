/**
 * The airports and airlines Jetbridge knows by code: resources/reference/*.json, derived from
 * OpenFlights by scripts/derive-reference-data.ts (ODbL 1.0, see resources/reference).
 *
 * The files are bundled as JSON modules (so the Electron build carries them too) but validated
 * and indexed only on first use, once. A file that fails validation is a broken build, not bad
 * input: the first lookup throws naming the file and the problem.
 */
import { z } from 'zod';
import airportsFile from '../../resources/reference/airports.json' with { type: 'json' };
import airlinesFile from '../../resources/reference/airlines.json' with { type: 'json' };

const knownZones = new Map<string, boolean>();
/** Asked once per zone name: building an Intl formatter is too slow to do for 6,000 airports. */
function isValidTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(zone, known);
  }
  return known;
}

export const referenceAirportSchema = z.strictObject({
  iata: z.string().regex(/^[A-Z]{3}$/),
  icao: z
    .string()
    .regex(/^[A-Z0-9]{4}$/)
    .nullable(),
  name: z.string().min(1),
  city: z.string(),
  country: z.string(),
  /** IANA time zone name, e.g. "Asia/Kolkata". */
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone this runtime knows'),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type ReferenceAirport = z.infer<typeof referenceAirportSchema>;

export const referenceAirlineSchema = z.strictObject({
  iata: z.string().regex(/^[A-Z0-9]{2}$/),
  /** Unique among the airlines: ADS-B callsigns (IGO2134) are matched by it. */
  icao: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  name: z.string().min(1),
  /** Radio callsign, e.g. "IFLY". */
  callsign: z.string().nullable(),
  country: z.string().nullable(),
});
export type ReferenceAirline = z.infer<typeof referenceAirlineSchema>;

const headerSchema = z.object({ source: z.string(), license: z.string() }).loose();

const airportsFileSchema = z.object({
  header: headerSchema,
  airports: z.array(referenceAirportSchema),
});
const airlinesFileSchema = z.object({
  header: headerSchema,
  airlines: z.array(referenceAirlineSchema),
});

interface ReferenceIndex {
  airports: Map<string, ReferenceAirport>;
  airlines: Map<string, ReferenceAirline>;
  airlinesByIcao: Map<string, ReferenceAirline>;
}

let index: ReferenceIndex | null = null;

function parseFile<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(
    `${file} is not valid reference data: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}`,
  );
}

function uniqueBy<T>(items: T[], key: (item: T) => string | null, what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const code = key(item);
    if (code === null) continue;
    if (map.has(code)) throw new Error(`reference data lists ${what} "${code}" twice`);
    map.set(code, item);
  }
  return map;
}

function referenceIndex(): ReferenceIndex {
  if (index) return index;
  const { airports } = parseFile(
    airportsFileSchema,
    airportsFile,
    'resources/reference/airports.json',
  );
  const { airlines } = parseFile(
    airlinesFileSchema,
    airlinesFile,
    'resources/reference/airlines.json',
  );
  index = {
    airports: uniqueBy(airports, (a) => a.iata, 'airport'),
    airlines: uniqueBy(airlines, (a) => a.iata, 'airline'),
    airlinesByIcao: uniqueBy(airlines, (a) => a.icao, 'airline ICAO code'),
  };
  return index;
}

/** The airport with this IATA code ("DEL"), or undefined when the data does not have it. */
export function findAirport(iata: string): ReferenceAirport | undefined {
  return referenceIndex().airports.get(iata.trim().toUpperCase());
}

/**
 * The airport with this IATA code; throws naming the code when the data does not have it. For
 * settings such as JETBRIDGE_AIRPORT, where an unknown code must stop the hub.
 */
export function requireAirport(iata: string): ReferenceAirport {
  const code = iata.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    throw new Error(`"${iata}" is not an IATA airport code (three letters, e.g. "DEL")`);
  }
  const airport = findAirport(code);
  if (!airport) throw new Error(`unknown airport "${code}": it is not in the airport data`);
  return airport;
}

/**
 * The airline with this IATA designator ("6E"), or undefined. Designators not in the data (test
 * carriers such as "XX", new airlines) are still valid codes: callers use the code as it is.
 */
export function findAirline(iata: string): ReferenceAirline | undefined {
  return referenceIndex().airlines.get(iata.trim().toUpperCase());
}

/** The airline with this ICAO designator ("IGO" for IndiGo), e.g. from an ADS-B callsign. */
export function findAirlineByIcao(icao: string): ReferenceAirline | undefined {
  return referenceIndex().airlinesByIcao.get(icao.trim().toUpperCase());
}
