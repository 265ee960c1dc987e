/**
 * Derives the Delhi (DEL) demo departure day from the OpenFlights data snapshot.
 *
 *   npm run demo:derive [-- <openflights-dir>]     (or OPENFLIGHTS_DIR=<dir> npm run demo:derive)
 *
 * Reads airports.dat, airlines.dat, routes.dat and planes.dat (default ../shared/data/openflights
 * relative to the repository root), selects the non-codeshare nonstop routes out of DEL flown by
 * active airlines with IATA codes, and lays out a deterministic (seeded) one-day schedule template:
 * flight numbers, local departure times of day in realistic banks, terminals and gates. Writes
 * resources/demo/del-departures.json, ATTRIBUTION.md and LICENSE-ODbL.txt (the data is ODbL 1.0).
 * The output directory can be overridden with DEMO_OUT_DIR.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrng, type Prng } from '../server/demo/prng';
import type { DemoAirport, DemoDeparture, DemoTemplate } from '../server/demo/template';

const ORIGIN = 'DEL';
const SEED = 'jetbridge-del-demo-v1';
const MIN_DEPARTURES = 320;

/** Carriers whose routes are in the historic snapshot but which no longer fly (year ceased). */
const CEASED_CARRIERS: Record<string, string> = {
  '9W': 'Jet Airways, 2019',
  S2: 'Air Sahara / JetLite, 2019',
  G8: 'Go First (Go Air), 2023',
  AZ: 'Alitalia, 2021',
  '4Q': 'Safi Airways, 2016',
};

/** Legacy IANA link names in airports.dat mapped to their canonical zone. */
const CANONICAL_ZONES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
};

/** Airports whose zone is missing (\N) or wrong in the snapshot. */
const ZONE_FIXES: Record<string, string> = {
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
const EXTRA_PLANES: Record<string, { icao: string | null; name: string }> = {
  '73H': { icao: 'B738', name: 'Boeing 737-800 (winglets)' },
  '73W': { icao: 'B737', name: 'Boeing 737-700 (winglets)' },
  DH8: { icao: 'DH8D', name: 'De Havilland Canada Dash 8-400' },
  '74H': { icao: 'B748', name: 'Boeing 747-8' },
};

/** Typical seats per IATA aircraft code (not OpenFlights data; for plausible passenger counts). */
const SEATS: Record<string, number> = {
  '319': 144,
  '320': 180,
  '321': 220,
  '330': 280,
  '332': 250,
  '333': 300,
  '346': 350,
  '310': 200,
  AB6: 260,
  '733': 140,
  '734': 160,
  '735': 120,
  '737': 149,
  '738': 189,
  '739': 180,
  '73G': 140,
  '73H': 189,
  '73W': 149,
  '744': 400,
  '74H': 364,
  '752': 190,
  '763': 250,
  '764': 245,
  '767': 250,
  '772': 300,
  '773': 368,
  '77L': 238,
  '77W': 342,
  '788': 256,
  AT7: 70,
  ATR: 48,
  CR7: 70,
  DH8: 78,
  E90: 100,
  M82: 150,
};
const WIDEBODY = new Set([
  '330',
  '332',
  '333',
  '346',
  '310',
  'AB6',
  '744',
  '74H',
  '763',
  '764',
  '767',
  '772',
  '773',
  '77L',
  '77W',
  '788',
]);

const METROS = ['BOM', 'BLR', 'HYD', 'MAA', 'CCU'];
const SECONDARY = new Set([
  'AMD',
  'PNQ',
  'GOI',
  'COK',
  'LKO',
  'PAT',
  'GAU',
  'SXR',
  'IXB',
  'BBI',
  'JAI',
  'IXC',
  'ATQ',
  'VNS',
  'IDR',
  'NAG',
  'IXJ',
  'IXR',
]);
const GULF = new Set(['DXB', 'AUH', 'DOH', 'SHJ', 'MCT', 'BAH', 'KWI', 'DMM', 'RUH', 'JED']);
/** Daily frequencies of foreign carriers' hub routes flown more than once a day. */
const FOREIGN_DAILY: Record<string, number> = {
  'EK-DXB': 3,
  'QR-DOH': 2,
  'EY-AUH': 2,
  'BA-LHR': 2,
  'G9-SHJ': 2,
  'FZ-DXB': 2,
};

/** Relative departure weights per local hour at DEL: morning and evening banks, thin night. */
const DOMESTIC_HOURS = [
  0.4, 0.2, 0.1, 0.1, 0.3, 3, 9, 10, 9, 7, 5, 4, 3.5, 3.5, 4, 4, 5.5, 7, 9, 9, 8, 6, 4, 2,
];
/** International departures at DEL cluster late evening and after midnight, plus a midday wave. */
const INTERNATIONAL_HOURS = [
  5, 6, 5, 3, 2, 1.5, 1.5, 2.5, 3, 3, 3, 3, 3, 4, 4, 3, 2, 2, 2, 3, 4, 5, 5, 5,
];

// ---------------------------------------------------------------------------------------------

type Row = Array<string | null>;

/** One CSV line: quoted fields with "" escapes, `\N` as null. */
export function parseCsvLine(line: string): Row {
  const fields: Row = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i += 1;
      while (i < line.length) {
        const ch = line[i] as string;
        if (ch === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += ch;
        i += 1;
      }
      fields.push(value);
      while (i < line.length && line[i] !== ',') i += 1;
    } else {
      const end = line.indexOf(',', i);
      const raw = end < 0 ? line.slice(i) : line.slice(i, end);
      fields.push(raw === '\\N' ? null : raw);
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) break;
    i += 1; // the comma
    if (i === line.length) {
      fields.push('');
      break;
    }
  }
  return fields;
}

