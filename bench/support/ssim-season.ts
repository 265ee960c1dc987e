/**
 * A synthetic IATA SSIM season file for the schedule import benchmark: OpenFlights routes
 * (routes.dat, ODbL) of big carriers laid out as the IATA winter season W26 (25 Oct 2026 -
 * 27 Mar 2027), with a busy airport's carriers first so a fair share of the legs touch it.
 *
 * What real files have is in it: several flights a day on busy routes, days of operation
 * (daily, weekday/weekend variations, a few days a week), period splits, return flights as the
 * onward flight of the same aircraft, multi-leg flights, operational suffixes, one carrier in
 * UTC time mode, and a few overnight legs whose date variation is left blank. Timetables are
 * made up (seeded, deterministic); routes, airports, zones and aircraft types are OpenFlights'.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { field, readRows } from '../../scripts/demo-data/openflights-csv';
import { createPrng, type Prng } from '../../server/demo/prng';
import {
  findAirline,
  findAirport,
  type ReferenceAirport,
} from '../../server/reference/reference-data';
import { parseIsoDate } from '../../server/schedules/calendar-dates';
import { zonedOffset } from '../../server/schedules/zone-offsets';
import {
  carrierRecord,
  headerRecord,
  legRecord,
  ssimFile,
  trailerRecord,
  type LegFields,
} from '../../test-support/ssim-record-builder';

export interface SsimSeasonOptions {
  /** Folder of routes.dat; default OPENFLIGHTS_DIR or ../shared/data/openflights. */
  openflightsDir?: string;
  /** The busy airport whose carriers come first. */
  airport?: string;
  minLegRecords?: number;
  seed?: string;
}

export interface SsimSeason {
  text: string;
  legRecords: number;
  /** Leg records that leave or reach the airport. */
  airportLegRecords: number;
  /** Of those, overnight legs with a blank date variation (the reader infers and counts them). */
  airportBlankOvernight: number;
  carriers: string[];
  season: { from: string; to: string };
}

const SEASON = { from: '2026-10-25', to: '2027-03-27', ssimFrom: '25OCT26', ssimTo: '27MAR27' };
const MID_SEASON = parseIsoDate('2026-12-15') as number;
const SPLIT = { endFirst: '14DEC26', startSecond: '15DEC26' };

interface Route {
  airline: string;
  origin: ReferenceAirport;
  destination: ReferenceAirport;
  aircraftType: string;
}

function defaultDataDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return process.env.OPENFLIGHTS_DIR ?? join(repoRoot, '../shared/data/openflights');
}

