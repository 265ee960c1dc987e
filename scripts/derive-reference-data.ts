/**
 * Derives Jetbridge's airport and airline reference data from the OpenFlights snapshot.
 *
 *   npm run reference:derive [-- <openflights-dir>]   (or OPENFLIGHTS_DIR=<dir>)
 *
 * Reads airports.dat, airlines.dat and routes.dat (default ../shared/data/openflights relative to
 * the repository root) and writes resources/reference/airports.json, airlines.json,
 * ATTRIBUTION.md and LICENSE-ODbL.txt (the data is ODbL 1.0). The output directory can be
 * overridden with REFERENCE_OUT_DIR. The rules live in scripts/reference-data/.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { field } from './demo-data/openflights-csv';
import { assertSnapshotFiles, loadOpenFlights } from './demo-data/openflights-snapshot';
import { readSnapshotDate } from './demo-data/provenance';
import { selectAirlines } from './reference-data/reference-airlines';
import { selectAirports } from './reference-data/reference-airports';
import { referenceAttribution, referenceHeader } from './reference-data/reference-attribution';

/** Compact but diffable: the header, then one record a line. */
function recordsJson(header: object, key: string, records: object[]): string {
  const lines = records.map((record) => JSON.stringify(record));
  return `{"header":${JSON.stringify(header)},\n"${key}":[\n${lines.join(',\n')}\n]}\n`;
}

function main(): void {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dataDir = resolve(
    process.argv[2] ?? process.env.OPENFLIGHTS_DIR ?? join(repoRoot, '../shared/data/openflights'),
  );
  const outDir = resolve(process.env.REFERENCE_OUT_DIR ?? join(repoRoot, 'resources/reference'));
  assertSnapshotFiles(dataDir);

  const data = loadOpenFlights(dataDir);
  const routesByAirlineId = new Map<string, number>();
  for (const row of data.routes) {
    const id = field(row, 1);
    if (id) routesByAirlineId.set(id, (routesByAirlineId.get(id) ?? 0) + 1);
  }
  const airports = selectAirports(data.airports);
  const airlines = selectAirlines(data.airlines.values(), routesByAirlineId);
  const snapshotDate = readSnapshotDate(dataDir);

  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'airports.json'),
    recordsJson(
      referenceHeader('Airports with IATA codes', snapshotDate),
      'airports',
      airports.airports,
    ),
  );
  writeFileSync(
    join(outDir, 'airlines.json'),
    recordsJson(
      referenceHeader('Airlines with IATA designators', snapshotDate),
      'airlines',
      airlines.airlines,
    ),
  );
  copyFileSync(join(dataDir, 'LICENSE'), join(outDir, 'LICENSE-ODbL.txt'));
  writeFileSync(
    join(outDir, 'ATTRIBUTION.md'),
    referenceAttribution(airports, airlines, snapshotDate),
  );
  console.log(
    `Wrote ${airports.airports.length} airports (${airports.zonesFromNeighbours} zones from neighbours, ` +
      `${airports.leftOut.length} left out) and ${airlines.airlines.length} airlines to ${outDir}`,
  );
}

main();
