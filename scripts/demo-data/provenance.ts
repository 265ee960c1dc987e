/**
 * Where the demo data comes from and under what terms: the template's header and ATTRIBUTION.md.
 * The ODbL requires both the attribution and a statement of what was derived and what was made up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  DemoAirport,
  DemoDeparture,
  DemoTemplate,
  DemoTemplateHeader,
} from '../../server/demo/template';
import { CEASED_CARRIERS } from './route-selection';

/** The snapshot date the OpenFlights README states, if it does. */
export function readSnapshotDate(dataDir: string): string | null {
  const readme = existsSync(join(dataDir, 'README.md'))
    ? readFileSync(join(dataDir, 'README.md'), 'utf8')
    : '';
  return /snapshot of (\d{4}-\d{2}-\d{2})/.exec(readme)?.[1] ?? null;
}

export function templateHeader(input: {
  airport: DemoAirport;
  departures: DemoDeparture[];
  routeCount: number;
  snapshotDate: string | null;
  seed: string;
}): DemoTemplateHeader {
  const { airport, departures } = input;
  return {
    title: `Demo departure day template for ${airport.name} (${airport.iata})`,
    source: 'OpenFlights airport, airline, route and aircraft data (openflights.org/data)',
    sourceUrl: 'https://openflights.org/data',
    license: 'ODbL 1.0',
    licenseUrl: 'https://opendatacommons.org/licenses/odbl/1-0/',
    snapshotDate: input.snapshotDate,
    generatedBy: 'scripts/derive-demo-data.ts (npm run demo:derive)',
    seed: input.seed,
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
      airlines: new Set(departures.map((d) => d.airline)).size,
      destinations: new Set(departures.map((d) => d.destination)).size,
      routes: input.routeCount,
    },
  };
}

/** What ATTRIBUTION.md says about del-schedule.csv. */
export interface ScheduleSummary {
  departures: number;
  arrivals: number;
  /** Arrivals whose aircraft leaves again as one of the departures the same day. */
  rotations: number;
  codeshareLegs: number;
  inboundRoutes: number;
  period: { from: string; to: string };
  seed: string;
}

export function attribution(template: DemoTemplate, schedule: ScheduleSummary): string {
  const { header, airport } = template;
  return `# Demo data attribution

The demo airport data in this directory (\`del-departures.json\` and \`del-schedule.csv\`) is
derived from the [OpenFlights](https://openflights.org/data) airport, airline, route and
aircraft-type data (snapshot ${header.snapshotDate ?? 'date unknown'}), which is made available
under the [Open Database License (ODbL) 1.0](${header.licenseUrl}). The full license text is in
[\`LICENSE-ODbL.txt\`](LICENSE-ODbL.txt). \`del-departures.json\` and \`del-schedule.csv\` are
Derivative Databases and are likewise available under the ODbL 1.0.

## What was derived

- The departure airport record for ${airport.name} (${airport.iata}): name, city, IANA time zone.
- From \`routes.dat\`: the nonstop, non-codeshare routes out of ${airport.iata} flown by active airlines
  with IATA codes (${header.counts.routes} routes, ${header.counts.airlines} airlines,
  ${header.counts.destinations} destinations), with the aircraft type codes listed for each route;
  and the same airlines' routes back into ${airport.iata} from those airports
  (${schedule.inboundRoutes} routes), with theirs.
- From \`airlines.dat\`, \`airports.dat\` and \`planes.dat\`: airline names, destination airport names,
  cities, countries, positions and IANA time zones, and aircraft type names.

Synthetic additions (not OpenFlights data): flight numbers, daily frequencies, scheduled local
departure times (${header.counts.departures} departures over one day), terminals, gates and typical seat
counts. Carriers that have ceased operations are left out, legacy time-zone names are canonicalised
and a few missing or wrong time zones and misspelt city names are corrected (see \`header.notes\`).
None of it describes a real timetable.

## The demo schedule (\`del-schedule.csv\`)

A CSV schedule in the format the hub imports (contract section 7): the ${schedule.departures} departures
of \`del-departures.json\` as daily legs out of ${airport.iata}, and ${schedule.arrivals} daily arrivals into
${airport.iata}, one for each departure whose route back is in \`routes.dat\` (an airline flies a route as
often each way). Synthetic, besides everything synthetic above: the arrivals' flight numbers and
times; every scheduled time at the other airport (the time at ${airport.iata} plus or minus a block time
worked out from the great-circle distance between the airports, converted with the zones' offsets
on the period's first date); the arrival terminals (the carrier's, as for its departures); the
aircraft rotations (\`onward_airline\`, \`onward_flight_number\`: ${schedule.rotations} arrivals leave again
as a departure of the same airline, aircraft type and terminal the same day, after a ground time
between the type's minimum turnaround and 90 minutes for a narrow-body, 180 for a wide-body; the
others night-stop or turn across midnight); and the codeshares (${schedule.codeshareLegs} legs carry partners'
marketing numbers, between airlines that really codeshare, with made-up numbers).

Period: every leg runs daily from ${schedule.period.from} to ${schedule.period.to}. That is a placeholder
wide enough for any demo: the hub replaces it with the days it shows, so a demo started on any
date shows that date's flights. The derivation seed for the arrivals is \`${schedule.seed}\`.

The hub lays the schedule out on the days it shows and \`server/demo/demo-operations.ts\` adds what
an operating day shows (statuses, delays, gates, stands, belts, registrations).

## The demo gate list (\`del-gates.json\`)

\`del-gates.json\` is synthetic and not derived from OpenFlights or any other database: a
real-looking gate plan for DEL (terminal, gate, jet bridge or bus, largest ICAO code letter),
written for the demo so that every gate the demo departures use exists in its terminal and takes
the aircraft assigned to it. It does not describe the airport's real gates.

## How to regenerate

\`\`\`sh
npm run demo:derive                       # reads ../shared/data/openflights
npm run demo:derive -- /path/to/openflights   # or OPENFLIGHTS_DIR=/path/to/openflights
\`\`\`

The derivation is deterministic (seeded pseudo-random generator, seed \`${header.seed}\`): the same
input data gives the same output.
`;
}
