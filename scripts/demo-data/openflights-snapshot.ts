/** The OpenFlights snapshot as typed records: airports, airlines, aircraft types and raw routes. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { field, readRows, type Row } from './openflights-csv';
import { EXTRA_PLANES } from './snapshot-corrections';

export interface Airport {
  id: string;
  name: string;
  city: string;
  country: string;
  iata: string;
  icao: string | null;
  lat: number;
  lon: number;
  timeZone: string | null;
  /** OpenFlights' type column: "airport", "station", "port" or "unknown". */
  type: string | null;
}

export interface Airline {
  id: string;
  name: string;
  iata: string | null;
  icao: string | null;
  callsign: string | null;
  country: string | null;
  active: boolean;
}

export interface Plane {
  icao: string | null;
  name: string;
}

export interface OpenFlightsSnapshot {
  airports: Airport[];
  /** By OpenFlights airline id. */
  airlines: Map<string, Airline>;
  /** By IATA aircraft type code. */
  planes: Map<string, Plane>;
  /** routes.dat rows, left raw: only the origin's routes are worth interpreting. */
  routes: Row[];
}

const REQUIRED_FILES = ['airports.dat', 'airlines.dat', 'routes.dat', 'planes.dat'];

export function assertSnapshotFiles(dataDir: string): void {
  for (const file of REQUIRED_FILES) {
    if (!existsSync(join(dataDir, file))) throw new Error(`missing ${file} in ${dataDir}`);
  }
}

export function loadOpenFlights(dataDir: string): OpenFlightsSnapshot {
  const airports: Airport[] = [];
  for (const row of readRows(join(dataDir, 'airports.dat'))) {
    const id = field(row, 0);
    const iata = field(row, 4);
    if (!id || !iata || !/^[A-Z]{3}$/.test(iata)) continue;
    airports.push({
      id,
      name: field(row, 1) ?? iata,
      city: field(row, 2) ?? '',
      country: field(row, 3) ?? '',
      iata,
      icao: field(row, 5),
      lat: Number(field(row, 6)),
      lon: Number(field(row, 7)),
      timeZone: field(row, 11),
      type: field(row, 12),
    });
  }
  const airlines = new Map<string, Airline>();
  for (const row of readRows(join(dataDir, 'airlines.dat'))) {
    const id = field(row, 0);
    if (!id) continue;
    airlines.set(id, {
      id,
      name: field(row, 1) ?? '',
      iata: field(row, 3),
      icao: field(row, 4),
      callsign: field(row, 5),
      country: field(row, 6),
      active: field(row, 7) === 'Y',
    });
  }
  const planes = new Map<string, Plane>();
  for (const row of readRows(join(dataDir, 'planes.dat'))) {
    const iata = field(row, 1);
    const name = field(row, 0);
    if (iata && name) planes.set(iata, { icao: field(row, 2), name });
  }
  for (const [code, plane] of Object.entries(EXTRA_PLANES)) {
    if (!planes.has(code)) planes.set(code, plane);
  }
  const routes = readRows(join(dataDir, 'routes.dat'));
  return { airports, airlines, planes, routes };
}
