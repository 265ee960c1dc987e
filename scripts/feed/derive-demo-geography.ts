/**
 * Derives scripts/feed/demo-geography.json from the OpenFlights snapshot: the reference point and
 * elevation of the demo airport and of every airport its template flies to, and the ICAO designator
 * and country of every airline in it — what the position simulator needs to fly the demo day.
 *
 *   npx tsx scripts/feed/derive-demo-geography.ts [<openflights-dir>]   (or OPENFLIGHTS_DIR=<dir>)
 *
 * OpenFlights data is ODbL 1.0; the output carries that in its header (see scripts/feed/README.md).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_TEMPLATE } from '../../server/demo/demo-day';
import { field, readRows } from '../demo-data/openflights-csv';
import { assertSnapshotFiles } from '../demo-data/openflights-snapshot';
import { readSnapshotDate } from '../demo-data/provenance';
import type { DemoGeography } from './demo-geography';

const FEET_TO_METRES = 0.3048;

function main(): void {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const dataDir = resolve(
    process.argv[2] ?? process.env.OPENFLIGHTS_DIR ?? join(repoRoot, '../shared/data/openflights'),
  );
  assertSnapshotFiles(dataDir);
  const { airport, departures } = DEMO_TEMPLATE;

  const wantedAirports = new Set([airport.iata, ...departures.map((d) => d.destination)]);
  const airports: DemoGeography['airports'] = {};
  for (const row of readRows(join(dataDir, 'airports.dat'))) {
    const iata = field(row, 4);
    if (!iata || !wantedAirports.has(iata) || airports[iata]) continue;
    airports[iata] = {
      icao: field(row, 5),
      lat: Number(field(row, 6)),
      lon: Number(field(row, 7)),
      elevationM: Math.round(Number(field(row, 8) ?? 0) * FEET_TO_METRES),
    };
  }

  // The active OpenFlights record with that code and an ICAO designator; the template's name
  // decides between several (Lufthansa and Lufthansa Cargo share LH).
  const wantedAirlines = new Map(departures.map((d) => [d.airline, d.airlineName]));
  const candidates = new Map<string, Array<{ icao: string; name: string; country: string }>>();
  for (const row of readRows(join(dataDir, 'airlines.dat'))) {
    const iata = field(row, 3);
    const icao = field(row, 4);
    if (!iata || !wantedAirlines.has(iata) || !icao || !/^[A-Z]{3}$/.test(icao)) continue;
    if (field(row, 7) !== 'Y') continue;
    const list = candidates.get(iata) ?? [];
    list.push({ icao, name: field(row, 1) ?? iata, country: field(row, 6) ?? '' });
    candidates.set(iata, list);
  }
  const airlines: DemoGeography['airlines'] = {};
  for (const [iata, name] of wantedAirlines) {
    const list = candidates.get(iata) ?? [];
    const chosen =
      list.find((entry) => entry.name === name) ?? (list.length === 1 ? list[0] : undefined);
    if (chosen) airlines[iata] = chosen;
  }

  const missingAirports = [...wantedAirports].filter((code) => !airports[code]);
  const missingAirlines = [...wantedAirlines.keys()].filter((code) => !airlines[code]);
  const geography: DemoGeography = {
    header: {
      title: `Airport positions and airline ICAO designators for the ${airport.iata} demo day`,
      source: 'OpenFlights airport and airline data (openflights.org/data)',
      sourceUrl: 'https://openflights.org/data',
      license: 'ODbL 1.0',
      licenseUrl: 'https://opendatacommons.org/licenses/odbl/1-0/',
      snapshotDate: readSnapshotDate(dataDir),
      generatedBy: 'scripts/feed/derive-demo-geography.ts',
      notes: [
        'A Derivative Database of OpenFlights, available under the ODbL 1.0 like its source.',
        `Airports without a position in the source: ${missingAirports.join(', ') || 'none'}.`,
        `Airlines without an ICAO designator in the source: ${missingAirlines.join(', ') || 'none'}.`,
      ],
    },
    airports: Object.fromEntries(Object.entries(airports).sort(([a], [b]) => a.localeCompare(b))),
    airlines: Object.fromEntries(Object.entries(airlines).sort(([a], [b]) => a.localeCompare(b))),
  };
  const out = join(repoRoot, 'scripts/feed/demo-geography.json');
  writeFileSync(out, `${JSON.stringify(geography, null, 2)}\n`);
  console.log(
    `wrote ${out}: ${Object.keys(airports).length} airports, ${Object.keys(airlines).length} airlines` +
      (missingAirports.length + missingAirlines.length > 0
        ? ` (missing: ${[...missingAirports, ...missingAirlines].join(', ')})`
        : ''),
  );
}

main();
