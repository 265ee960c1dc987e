/** Which routes the demo day flies, chosen from the OpenFlights routes.dat rows. */
import { SEATS } from './aircraft-types';
import { field, type Row } from './openflights-csv';
import type { Airline, Airport, OpenFlightsSnapshot } from './openflights-snapshot';

/** Carriers whose routes are in the historic snapshot but which no longer fly (year ceased). */
export const CEASED_CARRIERS: Record<string, string> = {
  '9W': 'Jet Airways, 2019',
  S2: 'Air Sahara / JetLite, 2019',
  G8: 'Go First (Go Air), 2023',
  AZ: 'Alitalia, 2021',
  '4Q': 'Safi Airways, 2016',
};

export interface Route {
  airline: Airline;
  destination: Airport;
  /** IATA aircraft codes with a known name and seat count. */
  equipment: string[];
}

/** A route into the hub: the reverse of a Route. */
export interface InboundRoute {
  airline: Airline;
  origin: Airport;
  equipment: string[];
}

interface RouteRow {
  airline: Airline;
  from: Airport;
  to: Airport;
  equipment: string[];
  codeshare: boolean;
}

/**
 * The nonstop rows of active airlines with IATA codes whose airports pass `wanted`, airports
 * resolved and equipment narrowed to types with a known name and seat count.
 */
function readRouteRows(
  data: OpenFlightsSnapshot,
  wanted: (fromIata: string | null, toIata: string | null) => boolean,
): RouteRow[] {
  const byId = new Map(data.airports.map((a) => [a.id, a]));
  const byIata = new Map<string, Airport>();
  for (const airport of data.airports)
    if (!byIata.has(airport.iata)) byIata.set(airport.iata, airport);
  const activeByIata = new Map<string, Airline>();
  for (const airline of data.airlines.values()) {
    if (airline.active && airline.iata && !activeByIata.has(airline.iata)) {
      activeByIata.set(airline.iata, airline);
    }
  }
  // The route's IATA code first: airport ids can point at a closed airport whose code moved on
  // (routes to IST carry the id of Atatürk, now listed as ISL).
  const airportOf = (iata: string | null, id: string | null) =>
    (iata ? byIata.get(iata) : undefined) ?? (id ? byId.get(id) : undefined);

  const rows: RouteRow[] = [];
  for (const row of data.routes as Row[]) {
    if (!wanted(field(row, 2), field(row, 4))) continue;
    const code = field(row, 0);
    const airlineId = field(row, 1);
    const airline =
      (airlineId ? data.airlines.get(airlineId) : undefined) ??
      (code ? activeByIata.get(code) : undefined);
    if (!airline || !airline.active || !airline.iata || !/^[A-Z0-9]{2}$/.test(airline.iata)) {
      continue;
    }
    if (airline.iata !== code || CEASED_CARRIERS[airline.iata]) continue;
    if (field(row, 7) !== '0') continue; // nonstop only
    const from = airportOf(field(row, 2), field(row, 3));
    const to = airportOf(field(row, 4), field(row, 5));
    if (!from || !to || from.iata === to.iata) continue;
    const equipment = (field(row, 8) ?? '')
      .split(/\s+/)
      .filter((type) => type !== '' && data.planes.has(type) && SEATS[type] !== undefined);
    if (equipment.length === 0) continue;
    rows.push({ airline, from, to, equipment, codeshare: field(row, 6) === 'Y' });
  }
  return rows;
}

/** Per airline and other airport, the operated (non-codeshare) row; codeshares are dropped. */
function operatedByKey(rows: RouteRow[], other: (row: RouteRow) => Airport): Map<string, RouteRow> {
  const candidates = new Map<string, RouteRow>();
  for (const row of rows) {
    const key = `${row.airline.iata}-${other(row).iata}`;
    const existing = candidates.get(key);
    // Prefer the operating (non-codeshare) route of an airline to a destination.
    if (!existing || (existing.codeshare && !row.codeshare)) candidates.set(key, row);
  }
  // Codeshares are marketing duplicates of another carrier's flight: keep only operated routes.
  for (const [key, row] of candidates) if (row.codeshare) candidates.delete(key);
  return new Map([...candidates].sort(([a], [b]) => a.localeCompare(b)));
}

/** Non-codeshare nonstop routes of active airlines with IATA codes, sorted by airline-destination. */
export function selectRoutes(data: OpenFlightsSnapshot, origin: Airport): Route[] {
  const rows = readRouteRows(data, (fromIata) => fromIata === origin.iata);
  return [...operatedByKey(rows, (row) => row.to).values()].map((row) => ({
    airline: row.airline,
    destination: row.to,
    equipment: row.equipment,
  }));
}

/**
 * The routes back into the hub of the outbound routes: the same airline from the same airport,
 * when routes.dat has that route too. Keyed "AI-BOM" (airline-origin).
 */
export function selectInboundRoutes(
  data: OpenFlightsSnapshot,
  hub: Airport,
  outbound: readonly Route[],
): Map<string, InboundRoute> {
  const wanted = new Set(
    outbound.map((route) => `${route.airline.iata}-${route.destination.iata}`),
  );
  const rows = readRouteRows(data, (_fromIata, toIata) => toIata === hub.iata);
  const inbound = new Map<string, InboundRoute>();
  for (const [key, row] of operatedByKey(rows, (r) => r.from)) {
    if (wanted.has(key)) {
      inbound.set(key, { airline: row.airline, origin: row.from, equipment: row.equipment });
    }
  }
  return inbound;
}
