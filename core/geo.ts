/**
 * Great-circle geometry on a spherical Earth (mean radius, IUGG): distances, bearings and points
 * along a route, and an arrival estimate from an aircraft's position. A sphere is within 0.5% of
 * the WGS-84 ellipsoid, far better than any ETA needs, and keeps the formulas short and exact to
 * test (Movable Type's "Calculate distance, bearing and more between Latitude/Longitude points").
 */

/** A point in WGS-84 decimal degrees: latitude −90..90 (north positive), longitude −180..180. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;
/** One international nautical mile, km. */
export const KM_PER_NM = 1.852;
/** One knot (NM per hour), m/s. */
export const MS_PER_KNOT = KM_PER_NM / 3.6;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/** Longitude folded into [−180, 180). */
export function normaliseLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** Angle folded into [0, 360). */
export function normaliseBearing(degrees: number): number {
  return ((degrees % 360) + 360) % 360;
}

export function knotsToMetresPerSecond(knots: number): number {
  return knots * MS_PER_KNOT;
}

export function metresPerSecondToKnots(metresPerSecond: number): number {
  return metresPerSecond / MS_PER_KNOT;
}

/** Central angle between two points, radians (haversine: stable for short distances). */
function centralAngle(a: LatLon, b: LatLon): number {
  const phi1 = toRadians(a.lat);
  const phi2 = toRadians(b.lat);
  const dPhi = phi2 - phi1;
  const dLambda = toRadians(b.lon - a.lon);
  const h = Math.sin(dPhi / 2) ** 2 + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) ** 2;
  return 2 * Math.atan2(Math.sqrt(h), Math.sqrt(Math.max(0, 1 - h)));
}

/** Great-circle distance, km. */
export function distanceKm(a: LatLon, b: LatLon): number {
  return centralAngle(a, b) * EARTH_RADIUS_KM;
}

/** Great-circle distance, nautical miles. */
export function distanceNm(a: LatLon, b: LatLon): number {
  return distanceKm(a, b) / KM_PER_NM;
}

/** Initial bearing (forward azimuth) from `a` towards `b`, degrees clockwise from true north, [0, 360). */
export function initialBearingDeg(a: LatLon, b: LatLon): number {
  const phi1 = toRadians(a.lat);
  const phi2 = toRadians(b.lat);
  const dLambda = toRadians(b.lon - a.lon);
  const y = Math.sin(dLambda) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
  return normaliseBearing(toDegrees(Math.atan2(y, x)));
}

/**
 * The point a `fraction` of the way from `a` to `b` along the great circle (0 → a, 1 → b).
 * Antipodal points have no unique great circle; the result is then one of them.
 */
export function intermediatePoint(a: LatLon, b: LatLon, fraction: number): LatLon {
  const delta = centralAngle(a, b);
  if (delta === 0) return { lat: a.lat, lon: normaliseLongitude(a.lon) };
  const phi1 = toRadians(a.lat);
  const lambda1 = toRadians(a.lon);
  const phi2 = toRadians(b.lat);
  const lambda2 = toRadians(b.lon);
  const A = Math.sin((1 - fraction) * delta) / Math.sin(delta);
  const B = Math.sin(fraction * delta) / Math.sin(delta);
  const x = A * Math.cos(phi1) * Math.cos(lambda1) + B * Math.cos(phi2) * Math.cos(lambda2);
  const y = A * Math.cos(phi1) * Math.sin(lambda1) + B * Math.cos(phi2) * Math.sin(lambda2);
  const z = A * Math.sin(phi1) + B * Math.sin(phi2);
  return {
    lat: toDegrees(Math.atan2(z, Math.sqrt(x * x + y * y))),
    lon: normaliseLongitude(toDegrees(Math.atan2(y, x))),
  };
}