function loadRoutes(dataDir: string): Map<string, Route[]> {
  const byAirline = new Map<string, Route[]>();
  const seen = new Set<string>();
  for (const row of readRows(join(dataDir, 'routes.dat'))) {
    const airline = field(row, 0);
    const origin = findAirport(field(row, 2) ?? '');
    const destination = findAirport(field(row, 4) ?? '');
    if (!airline || !/^[A-Z0-9]{2}$/.test(airline) || !findAirline(airline)) continue;
    if (!origin || !destination || origin === destination) continue;
    if (field(row, 6) === 'Y' || field(row, 7) !== '0') continue; // codeshares, stops
    const key = `${airline}|${origin.iata}|${destination.iata}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const type = (field(row, 8) ?? '').split(' ').find((code) => /^[A-Z0-9]{3}$/.test(code));
    const routes = byAirline.get(airline) ?? [];
    routes.push({ airline, origin, destination, aircraftType: type ?? '320' });
    byAirline.set(airline, routes);
  }
  return byAirline;
}

function distanceKm(a: ReferenceAirport, b: ReferenceAirport): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

/** Block time: 800 km/h plus taxi and climb, rounded to 5 minutes. */
function blockMinutes(route: Route): number {
  return Math.round((distanceKm(route.origin, route.destination) / 13.3 + 35) / 5) * 5;
}

function offsetOf(airport: ReferenceAirport): number {
  return zonedOffset(airport.timeZone, MID_SEASON, 720);
}

function variation(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

const hhmm = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
};
const dayVariation = (days: number) => (days < 0 ? 'A' : String(days));

/** Departure times of day: banks in the morning and evening, little at night. */
function departureMinute(prng: Prng): number {
  const hour = prng.weighted<number>([
    [1, 1],
    [3, 1],
    [5, 3],
    [6, 6],
    [7, 6],
    [8, 5],
    [9, 4],
    [10, 3],
    [11, 3],
    [12, 3],
    [13, 3],
    [14, 3],
    [15, 3],
    [16, 4],
    [17, 5],
    [18, 6],
    [19, 6],
    [20, 5],
    [21, 4],
    [22, 3],
    [23, 2],
  ]);
  return hour * 60 + prng.int(0, 11) * 5;
}

function daysPatterns(prng: Prng): string[] {
  const kind = prng.weighted<string>([
    ['daily', 55],
    ['weekdays', 20],
    ['some', 25],
  ]);
  if (kind === 'daily') return ['1234567'];
  if (kind === 'weekdays') return ['12345  ', '     67'];
  const days = prng.shuffle([1, 2, 3, 4, 5, 6, 7]).slice(0, prng.int(3, 5));
  return ['1234567'.replace(/\d/g, (d) => (days.includes(Number(d)) ? d : ' '))];
}

export function ssimSeason(options: SsimSeasonOptions = {}): SsimSeason {
  const airport = options.airport ?? 'DEL';
  const minLegRecords = options.minLegRecords ?? 20_000;
  const prng = createPrng(options.seed ?? 'jetbridge-ssim-season-w26');
  const byAirline = loadRoutes(options.openflightsDir ?? defaultDataDir());
  const touches = (route: Route) =>
    route.origin.iata === airport || route.destination.iata === airport;
  const routesHere = (code: string) => (byAirline.get(code) ?? []).filter(touches).length;
  // The carriers with most routes at the airport first, then the rest by network size.
  const carriers = [...byAirline.keys()].sort(
    (a, b) =>
      routesHere(b) - routesHere(a) ||
      (byAirline.get(b)?.length ?? 0) - (byAirline.get(a)?.length ?? 0) ||
      a.localeCompare(b),
  );
  const country = findAirport(airport)?.country;

  const lines: string[] = [headerRecord()];
  const chosen: string[] = [];
  let legRecords = 0;
  let airportLegRecords = 0;
  let airportBlankOvernight = 0;
  for (const airline of carriers) {
    if (legRecords >= minLegRecords) break;
    const timeMode = chosen.length === 3 ? 'U' : 'L'; // one carrier files in UTC
    chosen.push(airline);
    lines.push(
      carrierRecord({ airline, timeMode, validFrom: SEASON.ssimFrom, validTo: SEASON.ssimTo }),
    );
    const routes = byAirline.get(airline) as Route[];
    const routeKeys = new Set(routes.map((r) => `${r.origin.iata}|${r.destination.iata}`));
    let number = 100;
    for (const route of routes) {
      const domestic = route.origin.country === route.destination.country;
      // Busy: trunk routes at the airport see several flights a day.
      const flightsPerDay = touches(route)
        ? domestic && route.origin.country === country
          ? prng.int(4, 10)
          : prng.int(1, 3)
        : prng.weighted<number>([
            [1, 6],
            [2, 3],
            [3, 1],
          ]);
      const hasReturn = routeKeys.has(`${route.destination.iata}|${route.origin.iata}`);
      for (let f = 0; f < flightsPerDay && number < 9990; f += 1) {
        number += 2;
        const suffix = prng.chance(0.005) ? 'A' : '';
        const legs: Array<{ route: Route; departure: number }> = [
          { route, departure: departureMinute(prng) },
        ];
        // A few flights continue to a third airport under the same number.
        if (prng.chance(0.03)) {
          const next = routes.filter(
            (r) => r.origin === route.destination && r.destination !== route.origin,
          );
          if (next.length > 0) {
            legs.push({
              route: prng.pick(next),
              departure: legs[0]!.departure + blockMinutes(route) + prng.int(8, 16) * 5,
            });
          }
        }
        // Variations move the time by minutes, but never across midnight at either end (that
        // would move their days onto another variation's).
        const dayVariations = (shift: number) =>
          legs
            .map(
              (leg) =>
                legFields({
                  leg: leg.route,
                  departure: leg.departure + shift,
                  timeMode,
                  blankOvernight: false,
                }).record.dateVariation,
            )
            .join();
        const nudge = (minutes: number) =>
          [minutes, -minutes].find((m) => dayVariations(m) === dayVariations(0)) ?? 0;
        const split = prng.chance(0.15);
        const periods: Array<[string, string, number]> = split
          ? [
              [SEASON.ssimFrom, SPLIT.endFirst, 0],
              [SPLIT.startSecond, SEASON.ssimTo, nudge(prng.int(1, 4) * 5)],
            ]
          : [[SEASON.ssimFrom, SEASON.ssimTo, 0]];
        let variant = 0;
        for (const days of daysPatterns(prng)) {
          for (const [from, to, shift] of periods) {
            variant += 1;
            legs.forEach((leg, index) => {
              const fields = legFields({
                leg: leg.route,
                departure: leg.departure + shift + (days === '     67' ? nudge(30) : 0),
                timeMode,
                blankOvernight: prng.chance(0.05),
              });
              const record: LegFields = {
                ...fields.record,
                airline,
                flightNumber: number,
                suffix,
                itineraryVariation: variant,
                legSequence: index + 1,
                from,
                to,
                days,
                onward:
                  hasReturn && legs.length === 1
                    ? { airline, flightNumber: number + 1 }
                    : undefined,
              };
              lines.push(legRecord(record));
              legRecords += 1;
              if (leg.route.origin.iata === airport || leg.route.destination.iata === airport) {
                airportLegRecords += 1;
                if (fields.blankOvernight) airportBlankOvernight += 1;
              }
            });
          }
        }
      }
    }
    lines.push(trailerRecord(airline));
  }
  return {
    text: ssimFile(lines),
    legRecords,
    airportLegRecords,
    airportBlankOvernight,
    carriers: chosen,
    season: { from: SEASON.from, to: SEASON.to },
  };
}

/** Times, variations and date variations of one leg in the carrier's time mode. */
function legFields(input: {
  leg: Route;
  departure: number;
  timeMode: string;
  blankOvernight: boolean;
}): { record: Omit<LegFields, 'airline' | 'flightNumber'>; blankOvernight: boolean } {
  const { leg, timeMode } = input;
  const originOffset = offsetOf(leg.origin);
  const destinationOffset = offsetOf(leg.destination);
  const departureUtc = input.departure - originOffset;
  const arrivalUtc = departureUtc + blockMinutes(leg);
  const departure = timeMode === 'U' ? departureUtc : input.departure;
  const arrival = timeMode === 'U' ? arrivalUtc : arrivalUtc + destinationOffset;
  const departureDays = Math.floor(departure / 1440);
  const arrivalDays = Math.floor(arrival / 1440);
  // Same-day legs leave the date variation blank, as real files do; a few overnight ones too.
  const blankOvernight = input.blankOvernight && departureDays === 0 && arrivalDays === 1;
  const dateVariation =
    (departureDays === 0 && arrivalDays === 0) || blankOvernight
      ? '  '
      : `${dayVariation(departureDays)}${dayVariation(arrivalDays)}`;
  return {
    record: {
      origin: leg.origin.iata,
      departure: hhmm(departure),
      departureVariation: variation(originOffset),
      destination: leg.destination.iata,
      arrival: hhmm(arrival),
      arrivalVariation: variation(destinationOffset),
      aircraftType: leg.aircraftType,
      dateVariation,
    },
    blankOvernight,
  };
}
