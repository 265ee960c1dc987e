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
 * The output directory can be overridden with DEMO_OUT_DIR. The steps live in scripts/demo-data/.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoAirport, DemoTemplate } from '../server/demo/template';
import { layOutDepartures } from './demo-data/day-schedule';
import { assertSnapshotFiles, loadOpenFlights } from './demo-data/openflights-snapshot';
import { attribution, readSnapshotDate, templateHeader } from './demo-data/provenance';
import { selectRoutes } from './demo-data/route-selection';
import { correctedCity, zoneFor } from './demo-data/snapshot-corrections';

const ORIGIN = 'DEL';
const SEED = 'jetbridge-del-demo-v1';
const MIN_DEPARTURES = 320;

function main(): void {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dataDir = resolve(
    process.argv[2] ?? process.env.OPENFLIGHTS_DIR ?? join(repoRoot, '../shared/data/openflights'),
  );
  const outDir = resolve(process.env.DEMO_OUT_DIR ?? join(repoRoot, 'resources/demo'));
  assertSnapshotFiles(dataDir);

  const data = loadOpenFlights(dataDir);
  const originRecord = data.airports.find((a) => a.iata === ORIGIN);
  if (!originRecord) throw new Error(`${ORIGIN} not in airports.dat`);
  const airport: DemoAirport = {
    iata: originRecord.iata,
    icao: originRecord.icao,
    name: originRecord.name,
    city: correctedCity(originRecord.city),
    country: originRecord.country,
    timeZone: zoneFor(originRecord, data.airports),
  };
  const routes = selectRoutes(data, originRecord);
  const departures = layOutDepartures(data, originRecord, routes, SEED);

  if (departures.length < MIN_DEPARTURES) {
    throw new Error(`only ${departures.length} departures (need ${MIN_DEPARTURES})`);
  }

  const header = templateHeader({
    airport,
    departures,
    routeCount: routes.length,
    snapshotDate: readSnapshotDate(dataDir),
    seed: SEED,
  });
  const template: DemoTemplate = { header, airport, departures };

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'del-departures.json'), `${JSON.stringify(template, null, 2)}\n`);
  copyFileSync(join(dataDir, 'LICENSE'), join(outDir, 'LICENSE-ODbL.txt'));
  writeFileSync(join(outDir, 'ATTRIBUTION.md'), attribution(template));
  const { counts } = header;
  console.log(
    `Wrote ${counts.departures} departures (${counts.airlines} airlines, ${counts.destinations} destinations, ${counts.routes} routes) to ${outDir}`,
  );
}

main();