function readRows(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(parseCsvLine);
}

/** A field, with empty strings and \N as null. */
function field(row: Row, index: number): string | null {
  const value = row[index];
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}

interface Airport {
  id: string;
  name: string;
  city: string;
  country: string;
  iata: string;
  icao: string | null;
  lat: number;
  lon: number;
  timeZone: string | null;
}

interface Airline {
  id: string;
  name: string;
  iata: string | null;
  country: string | null;
  active: boolean;
}

interface Route {
  airline: Airline;
  destination: Airport;
  equipment: string[];
}

function canonicalZone(zone: string): string {
  return CANONICAL_ZONES[zone] ?? zone;
}

function distanceKm(a: Airport, b: Airport): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Circular distance between two minutes of the day. */
function circularGap(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}

// ---------------------------------------------------------------------------------------------

function loadData(dataDir: string) {
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
      country: field(row, 6),
      active: field(row, 7) === 'Y',
    });
  }
  const planes = new Map<string, { icao: string | null; name: string }>();
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

function zoneFor(airport: Airport, airports: Airport[]): string {
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

function selectRoutes(data: ReturnType<typeof loadData>, origin: Airport): Route[] {
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

function dailyFrequency(route: Route, domestic: boolean): number {
  const code = route.airline.iata ?? '';
  const dest = route.destination.iata;
  const regional = route.equipment.every((type) => SEATS[type] !== undefined && SEATS[type] < 100);
  if (!domestic) {
    if (code === '6E' || code === 'SG' || code === 'AI') return GULF.has(dest) ? 2 : 1;
    return FOREIGN_DAILY[`${code}-${dest}`] ?? 1;
  }
  const metro = METROS.includes(dest);
  const secondary = SECONDARY.has(dest);
  switch (code) {
    case '6E':
      return dest === 'BOM' ? 13 : metro ? 10 : secondary ? 4 : 2;
    case 'AI':
      return dest === 'BOM' ? 9 : metro ? 7 : secondary ? 3 : regional ? 1 : 2;
    case 'SG':
      return metro ? 5 : secondary ? 3 : regional ? 1 : 2;
    default:
      return metro ? 3 : 1;
  }
}

function pickDepartureMinutes(
  prng: Prng,
  weights: number[],
  taken: number[],
  count: number,
): number {
  const minGap = Math.min(80, Math.floor((1440 / count) * 0.5));
  const hours = weights.map((weight, hour) => [hour, weight] as const);
  let best = 0;
  let bestGap = -1;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const hour = prng.weighted(hours);
    const minutes = hour * 60 + prng.int(0, 11) * 5;
    const gap = taken.length === 0 ? 1440 : Math.min(...taken.map((t) => circularGap(t, minutes)));
    if (gap >= minGap) return minutes;
    if (gap > bestGap) {
      best = minutes;
      bestGap = gap;
    }
  }
  return best;
}

class FlightNumbers {
  private readonly used = new Set<string>();
  private readonly foreignNext = new Map<string, number>();

  constructor(private readonly prng: Prng) {}

  next(code: string, domestic: boolean, longHaul: boolean, gulf: boolean): string {
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const number = this.candidate(code, domestic, longHaul, gulf);
      const flightNumber = `${code} ${number}`;
      if (!this.used.has(flightNumber)) {
        this.used.add(flightNumber);
        return flightNumber;
      }
    }
    throw new Error(`ran out of flight numbers for ${code}`);
  }

  private candidate(code: string, domestic: boolean, longHaul: boolean, gulf: boolean): number {
    const p = this.prng;
    switch (code) {
      case '6E':
        if (!domestic) return p.chance(0.4) ? p.int(11, 99) : p.int(1001, 1999);
        return p.chance(0.35) ? p.int(2000, 2999) : p.int(5000, 6999);
      case 'AI':
        if (!domestic) {
          if (longHaul) return p.int(100, 199);
          return gulf ? p.int(900, 999) : p.int(200, 399);
        }
        // Former Vistara flights fly as AI 2xxx since the 2024 merger.
        return p.chance(0.35) ? p.int(2400, 2999) : p.int(401, 899);
      case 'SG':
        return domestic ? p.int(8100, 8999) : p.int(11, 99);
      default: {
        // Foreign carriers: a block of nearby numbers, as real timetables have.
        const start = this.foreignNext.get(code) ?? p.int(10, 89) * 10 + (p.chance(0.3) ? 1 : 0);
        this.foreignNext.set(code, start + 2);
        return start;
      }
    }
  }
}

