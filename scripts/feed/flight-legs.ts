/**
 * The demo's airborne traffic: each live flight of the day becomes a simulated leg — an aircraft
 * (ICAO address, callsign, squawk) flying its route at a cruise level and speed of its own — and
 * at any instant the legs in the air give OpenSky state vectors, exactly what an ADS-B feed sends.
 *
 * Timing follows the flight's best-known times, so an agent's delay moves the aircraft too: a
 * departure takes off TAXI_OUT after it leaves the gate (`atd`, else `etd`); an arrival touches
 * down TAXI_IN before its on-block estimate (`eta`, else `sta`) and took off as long before as the
 * leg takes to fly. Cancelled and diverted flights, and arrivals already on the ground, never fly.
 * Everything drawn at random is seeded by flight id, so a seed always gives the same sky.
 */
import type { Flight } from '../../core/flight';
import { distanceNm, knotsToMetresPerSecond } from '../../core/geo';
import { createPrng, hashString } from '../../server/demo/prng';
import type { OpenSkyStateVectorTuple } from '../../server/traffic/opensky-states';
import type { Geography } from './demo-geography';
import { legProfile, positionAlong, type LegProfile } from './flight-simulation';

export const TAXI_OUT_MS = 15 * 60_000;
export const TAXI_IN_MS = 5 * 60_000;

/** The fields of a flight that decide its leg. */
export type PlannableFlight = Pick<
  Flight,
  'id' | 'flightNumber' | 'airline' | 'origin' | 'destination' | 'status' | 'etd'
> &
  Partial<Pick<Flight, 'direction' | 'atd' | 'sta' | 'eta' | 'ata' | 'suffix'>>;

export interface FlightLeg {
  flightId: string;
  flightNumber: string;
  direction: 'departure' | 'arrival';
  /** ICAO callsign, unpadded: "IGO2134". */
  callsign: string;
  icao24: string;
  squawk: string;
  originCountry: string;
  profile: LegProfile;
  takeoffAt: number;
  landingAt: number;
}

/** `grounded`: the flight does not fly by its status (nothing to report); otherwise it lacks data. */
export type LegPlan =
  { ok: true; leg: FlightLeg } | { ok: false; reason: string; grounded: boolean };

const FLIGHT_NUMBER = /^[A-Z0-9]{2}\s*0*(\d{1,4})([A-Z]?)$/;
const FEET = 0.3048;

const time = (iso: string | null | undefined): number | undefined => {
  if (!iso) return undefined;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? undefined : value;
};

/** Cruise level by stage length: short hops stay low, long hauls go high (flight levels, in metres). */
function cruiseAltitudeM(distanceNm: number, prng: ReturnType<typeof createPrng>): number {
  const [low, high] = distanceNm < 300 ? [240, 300] : distanceNm < 1500 ? [320, 370] : [340, 400];
  return prng.int(low / 10, high / 10) * 10 * 100 * FEET;
}

/** Plans a flight's leg; refused (with why) when the flight cannot fly or is not known well enough. */
export function planLeg(flight: PlannableFlight, geography: Geography, seed: string): LegPlan {
  if (flight.status === 'CANCELLED' || flight.status === 'DIVERTED') {
    return {
      ok: false,
      reason: `${flight.flightNumber} is ${flight.status.toLowerCase()}`,
      grounded: true,
    };
  }
  const direction = flight.direction ?? 'departure';
  if (
    direction === 'arrival' &&
    (flight.ata || flight.status === 'LANDED' || flight.status === 'ON_BLOCK')
  ) {
    return { ok: false, reason: `${flight.flightNumber} has landed`, grounded: true };
  }
  const origin = geography.airport(flight.origin);
  const destination = geography.airport(flight.destination);
  if (!origin || !destination) {
    const unknown = origin ? flight.destination : flight.origin;
    return { ok: false, reason: `no position for airport ${unknown}`, grounded: false };
  }
  const airline = geography.airline(flight.airline);
  if (!airline)
    return {
      ok: false,
      reason: `no ICAO designator for airline ${flight.airline}`,
      grounded: false,
    };
  const number = FLIGHT_NUMBER.exec(flight.flightNumber.trim().toUpperCase());
  if (!number)
    return {
      ok: false,
      reason: `flight number ${flight.flightNumber} has no digits`,
      grounded: false,
    };

  const prng = createPrng(`${seed}:${flight.id}`);
  const cruiseSpeedKt = prng.int(430, 490);
  const profile = legProfile({
    origin,
    destination,
    cruiseSpeedKt,
    cruiseAltitudeM: cruiseAltitudeM(distanceNm(origin, destination), prng),
  });
  const durationMs = profile.durationS * 1000;
  let takeoffAt: number;
  if (direction === 'departure') {
    const offBlock = time(flight.atd) ?? time(flight.etd);
    if (offBlock === undefined)
      return { ok: false, reason: `${flight.flightNumber} has no time`, grounded: false };
    takeoffAt = offBlock + TAXI_OUT_MS;
  } else {
    const onBlock = time(flight.eta) ?? time(flight.sta);
    if (onBlock === undefined)
      return { ok: false, reason: `${flight.flightNumber} has no ETA`, grounded: false };
    takeoffAt = onBlock - TAXI_IN_MS - durationMs;
  }
  const hash = hashString(`${seed}:aircraft:${flight.id}`);
  // Indian-registered aircraft carry addresses from India's block (800000–83FFFF).
  const address = airline.country === 'India' ? 0x800000 + (hash % 0x40000) : hash & 0xffffff;
  return {
    ok: true,
    leg: {
      flightId: flight.id,
      flightNumber: flight.flightNumber,
      direction,
      callsign: `${airline.icao}${number[1]}${flight.suffix ?? number[2] ?? ''}`,
      icao24: address.toString(16).padStart(6, '0'),
      squawk: Array.from({ length: 4 }, () => prng.int(0, 7)).join(''),
      originCountry: airline.country,
      profile,
      takeoffAt,
      landingAt: takeoffAt + durationMs,
    },
  };
}

/** The leg's OpenSky state vector at `now` (ms), or undefined when it is not in the air. */
export function stateVectorAt(leg: FlightLeg, now: number): OpenSkyStateVectorTuple | undefined {
  const position = positionAlong(leg.profile, (now - leg.takeoffAt) / 1000);
  if (!position) return undefined;
  const seconds = Math.floor(now / 1000);
  const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
  const velocity = round(knotsToMetresPerSecond(position.groundSpeedKt), 2);
  return [
    leg.icao24,
    leg.callsign.padEnd(8, ' '),
    leg.originCountry,
    seconds,
    seconds,
    round(position.lon, 4),
    round(position.lat, 4),
    round(position.altitudeM, 2),
    false,
    velocity,
    round(position.trackDeg, 2),
    round(position.verticalRateMs, 2),
    null,
    // GPS height sits a little above the barometric one in warm air; enough to tell them apart.
    round(position.altitudeM + 30, 2),
    leg.squawk,
    false,
    0,
  ];
}
