/**
 * Derives the Delhi (DEL) demo departure day and the demo schedule from the OpenFlights snapshot.
 *
 *   npm run demo:derive [-- <openflights-dir>]     (or OPENFLIGHTS_DIR=<dir> npm run demo:derive)
 *
 * Reads airports.dat, airlines.dat, routes.dat and planes.dat (default ../shared/data/openflights
 * relative to the repository root), selects the non-codeshare nonstop routes out of DEL flown by
 * active airlines with IATA codes, and lays out a deterministic (seeded) one-day schedule template:
 * flight numbers, local departure times of day in realistic banks, terminals and gates. Then the
 * arrivals: the same airlines' routes back into DEL, flown as often as the way out, with aircraft
 * rotations and codeshares. Writes resources/demo/del-departures.json, del-schedule.csv (a CSV
 * schedule the hub imports), ATTRIBUTION.md and LICENSE-ODbL.txt (the data is ODbL 1.0).
 * The output directory can be overridden with DEMO_OUT_DIR. The steps live in scripts/demo-data/.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoAirport, DemoTemplate } from '../server/demo/template';
import { createPrng } from '../server/demo/prng';
import { layOutDepartures } from './demo-data/day-schedule';
import { assertSnapshotFiles, loadOpenFlights } from './demo-data/openflights-snapshot';
import { attribution, readSnapshotDate, templateHeader } from './demo-data/provenance';
import { planArrivals } from './demo-data/rotations';
import { selectInboundRoutes, selectRoutes } from './demo-data/route-selection';
import { DEMO_SCHEDULE_PERIOD, scheduleCsv } from './demo-data/schedule-csv';
import { buildScheduleLegs } from './demo-data/schedule-legs';
import { correctedCity, zoneFor } from './demo-data/snapshot-corrections';

const ORIGIN = 'DEL';
const SEED = 'jetbridge-del-demo-v1';
/** A seed of its own, so the arrivals leave the departures of the first seed as they were. */
const SCHEDULE_SEED = 'jetbridge-del-schedule-v1';
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

  const inbound = selectInboundRoutes(data, originRecord, routes);
  const schedulePrng = createPrng(SCHEDULE_SEED);
  const arrivals = planArrivals(departures, inbound, originRecord.country, schedulePrng);
  const byIata = new Map(data.airports.map((a) => [a.iata, a]));
  const legs = buildScheduleLegs({
    hub: originRecord,
    departures,
    airports: byIata,
    arrivals,
    zoneOf: (other) => zoneFor(other, data.airports),
    prng: schedulePrng,
  });
  const schedule = {
    departures: departures.length,
    arrivals: arrivals.length,
    rotations: arrivals.filter((arrival) => arrival.onward).length,
    codeshareLegs: legs.filter((leg) => leg.codeshares.length > 0).length,
    inboundRoutes: inbound.size,
    period: DEMO_SCHEDULE_PERIOD,
    seed: SCHEDULE_SEED,
  };

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'del-departures.json'), `${JSON.stringify(template, null, 2)}\n`);
  writeFileSync(
    join(outDir, 'del-schedule.csv'),
    scheduleCsv(legs, originRecord, airport.timeZone),
  );
  copyFileSync(join(dataDir, 'LICENSE'), join(outDir, 'LICENSE-ODbL.txt'));
  writeFileSync(join(outDir, 'ATTRIBUTION.md'), attribution(template, schedule));
  const { counts } = header;
  console.log(
    `Wrote ${counts.departures} departures (${counts.airlines} airlines, ${counts.destinations} destinations, ${counts.routes} routes) to ${outDir}`,
  );
  console.log(
    `Wrote del-schedule.csv: ${schedule.departures} departures, ${schedule.arrivals} arrivals (${schedule.rotations} turn into a departure), ${schedule.codeshareLegs} legs with codeshares`,
  );
}

main();