function terminalFor(code: string, domestic: boolean, flightNumber: string): string {
  if (!domestic || code === 'AI') return 'T3';
  if (code === '6E') {
    const number = Number(flightNumber.split(' ')[1]);
    return number >= 2000 && number <= 2999 ? 'T2' : 'T1';
  }
  return code === 'SG' ? 'T1' : 'T3';
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}

/** Gate pools per terminal (and T3 pier): numbered contact gates plus a few lettered bus gates. */
const GATE_POOLS: Record<string, string[]> = {
  T1: [...range(1, 30), '1A', '1B', '1C'],
  T2: range(1, 16),
  'T3-intl': [...range(1, 24), '7A', '7B', '12A', '12B'],
  'T3-dom': [...range(25, 62), '32A', '32B', '33A', '33B', '41A', '41B'],
};

class GateAllocator {
  /** Occupied intervals per pool+gate, in minutes of the day (circular). */
  private readonly busy = new Map<string, Array<[number, number]>>();

  constructor(private readonly prng: Prng) {}

  assign(terminal: string, domestic: boolean, minutes: number, widebody: boolean): string {
    const pool = terminal === 'T3' ? (domestic ? 'T3-dom' : 'T3-intl') : terminal;
    const gates = GATE_POOLS[pool];
    if (!gates) throw new Error(`no gates for ${pool}`);
    const start = minutes - (widebody ? 65 : 45);
    const end = minutes + 15;
    const overlaps = (a: [number, number]) =>
      circularGap((a[0] + a[1]) / 2, (start + end) / 2) < (a[1] - a[0] + (end - start)) / 2;
    // Prefer contact gates; lettered gates are bus gates used a fraction of the time.
    const contact = gates.filter((gate) => /^\d+$/.test(gate));
    const order = this.prng.chance(0.12)
      ? this.prng.shuffle(gates)
      : [
          ...this.prng.shuffle(contact),
          ...this.prng.shuffle(gates.filter((g) => !/^\d+$/.test(g))),
        ];
    for (const gate of order) {
      const key = `${pool}:${gate}`;
      const intervals = this.busy.get(key) ?? [];
      if (intervals.some(overlaps)) continue;
      intervals.push([start, end]);
      this.busy.set(key, intervals);
      return gate;
    }
    throw new Error(`no free gate in ${pool} at ${hhmm(minutes)}`);
  }
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dataDir = resolve(
    process.argv[2] ?? process.env.OPENFLIGHTS_DIR ?? join(repoRoot, '../shared/data/openflights'),
  );
  const outDir = resolve(process.env.DEMO_OUT_DIR ?? join(repoRoot, 'resources/demo'));
  for (const file of ['airports.dat', 'airlines.dat', 'routes.dat', 'planes.dat']) {
    if (!existsSync(join(dataDir, file))) throw new Error(`missing ${file} in ${dataDir}`);
  }

