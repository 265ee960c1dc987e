/**
 * OpenSky state vectors for tests and benchmarks of `POST /api/feed/positions`, and a poster that
 * sends a body with a feed key.
 */
import type { OpenSkyStateVectorTuple } from '../server/traffic/opensky-states';
import { knotsToMetresPerSecond } from '../core/geo';

export interface StateInput {
  icao24: string;
  callsign?: string | null;
  lat: number;
  lon: number;
  /** Unix seconds of the position (default: now). */
  time?: number;
  altitudeM?: number | null;
  groundSpeedKt?: number | null;
  trackDeg?: number | null;
  onGround?: boolean;
}

/** One state vector, 17 fields in OpenSky's order, the callsign padded to 8 as OpenSky does. */
export function stateVector(input: StateInput): OpenSkyStateVectorTuple {
  const time = input.time ?? Math.floor(Date.now() / 1000);
  const speed = input.groundSpeedKt === undefined ? 450 : input.groundSpeedKt;
  const altitude = input.altitudeM === undefined ? 10_000 : input.altitudeM;
  return [
    input.icao24,
    input.callsign === null ? null : (input.callsign ?? '').padEnd(8, ' '),
    'India',
    time,
    time,
    input.lon,
    input.lat,
    altitude,
    input.onGround ?? false,
    speed === null ? null : Math.round(knotsToMetresPerSecond(speed) * 100) / 100,
    input.trackDeg === undefined ? 45 : input.trackDeg,
    0,
    null,
    altitude,
    '1234',
    false,
    0,
  ];
}

export interface PostResult {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs a positions body (a value, or raw text with its content type) with a feed key. */
export async function postPositions(
  hubUrl: string,
  key: string | null,
  body: unknown,
  contentType = 'application/json',
): Promise<PostResult> {
  const response = await fetch(`${hubUrl}/api/feed/positions`, {
    method: 'POST',
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      'content-type': contentType,
    },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
