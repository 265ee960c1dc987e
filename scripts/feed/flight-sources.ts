/**
 * Where the position simulator learns which flights exist. A feed key reads nothing outside
 * `/api/feed/*` (contract section 8), so a producer cannot use `GET /api/flights`:
 *
 * - `hubFlightsSource`: `GET /api/feed/flights` with the key (scripts/feed/README.md, served by
 *   the hub): the hub's live flights, arrivals included, as an integration would see them.
 * - `demoDayFlightsSource`: the demo day the hub seeds, rebuilt here from the shipped template for
 *   the current time (so it agrees with a demo hub's departures), plus an inbound leg for each
 *   departure — the aircraft arriving to fly it — as long as the demo has no arrivals of its own.
 * - `fallbackFlightsSource`: the first, and the second when the first does not exist (404).
 */
import { buildDemoDay } from '../../server/demo/demo-day';
import type { HubFeedClient } from './hub-feed-client';
import type { PlannableFlight } from './flight-legs';

export interface FlightsSource {
  readonly name: string;
  /** The flights at `now`, or `unavailable` when this source does not exist here. */
  load(now: number, signal?: AbortSignal): Promise<PlannableFlight[] | 'unavailable'>;
}

export function hubFlightsSource(client: HubFeedClient): FlightsSource {
  return {
    name: `${client.hubUrl}/api/feed/flights`,
    load: (_now, signal) => client.fetchFlights(signal),
  };
}

/** How long before a departure its aircraft arrived (the demo's inbound legs). */
export const DEMO_TURNAROUND_MS = 70 * 60_000;

function numberOf(flightNumber: string): number | undefined {
  const digits = /(\d{1,4})[A-Z]?$/.exec(flightNumber.trim())?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/**
 * An inbound number for a departure: the usual pairing (odd out, even back: 2133 ↔ 2134), or, when
 * the airline already uses that number here, one it does not use, so that no inbound aircraft is
 * ever taken for another departure of the day.
 */
function inboundNumber(outbound: number, used: Set<number>): number | undefined {
  const pair = outbound % 2 === 1 ? outbound + 1 : outbound - 1;
  for (const candidate of [pair, outbound + 5000, outbound + 7000, outbound + 3000]) {
    const number = candidate % 10000;
    if (number > 0 && !used.has(number)) return number;
  }
  return undefined;
}

export function demoInboundFor(departures: readonly PlannableFlight[]): PlannableFlight[] {
  const usedByAirline = new Map<string, Set<number>>();
  for (const flight of departures) {
    const number = numberOf(flight.flightNumber);
    if (number === undefined) continue;
    const used = usedByAirline.get(flight.airline) ?? new Set<number>();
    used.add(number);
    usedByAirline.set(flight.airline, used);
  }
  const inbound: PlannableFlight[] = [];
  for (const departure of departures) {
    const outbound = numberOf(departure.flightNumber);
    if (outbound === undefined || departure.status === 'CANCELLED') continue;
    const number = inboundNumber(outbound, usedByAirline.get(departure.airline) ?? new Set());
    if (number === undefined) continue;
    const onBlock = (iso: string) => new Date(Date.parse(iso) - DEMO_TURNAROUND_MS).toISOString();
    inbound.push({
      id: `demo-inbound-${departure.id}`,
      flightNumber: `${departure.airline} ${number}`,
      airline: departure.airline,
      direction: 'arrival',
      origin: departure.destination,
      destination: departure.origin,
      status: 'SCHEDULED',
      etd: departure.etd,
      sta: onBlock(departure.etd),
      eta: onBlock(departure.etd),
    });
  }
  return inbound;
}

export function demoDayFlightsSource(): FlightsSource {
  return {
    name: 'the shipped demo day',
    load: (now) => {
      const departures = buildDemoDay(new Date(now)).flights;
      return Promise.resolve([...departures, ...demoInboundFor(departures)]);
    },
  };
}

export function fallbackFlightsSource(
  primary: FlightsSource,
  fallback: FlightsSource,
  log: (line: string) => void = () => {},
): FlightsSource {
  let usingFallback = false;
  return {
    get name() {
      return usingFallback ? fallback.name : primary.name;
    },
    async load(now, signal) {
      if (!usingFallback) {
        const flights = await primary.load(now, signal);
        if (flights !== 'unavailable') return flights;
        usingFallback = true;
        log(`${primary.name} does not exist on this hub; flying ${fallback.name} instead`);
      }
      return fallback.load(now, signal);
    },
  };
}
