/**
 * Which OpenFlights airlines go into resources/reference/airlines.json.
 *
 * IATA designators are reused: the snapshot lists several carriers for many codes, most of them
 * defunct. One airline per designator, chosen by:
 *   1. active carriers only (the snapshot's "active" flag, minus carriers known to have ceased,
 *      see CEASED_CARRIERS); a designator only defunct carriers held is left out, because IATA
 *      gives such codes to new airlines and the old name would be wrong: the code itself stays
 *      valid in schedules, just without a name;
 *   2. among active ones, the carrier with the most routes in routes.dat (the one actually flying);
 *   3. then the one with an ICAO designator, then the lowest OpenFlights id (stable).
 * ICAO designators must be unique (ADS-B callsigns are matched by them): when two chosen airlines
 * share one, the one chosen first by the same order keeps it and the other gets null.
 * XX and YY are industry designators (examples, tests, "any carrier"), never an airline's name.
 */
import type { Airline } from '../demo-data/openflights-snapshot';
import { correctedAirlineName } from '../demo-data/snapshot-corrections';
import { CEASED_CARRIERS } from '../demo-data/route-selection';
import type { ReferenceAirline } from '../../server/reference/reference-data';

const INDUSTRY_DESIGNATORS = new Set(['XX', 'YY']);

export interface AirlineSelection {
  airlines: ReferenceAirline[];
  designatorsWithoutActiveCarrier: number;
  icaoCodesDropped: { iata: string; icao: string; keptBy: string }[];
}

/** "Russia]]" and other stray brackets in the snapshot's country column. */
function cleanText(value: string | null): string | null {
  const text = value?.replace(/[[\]]/g, '').trim();
  return text ? text : null;
}

export function selectAirlines(
  airlines: Iterable<Airline>,
  routesByAirlineId: Map<string, number>,
): AirlineSelection {
  const byDesignator = new Map<string, Airline[]>();
  for (const airline of airlines) {
    if (!airline.iata || !/^[A-Z0-9]{2}$/.test(airline.iata)) continue;
    if (INDUSTRY_DESIGNATORS.has(airline.iata)) continue;
    const list = byDesignator.get(airline.iata) ?? [];
    list.push(airline);
    byDesignator.set(airline.iata, list);
  }
  const rank = (a: Airline, b: Airline): number =>
    (routesByAirlineId.get(b.id) ?? 0) - (routesByAirlineId.get(a.id) ?? 0) ||
    Number(Boolean(b.icao)) - Number(Boolean(a.icao)) ||
    Number(a.id) - Number(b.id);

  const chosen: Airline[] = [];
  let designatorsWithoutActiveCarrier = 0;
  for (const [designator, carriers] of byDesignator) {
    const active = carriers.filter((c) => c.active && !(designator in CEASED_CARRIERS));
    if (active.length === 0) {
      designatorsWithoutActiveCarrier += 1;
      continue;
    }
    chosen.push(active.sort(rank)[0] as Airline);
  }

  const icaoOwner = new Map<string, string>();
  const icaoCodesDropped: AirlineSelection['icaoCodesDropped'] = [];
  const result: ReferenceAirline[] = [];
  for (const airline of [...chosen].sort(rank)) {
    let icao = airline.icao && /^[A-Z]{3}$/.test(airline.icao) ? airline.icao : null;
    const owner = icao ? icaoOwner.get(icao) : undefined;
    if (icao && owner) {
      icaoCodesDropped.push({ iata: airline.iata as string, icao, keptBy: owner });
      icao = null;
    }
    if (icao) icaoOwner.set(icao, airline.iata as string);
    result.push({
      iata: airline.iata as string,
      icao,
      name: correctedAirlineName(airline.name.trim()),
      callsign: cleanText(airline.callsign),
      country: cleanText(airline.country),
    });
  }
  result.sort((a, b) => a.iata.localeCompare(b.iata));
  return { airlines: result, designatorsWithoutActiveCarrier, icaoCodesDropped };
}