/** The point reached from `from` after `distanceKm` along the great circle of initial `bearingDeg`. */
export function destinationPoint(from: LatLon, bearingDeg: number, distance: number): LatLon {
  const delta = distance / EARTH_RADIUS_KM;
  const theta = toRadians(bearingDeg);
  const phi1 = toRadians(from.lat);
  const lambda1 = toRadians(from.lon);
  const sinPhi2 =
    Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
  const phi2 = Math.asin(Math.max(-1, Math.min(1, sinPhi2)));
  const lambda2 =
    lambda1 +
    Math.atan2(
      Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
      Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2),
    );
  return { lat: toDegrees(phi2), lon: normaliseLongitude(toDegrees(lambda2)) };
}

/**
 * How an arrival estimate allows for the end of a flight, which a straight line at the current
 * ground speed leaves out: aircraft fly an arrival route longer than the great circle, slow down
 * for the approach, and taxi to the stand (`eta`, like `sta`, is an on-block time).
 */
export interface ApproachAllowance {
  /** Extra track miles of the arrival route and vectoring, NM. */
  routingNm: number;
  /** The last stretch before touchdown, NM, flown at `approachSpeedKt` at most. */
  approachSegmentNm: number;
  /** Average ground speed over the approach segment, knots. */
  approachSpeedKt: number;
  /** Landing roll and taxi-in to on-block, minutes. */
  taxiInMinutes: number;
}

/** A typical airliner: 10 NM of arrival routing, the last 30 NM at 180 kt, 5 minutes to the stand. */
export const DEFAULT_APPROACH_ALLOWANCE: ApproachAllowance = {
  routingNm: 10,
  approachSegmentNm: 30,
  approachSpeedKt: 180,
  taxiInMinutes: 5,
};

/** Below this ground speed an aircraft is taxiing or holding, not flying to its destination. */
export const MIN_ETA_GROUND_SPEED_KT = 50;

export interface EtaFromPositionInput {
  /** Where the aircraft is now. */
  position: LatLon;
  /** Current ground speed, knots (OpenSky's `velocity` is m/s: convert with metresPerSecondToKnots). */
  groundSpeedKt: number;
  /** The destination airport's reference point. */
  destination: LatLon;
  /** When the position was taken. */
  now: Date;
  allowance?: Partial<ApproachAllowance>;
}

export interface EtaFromPosition {
  /** Estimated on-block time. */
  eta: Date;
  /** Great-circle distance still to fly, km and NM (without the routing allowance). */
  distanceKm: number;
  distanceNm: number;
  /** Whole minutes from `now` to `eta`, rounded up. */
  minutesToGo: number;
}

/**
 * An inbound aircraft's estimated on-block time from its position and ground speed: the distance
 * to go plus the routing allowance, the part before the approach segment at the current ground
 * speed, the approach segment at the approach speed (or the current one, if slower), then taxi-in.
 * Undefined when the aircraft is slower than MIN_ETA_GROUND_SPEED_KT (on the ground, or no data).
 */
export function etaFromPosition(input: EtaFromPositionInput): EtaFromPosition | undefined {
  const { groundSpeedKt } = input;
  if (!Number.isFinite(groundSpeedKt) || groundSpeedKt < MIN_ETA_GROUND_SPEED_KT) return undefined;
  const allowance = { ...DEFAULT_APPROACH_ALLOWANCE, ...input.allowance };
  const toGoKm = distanceKm(input.position, input.destination);
  const toGoNm = toGoKm / KM_PER_NM;
  const trackNm = toGoNm + allowance.routingNm;
  const approachNm = Math.min(trackNm, allowance.approachSegmentNm);
  const enRouteNm = trackNm - approachNm;
  const approachSpeedKt = Math.min(groundSpeedKt, allowance.approachSpeedKt);
  const hours = enRouteNm / groundSpeedKt + approachNm / approachSpeedKt;
  const milliseconds = hours * 3_600_000 + allowance.taxiInMinutes * 60_000;
  const eta = new Date(input.now.getTime() + milliseconds);
  return {
    eta,
    distanceKm: toGoKm,
    distanceNm: toGoNm,
    minutesToGo: Math.ceil(milliseconds / 60_000),
  };
}