  const data = loadData(dataDir);
  const originRecord = data.airports.find((a) => a.iata === ORIGIN);
  if (!originRecord) throw new Error(`${ORIGIN} not in airports.dat`);
  const airport: DemoAirport = {
    iata: originRecord.iata,
    icao: originRecord.icao,
    name: originRecord.name,
    city: CITY_FIXES[originRecord.city] ?? originRecord.city,
    country: originRecord.country,
    timeZone: zoneFor(originRecord, data.airports),
  };
  const routes = selectRoutes(data, originRecord);

  const prng = createPrng(SEED);
  const numbers = new FlightNumbers(prng);
  const gates = new GateAllocator(prng);

  interface Planned {
    route: Route;
    domestic: boolean;
    longHaul: boolean;
    minutes: number;
    aircraftType: string;
  }
  const planned: Planned[] = [];
  for (const route of routes) {
    const domestic = route.destination.country === originRecord.country;
    const longHaul = distanceKm(originRecord, route.destination) > 4000;
    const count = dailyFrequency(route, domestic);
    const taken: number[] = [];
    const weights = domestic ? DOMESTIC_HOURS : INTERNATIONAL_HOURS;
    for (let i = 0; i < count; i += 1) {
      const minutes = pickDepartureMinutes(prng, weights, taken, count);
      taken.push(minutes);
      planned.push({
        route,
        domestic,
        longHaul,
        minutes,
        aircraftType: prng.pick(route.equipment),
      });
    }
  }
  planned.sort(
    (a, b) =>
      a.minutes - b.minutes ||
      `${a.route.airline.iata}${a.route.destination.iata}`.localeCompare(
        `${b.route.airline.iata}${b.route.destination.iata}`,
      ),
  );

  const departures: DemoDeparture[] = planned.map((plan) => {
    const code = plan.route.airline.iata as string;
    const dest = plan.route.destination;
    const flightNumber = numbers.next(code, plan.domestic, plan.longHaul, GULF.has(dest.iata));
    const terminal = terminalFor(code, plan.domestic, flightNumber);
    const plane = data.planes.get(plan.aircraftType) as { icao: string | null; name: string };
    return {
      flightNumber,
      airline: code,
      airlineName: AIRLINE_NAME_FIXES[plan.route.airline.name] ?? plan.route.airline.name,
      destination: dest.iata,
      destinationCity: CITY_FIXES[dest.city] ?? dest.city,
      destinationName: dest.name,
      destinationCountry: dest.country,
      destinationTimeZone: zoneFor(dest, data.airports),
      domestic: plan.domestic,
      aircraftType: plan.aircraftType,
      aircraftIcao: plane.icao,
      aircraftName: plane.name,
      seats: SEATS[plan.aircraftType] as number,
      departureLocal: hhmm(plan.minutes),
      terminal,
      gate: gates.assign(terminal, plan.domestic, plan.minutes, WIDEBODY.has(plan.aircraftType)),
    };
  });

  if (departures.length < MIN_DEPARTURES) {
    throw new Error(`only ${departures.length} departures (need ${MIN_DEPARTURES})`);
  }

