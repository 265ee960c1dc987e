/**
 * How a simulated airliner flies one leg: along the great circle from origin to destination, with
 * a climb, a cruise and a descent. Ground speed rises linearly from lift-off speed to cruise speed
 * over the climb and falls to touchdown speed over the descent; the distance flown is the exact
 * integral of that speed, so position, ground speed and timing agree. Altitude rises quickly after
 * take-off and levels off gently, and comes down at a slowly easing rate (about 1,900 ft/min at the
 * top of descent, 1,000 ft/min at touchdown). Legs too short for a full climb and descent scale
 * both down, cruise level and speed with them, so rates and timings stay airliner-like.
 */
import { distanceNm, initialBearingDeg, intermediatePoint, type LatLon } from '../../core/geo';
import type { AirportPoint } from './demo-geography';

export const LIFTOFF_SPEED_KT = 160;
export const TOUCHDOWN_SPEED_KT = 140;
export const FULL_CLIMB_S = 20 * 60;
export const FULL_DESCENT_S = 25 * 60;

export interface LegProfile {
  origin: AirportPoint;
  destination: AirportPoint;
  distanceNm: number;
  /** Top of climb above the runway, metres. */
  cruiseAltitudeM: number;
  cruiseSpeedKt: number;
  climbS: number;
  cruiseS: number;
  descentS: number;
  /** Take-off to touchdown. */
  durationS: number;
}

export interface SimulatedPosition extends LatLon {
  /** Above mean sea level. */
  altitudeM: number;
  groundSpeedKt: number;
  /** True track, degrees clockwise from north. */
  trackDeg: number;
  verticalRateMs: number;
}

const climbDistanceNm = (seconds: number, cruiseKt: number) =>
  ((seconds / 3600) * (LIFTOFF_SPEED_KT + cruiseKt)) / 2;
const descentDistanceNm = (seconds: number, cruiseKt: number) =>
  ((seconds / 3600) * (cruiseKt + TOUCHDOWN_SPEED_KT)) / 2;

export function legProfile(input: {
  origin: AirportPoint;
  destination: AirportPoint;
  cruiseAltitudeM: number;
  cruiseSpeedKt: number;
}): LegProfile {
  const distance = distanceNm(input.origin, input.destination);
  // A leg too short for the full climb and descent flies a scaled-down one: shorter, lower and
  // slower, found by bisection on the scale (the distance it covers grows with it).
  const speedAt = (scale: number) =>
    LIFTOFF_SPEED_KT + (input.cruiseSpeedKt - LIFTOFF_SPEED_KT) * scale;
  const coveredAt = (scale: number) =>
    climbDistanceNm(FULL_CLIMB_S * scale, speedAt(scale)) +
    descentDistanceNm(FULL_DESCENT_S * scale, speedAt(scale));
  let scale = 1;
  if (coveredAt(1) > distance) {
    let [low, high] = [0, 1];
    for (let i = 0; i < 50; i += 1) {
      scale = (low + high) / 2;
      if (coveredAt(scale) > distance) high = scale;
      else low = scale;
    }
  }
  const cruiseSpeedKt = speedAt(scale);
  const climbS = FULL_CLIMB_S * scale;
  const descentS = FULL_DESCENT_S * scale;
  const cruiseS = (Math.max(0, distance - coveredAt(scale)) / cruiseSpeedKt) * 3600;
  return {
    origin: input.origin,
    destination: input.destination,
    distanceNm: distance,
    cruiseAltitudeM: input.cruiseAltitudeM * scale,
    cruiseSpeedKt,
    climbS,
    cruiseS,
    descentS,
    durationS: climbS + cruiseS + descentS,
  };
}

/** Distance flown (NM), ground speed (kt), height above the runway (m) and its rate, `t` s after take-off. */
function along(profile: LegProfile, t: number) {
  const { climbS, cruiseS, descentS, cruiseSpeedKt: cruise, cruiseAltitudeM: top } = profile;
  if (t <= climbS) {
    const p = climbS === 0 ? 1 : t / climbS;
    const speed = LIFTOFF_SPEED_KT + (cruise - LIFTOFF_SPEED_KT) * p;
    return {
      flownNm: (LIFTOFF_SPEED_KT * t + ((cruise - LIFTOFF_SPEED_KT) * t * p) / 2) / 3600,
      speedKt: speed,
      heightM: top * p * (1.6 - 0.6 * p),
      rateMs: climbS === 0 ? 0 : (top * (1.6 - 1.2 * p)) / climbS,
    };
  }
  const climbNm = climbDistanceNm(climbS, cruise);
  if (t <= climbS + cruiseS) {
    return {
      flownNm: climbNm + (cruise * (t - climbS)) / 3600,
      speedKt: cruise,
      heightM: top,
      rateMs: 0,
    };
  }
  const u = Math.min(t - climbS - cruiseS, descentS);
  const q = descentS === 0 ? 1 : u / descentS;
  return {
    flownNm:
      climbNm +
      (cruise * cruiseS) / 3600 +
      (cruise * u + ((TOUCHDOWN_SPEED_KT - cruise) * u * q) / 2) / 3600,
    speedKt: cruise + (TOUCHDOWN_SPEED_KT - cruise) * q,
    heightM: top * (1 - q) * (1 - 0.3 * q),
    rateMs: descentS === 0 ? 0 : (top * (-1.3 + 0.6 * q)) / descentS,
  };
}

/** Where the aircraft is `elapsedS` after take-off; undefined before take-off and after touchdown. */
export function positionAlong(
  profile: LegProfile,
  elapsedS: number,
): SimulatedPosition | undefined {
  if (elapsedS < 0 || elapsedS > profile.durationS) return undefined;
  const { origin, destination } = profile;
  const state = along(profile, elapsedS);
  const fraction = profile.distanceNm === 0 ? 1 : Math.min(1, state.flownNm / profile.distanceNm);
  const point = intermediatePoint(origin, destination, fraction);
  // The track is the great circle's direction here: towards the destination, or, on the very
  // last metres where that is undefined, from a point just behind.
  const trackDeg =
    fraction < 0.9999
      ? initialBearingDeg(point, destination)
      : initialBearingDeg(intermediatePoint(origin, destination, fraction - 0.001), point);
  const fieldElevationM =
    origin.elevationM + (destination.elevationM - origin.elevationM) * fraction;
  return {
    lat: point.lat,
    lon: point.lon,
    altitudeM: fieldElevationM + state.heightM,
    groundSpeedKt: state.speedKt,
    trackDeg,
    verticalRateMs: state.rateMs,
  };
}
