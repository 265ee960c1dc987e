/** Which routes out of the origin the demo day flies, chosen from the OpenFlights routes.dat rows. */
import { SEATS } from './aircraft-types';
import { field } from './openflights-csv';
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

/** Non-codeshare nonstop routes of active airlines with IATA codes, sorted by airline-destination. */
export function selectRoutes(data: OpenFlightsSnapshot, origin: Airport): Route[] {
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

  const candidates = new Map<string, Route & { codeshare: boolean }>();
  for (const row of data.routes) {
    if (field(row, 2) !== origin.iata) continue;
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
    const destId = field(row, 5);
    const destIata = field(row, 4);
    // The route's IATA code first: airport ids can point at a closed airport whose code moved on
    // (routes to IST carry the id of Atatürk, now listed as ISL).
    const destination =
      (destIata ? byIata.get(destIata) : undefined) ?? (destId ? byId.get(destId) : undefined);
    if (!destination || destination.iata === origin.iata) continue;
    const equipment = (field(row, 8) ?? '')
      .split(/\s+/)
      .filter((type) => type !== '' && data.planes.has(type) && SEATS[type] !== undefined);
    if (equipment.length === 0) continue;
    const codeshare = field(row, 6) === 'Y';
    const key = `${airline.iata}-${destination.iata}`;
    const existing = candidates.get(key);
    // Prefer the operating (non-codeshare) route of an airline to a destination.
    if (!existing || (existing.codeshare && !codeshare)) {
      candidates.set(key, { airline, destination, equipment, codeshare });
    }
  }
  // Codeshares are marketing duplicates of another carrier's flight: keep only operated routes.
  return [...candidates.values()]
    .filter((route) => !route.codeshare)
    .map(({ airline, destination, equipment }) => ({ airline, destination, equipment }))
    .sort((a, b) =>
      `${a.airline.iata}-${a.destination.iata}`.localeCompare(
        `${b.airline.iata}-${b.destination.iata}`,
      ),
    );
}
