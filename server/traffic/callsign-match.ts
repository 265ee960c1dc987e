/**
 * Which live flight an aircraft is flying, from its ATC callsign (contract section 8): the
 * callsign of an airline flight is the airline's three-letter ICAO designator and the flight
 * number, so `IGO2134` is IndiGo (6E) 2134, the flight `6E 2134`. OpenSky pads callsigns with
 * spaces to 8 characters; numbers may carry leading zeros (`AIC0101`) and a trailing letter.
 * Alphanumeric callsigns (`AIC9DG`, `SWR7NV`) and general aviation registrations name no flight
 * number and match nothing.
 */
import { flightDirection, type Flight } from '../../core/flight';

/** The airline with this ICAO designator, if the reference data knows it (injected). */
export type AirlineByIcao = (icao: string) => { iata: string | null } | undefined;

export interface ParsedCallsign {
  /** ICAO airline designator, e.g. "IGO". */
  airlineIcao: string;
  /** Flight number without leading zeros, e.g. "2134". */
  number: string;
  /** A trailing letter, or "" for none. */
  suffix: string;
}

const CALLSIGN = /^([A-Z]{3})(\d{1,4})([A-Z]?)$/;
const FLIGHT_NUMBER = /^([A-Z0-9]{2})\s*(\d{1,4})([A-Z]?)$/;

const withoutLeadingZeros = (digits: string): string => digits.replace(/^0+(?=\d)/, '');

/** Splits an airline callsign; undefined for anything that is not designator + number. */
export function parseCallsign(callsign: string): ParsedCallsign | undefined {
  const match = CALLSIGN.exec(callsign.trim().toUpperCase());
  if (!match) return undefined;
  const [, airlineIcao, digits, suffix] = match as unknown as [string, string, string, string];
  return { airlineIcao, number: withoutLeadingZeros(digits), suffix };
}

/** "6E 2134" → number "2134" and the suffix (the flight's own `suffix` wins over a trailing letter). */
function flightKeyParts(flight: Flight): { number: string; suffix: string } | undefined {
  const match = FLIGHT_NUMBER.exec(flight.flightNumber.trim().toUpperCase());
  if (!match) return undefined;
  const digits = match[2] as string;
  return { number: withoutLeadingZeros(digits), suffix: flight.suffix ?? match[3] ?? '' };
}

const indexKey = (airlineIata: string, number: string): string => `${airlineIata}|${number}`;

/** Block time assumed for a departure whose arrival time at the destination is not known. */
const ASSUMED_BLOCK_MS = 4 * 3_600_000;

const instant = (iso: string | null | undefined): number | undefined => {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
};

/** A flight as the index keeps it: what matching needs, worked out once per change. */
export interface IndexedFlight {
  flight: Flight;
  suffix: string;
  /** When it is (or was, or will be) in the air: off-block to on-block, best known times. */
  from: number;
  to: number;
}

function indexed(flight: Flight, suffix: string): IndexedFlight {
  const from = instant(flight.atd) ?? instant(flight.etd) ?? instant(flight.std) ?? 0;
  const to =
    instant(flight.ata) ?? instant(flight.eta) ?? instant(flight.sta) ?? from + ASSUMED_BLOCK_MS;
  return { flight, suffix, from, to: Math.max(from, to) };
}

/**
 * The live flights (today's departures and arrivals, and the window's other days) by airline and
 * number, kept current from the flight store's changes: `upsert` each changed flight, `remove`
 * each archived one. A few flights share a key (the same number on successive days, or an arrival
 * that leaves again under its number). Times are parsed on upsert, so matching parses nothing.
 */
export class LiveFlightIndex {
  private readonly byKey = new Map<string, Map<string, IndexedFlight>>();
  private readonly keyById = new Map<string, string>();

  constructor(flights: Iterable<Flight> = []) {
    this.replaceAll(flights);
  }

  get size(): number {
    return this.keyById.size;
  }

