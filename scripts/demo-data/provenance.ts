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

export function attribution(template: DemoTemplate): string {
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