  const readme = existsSync(join(dataDir, 'README.md'))
    ? readFileSync(join(dataDir, 'README.md'), 'utf8')
    : '';
  const snapshotDate = /snapshot of (\d{4}-\d{2}-\d{2})/.exec(readme)?.[1] ?? null;
  const airlineCodes = new Set(departures.map((d) => d.airline));
  const destinations = new Set(departures.map((d) => d.destination));

  const template: DemoTemplate = {
    header: {
      title: `Demo departure day template for ${airport.name} (${airport.iata})`,
      source: 'OpenFlights airport, airline, route and aircraft data (openflights.org/data)',
      sourceUrl: 'https://openflights.org/data',
      license: 'ODbL 1.0',
      licenseUrl: 'https://opendatacommons.org/licenses/odbl/1-0/',
      snapshotDate,
      generatedBy: 'scripts/derive-demo-data.ts (npm run demo:derive)',
      seed: SEED,
      notes: [
        'Routes, airlines, airports, time zones and aircraft types are from OpenFlights; flight numbers, frequencies, departure times, terminals, gates and seat counts are synthetic.',
        'Only non-codeshare nonstop routes of active airlines with IATA codes are used.',
        `Carriers that have ceased operations are left out: ${Object.entries(CEASED_CARRIERS)
          .map(([code, why]) => `${code} (${why})`)
          .join(', ')}.`,
        'Legacy IANA zone names are canonicalised (Asia/Calcutta -> Asia/Kolkata) and a few missing or wrong zones and misspelt city names are corrected.',
      ],
      counts: {
        departures: departures.length,
        airlines: airlineCodes.size,
        destinations: destinations.size,
        routes: routes.length,
      },
    },
    airport,
    departures,
  };

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'del-departures.json'), `${JSON.stringify(template, null, 2)}\n`);
  copyFileSync(join(dataDir, 'LICENSE'), join(outDir, 'LICENSE-ODbL.txt'));
  writeFileSync(join(outDir, 'ATTRIBUTION.md'), attribution(template));
  console.log(
    `Wrote ${departures.length} departures (${airlineCodes.size} airlines, ${destinations.size} destinations, ${routes.length} routes) to ${outDir}`,
  );
}

function attribution(template: DemoTemplate): string {
  const { header, airport } = template;
  return `# Demo data attribution

The demo airport day in this directory (\`del-departures.json\`) is derived from the
[OpenFlights](https://openflights.org/data) airport, airline, route and aircraft-type data
(snapshot ${header.snapshotDate ?? 'date unknown'}), which is made available under the
[Open Database License (ODbL) 1.0](${header.licenseUrl}). The full license text is in
[\`LICENSE-ODbL.txt\`](LICENSE-ODbL.txt). \`del-departures.json\` is a Derivative Database
and is likewise available under the ODbL 1.0.

## What was derived

- The departure airport record for ${airport.name} (${airport.iata}): name, city, IANA time zone.
- From \`routes.dat\`: the nonstop, non-codeshare routes out of ${airport.iata} flown by active airlines
  with IATA codes (${header.counts.routes} routes, ${header.counts.airlines} airlines,
  ${header.counts.destinations} destinations), with the aircraft type codes listed for each route.
- From \`airlines.dat\`, \`airports.dat\` and \`planes.dat\`: airline names, destination airport names,
  cities, countries and IANA time zones, and aircraft type names.

Synthetic additions (not OpenFlights data): flight numbers, daily frequencies, scheduled local
departure times (${header.counts.departures} departures over one day), terminals, gates and typical seat
counts. Carriers that have ceased operations are left out, legacy time-zone names are canonicalised
and a few missing or wrong time zones and misspelt city names are corrected (see \`header.notes\`).
The hub's demo day (\`server/demo/demo-day.ts\`) lays this template out around the current time and
adds statuses and delays; none of it describes a real timetable.

## How to regenerate

\`\`\`sh
npm run demo:derive                       # reads ../shared/data/openflights
npm run demo:derive -- /path/to/openflights   # or OPENFLIGHTS_DIR=/path/to/openflights
\`\`\`

The derivation is deterministic (seeded pseudo-random generator, seed \`${header.seed}\`): the same
input data gives the same output.
`;
}

main();