  replaceAll(flights: Iterable<Flight>): void {
    this.byKey.clear();
    this.keyById.clear();
    for (const flight of flights) this.upsert(flight);
  }

  upsert(flight: Flight): void {
    this.remove(flight.id);
    const parts = flightKeyParts(flight);
    if (!parts) return;
    const key = indexKey(flight.airline, parts.number);
    let flights = this.byKey.get(key);
    if (!flights) {
      flights = new Map();
      this.byKey.set(key, flights);
    }
    flights.set(flight.id, indexed(flight, parts.suffix));
    this.keyById.set(flight.id, key);
  }

  remove(flightId: string): void {
    const key = this.keyById.get(flightId);
    if (key === undefined) return;
    this.keyById.delete(flightId);
    const flights = this.byKey.get(key);
    flights?.delete(flightId);
    if (flights?.size === 0) this.byKey.delete(key);
  }

  /** Flights of this airline (IATA) and number (without leading zeros). */
  candidates(airlineIata: string, number: string): Flight[] {
    return [...this.entries(airlineIata, number)].map((entry) => entry.flight);
  }

  /** @internal matching reads the prepared entries. */
  entries(airlineIata: string, number: string): Iterable<IndexedFlight> {
    return this.byKey.get(indexKey(airlineIata, withoutLeadingZeros(number)))?.values() ?? [];
  }
}

/** A flight further than this from its flying window is not taken for the aircraft. */
export const MAX_MATCH_GAP_MS = 6 * 3_600_000;

/** Airborne by its status: a departure that has left and not yet reached its destination, an arrival in flight. */
function isAirborne(entry: IndexedFlight, now: number): boolean {
  if (flightDirection(entry.flight) === 'arrival') return entry.flight.status === 'AIRBORNE';
  return entry.flight.status === 'DEPARTED' && now <= entry.to;
}

function gapTo(entry: IndexedFlight, now: number): number {
  if (now < entry.from) return entry.from - now;
  if (now > entry.to) return now - entry.to;
  return 0;
}

/**
 * The live flight an aircraft with this callsign is flying at `now`, or undefined. Among flights
 * of the same airline and number: a trailing letter that equals a flight's suffix picks that
 * flight, otherwise the letter is ignored (many airlines add letters that are no suffix); then a
 * flight airborne by its status wins, then the one whose flying window is closest to `now`
 * (within MAX_MATCH_GAP_MS). Cancelled flights never match.
 */
export function matchCallsign(
  callsign: string | null,
  now: number,
  index: LiveFlightIndex,
  airlineByIcao: AirlineByIcao,
): Flight | undefined {
  if (!callsign) return undefined;
  const parsed = parseCallsign(callsign);
  if (!parsed) return undefined;
  const iata = airlineByIcao(parsed.airlineIcao)?.iata;
  if (!iata) return undefined;
  let candidates = [...index.entries(iata, parsed.number)].filter(
    (entry) => entry.flight.status !== 'CANCELLED',
  );
  if (parsed.suffix !== '') {
    const sameSuffix = candidates.filter((entry) => entry.suffix === parsed.suffix);
    if (sameSuffix.length > 0) candidates = sameSuffix;
  }
  let best: { entry: IndexedFlight; airborne: boolean; gap: number } | undefined;
  for (const entry of candidates) {
    const ranked = { entry, airborne: isAirborne(entry, now), gap: gapTo(entry, now) };
    if (ranked.gap > MAX_MATCH_GAP_MS) continue;
    if (
      !best ||
      (ranked.airborne && !best.airborne) ||
      (ranked.airborne === best.airborne &&
        (ranked.gap < best.gap ||
          (ranked.gap === best.gap &&
            (entry.from < best.entry.from ||
              (entry.from === best.entry.from && entry.flight.id < best.entry.flight.id)))))
    ) {
      best = ranked;
    }
  }
  return best?.entry.flight;
}
