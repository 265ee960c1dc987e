/** ATTRIBUTION.md for resources/reference: the ODbL asks for attribution and what was derived. */
import type { AirlineSelection } from './reference-airlines';
import type { AirportSelection } from './reference-airports';

export interface ReferenceHeader {
  title: string;
  source: string;
  sourceUrl: string;
  license: string;
  licenseUrl: string;
  snapshotDate: string | null;
  generatedBy: string;
}

export function referenceHeader(title: string, snapshotDate: string | null): ReferenceHeader {
  return {
    title,
    source: 'OpenFlights airport and airline data (openflights.org/data)',
    sourceUrl: 'https://openflights.org/data',
    license: 'ODbL 1.0',
    licenseUrl: 'https://opendatacommons.org/licenses/odbl/1-0/',
    snapshotDate,
    generatedBy: 'scripts/derive-reference-data.ts (npm run reference:derive)',
  };
}

export function referenceAttribution(
  airports: AirportSelection,
  airlines: AirlineSelection,
  snapshotDate: string | null,
): string {
  const snapshot = snapshotDate ? ` (snapshot ${snapshotDate})` : '';
  return `# Reference data attribution

\`airports.json\` and \`airlines.json\` in this directory are derived from the
[OpenFlights](https://openflights.org/data) airport and airline data${snapshot}, which is made
available under the [Open Database License (ODbL) 1.0](https://opendatacommons.org/licenses/odbl/1-0/).
The full license text is in [\`LICENSE-ODbL.txt\`](LICENSE-ODbL.txt). Both files are Derivative
Databases and are likewise available under the ODbL 1.0.

## What was derived

- \`airports.json\`: ${airports.airports.length} airports (type "airport" with an IATA code): IATA and
  ICAO codes, name, city, country, IANA time zone and position (rounded to 4 decimals).
  - Legacy zone names are renamed to their current tzdata names (Asia/Calcutta -> Asia/Kolkata)
    and a few wrong zones and misspelt city names are corrected.
  - ${airports.zonesFromNeighbours} airports have no zone in the snapshot; they get the zone of the
    nearest airport in the same country that has one.
  - ${airports.leftOut.length} airports are left out: ${
    airports.leftOut.length
      ? airports.leftOut.map((a) => `${a.iata} (${a.why})`).join(', ')
      : 'none'
  }.
- \`airlines.json\`: ${airlines.airlines.length} airlines with an IATA designator: IATA and ICAO
  designators, name, callsign and country.
  - One airline per IATA designator: active carriers only (carriers known to have ceased are
    treated as inactive), the one with the most routes in the snapshot first. The
    ${airlines.designatorsWithoutActiveCarrier} designators held only by defunct carriers are left
    out (IATA reissues such codes, so the old name would mislead); schedules may still use them.
    So are XX and YY, designators used for tests and examples.
  - ICAO designators are unique;${
    airlines.icaoCodesDropped.length
      ? ` where two chosen airlines share one, the busier keeps it (${airlines.icaoCodesDropped
          .map((d) => `${d.icao}: ${d.keptBy}, not ${d.iata}`)
          .join('; ')}).`
      : ' none had to be dropped.'
  }

The data is a historic snapshot: airlines that ceased or merged since may still be listed, and
airports opened since are missing (a schedule naming one is refused until it is added here).

## How to regenerate

\`\`\`sh
npm run reference:derive                          # reads ../shared/data/openflights
npm run reference:derive -- /path/to/openflights  # or OPENFLIGHTS_DIR=/path/to/openflights
\`\`\`

The derivation is deterministic: the same input data gives the same output.
`;
}
