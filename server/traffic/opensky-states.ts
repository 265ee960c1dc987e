/**
 * The body of `POST /api/feed/positions` (contract section 8): OpenSky Network's `GET /states/all`
 * answer as is, `{ time, states }`, each state vector an array of 17 fields (18 with `extended=1`,
 * whose last is the aircraft category), as documented at
 * https://openskynetwork.github.io/opensky-api/rest.html#response.
 *
 * Refusals are two-level. A body that is not `{ time, states }` (or has too many states) is refused
 * whole: 400, nothing is kept. A body that is well formed but holds some bad state vectors keeps
 * the good ones and reports each bad one by its index and field — one garbled aircraft from a
 * receiver must not blank every other aircraft on the map, and a tracker cannot retry anyway.
 */
import { z } from 'zod';

/**
 * Largest body the endpoint reads: OpenSky's whole-world answer is about 2 MB (≈ 12,000 aircraft),
 * so 5 MB leaves room and no more. Route it with `express.json({ limit: POSITIONS_BODY_LIMIT_BYTES
 * })`: body-parser refuses a larger `Content-Length` with 413 before reading a byte, and stops a
 * chunked body as soon as it passes the limit, so a 10 MB body is never parsed.
 */
export const POSITIONS_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/** Most state vectors one body may carry (a 400 beyond): the world's traffic, with headroom. */
export const POSITIONS_MAX_STATES = 20_000;

/** At most this many rejected states are listed in an answer (the count is always complete). */
export const POSITIONS_MAX_REPORTED_REJECTIONS = 100;

/** The state-vector fields in OpenSky's order; `category` only with `extended=1`. */
export const OPENSKY_STATE_FIELDS = [
  'icao24',
  'callsign',
  'origin_country',
  'time_position',
  'last_contact',
  'longitude',
  'latitude',
  'baro_altitude',
  'on_ground',
  'velocity',
  'true_track',
  'vertical_rate',
  'sensors',
  'geo_altitude',
  'squawk',
  'spi',
  'position_source',
  'category',
] as const;
export type OpenSkyStateField = (typeof OPENSKY_STATE_FIELDS)[number];

/** Where a position came from: 0 ADS-B, 1 ASTERIX, 2 MLAT, 3 FLARM. */
export const OPENSKY_POSITION_SOURCES = ['ADS-B', 'ASTERIX', 'MLAT', 'FLARM'] as const;

const unixSeconds = z.int('must be a whole number of seconds').nonnegative('must not be negative');
const floatOrNull = z.number('must be a number or null').nullable();
const ranged = (min: number, max: number) =>
  z
    .number('must be a number or null')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .nullable();

/** One state vector, exactly as OpenSky sends it. */
export const openSkyStateVectorSchema = z.tuple([
  z
    .string('must be a string')
    .regex(/^[0-9a-fA-F]{6}$/, 'must be a 24-bit ICAO address as 6 hex digits, e.g. "80159e"'),
  z.string('must be a string or null').max(8, 'must be at most 8 characters').nullable(),
  z.string('must be a string').max(64, 'must be at most 64 characters'),
  unixSeconds.nullable(),
  unixSeconds,
  ranged(-180, 180),
  ranged(-90, 90),
  floatOrNull,
  z.boolean('must be true or false'),
  z.number('must be a number or null').nonnegative('must not be negative').nullable(),
  ranged(0, 360),
  floatOrNull,
  z.array(z.int('must be receiver serial numbers'), 'must be an array or null').nullable(),
  floatOrNull,
  z.string('must be a string or null').max(8, 'must be at most 8 characters').nullable(),
  z.boolean('must be true or false'),
  z.int('must be 0 (ADS-B), 1 (ASTERIX), 2 (MLAT) or 3 (FLARM)').min(0).max(3),
  z.int('must be an aircraft category 0–20').min(0).max(20).optional(),
]);
export type OpenSkyStateVectorTuple = z.infer<typeof openSkyStateVectorSchema>;

/** The whole body, every state checked: what OpenSky itself answers (`states` null when empty). */
export const openSkyStatesBodySchema = z.object({
  time: unixSeconds,
  states: z.array(openSkyStateVectorSchema).nullable(),
});
export type OpenSkyStatesBody = z.infer<typeof openSkyStatesBodySchema>;

/** The envelope alone, states left unchecked, so that each can be judged on its own. */
const envelopeSchema = z.object({
  time: unixSeconds,
  states: z
    .array(z.unknown(), 'must be an array of state vectors or null')
    .max(POSITIONS_MAX_STATES, `must hold at most ${POSITIONS_MAX_STATES} state vectors`)
    .nullable(),
});

/** A state vector with named fields, callsign trimmed of OpenSky's padding, icao24 lower case. */
export interface OpenSkyState {
  icao24: string;
  /** Null when none was received (or it was blank). */
  callsign: string | null;
  originCountry: string;
  /** Unix seconds of the last position report; null if none within OpenSky's 15 s. */
  timePosition: number | null;
  /** Unix seconds of the last message of any kind. */
  lastContact: number;
  longitude: number | null;
  latitude: number | null;
  /** Metres. */
  baroAltitude: number | null;
  onGround: boolean;
  /** Ground speed, m/s. */
  velocity: number | null;
  /** Degrees clockwise from true north. */
  trueTrack: number | null;
  /** m/s, positive climbing. */
  verticalRate: number | null;
  sensors: number[] | null;
  /** Metres. */
  geoAltitude: number | null;
  squawk: string | null;
  spi: boolean;
  positionSource: number;
  category: number | null;
}

export interface RejectedState {
  /** Index in `states`. */
  index: number;
  /** The state's icao24 when it could be read. */
  icao24?: string;
  message: string;
}

export interface PositionsBody {
  time: number;
  states: OpenSkyState[];
  /** Bad state vectors, in order, at most POSITIONS_MAX_REPORTED_REJECTIONS of them. */
  rejected: RejectedState[];
  rejectedCount: number;
}

export type PositionsBodyResult =
  { ok: true; body: PositionsBody } | { ok: false; message: string };

function toState(tuple: OpenSkyStateVectorTuple): OpenSkyState {
  const callsign = tuple[1]?.trim() ?? '';
  return {
    icao24: tuple[0].toLowerCase(),
    callsign: callsign === '' ? null : callsign,
    originCountry: tuple[2],
    timePosition: tuple[3],
    lastContact: tuple[4],
    longitude: tuple[5],
    latitude: tuple[6],
    baroAltitude: tuple[7],
    onGround: tuple[8],
    velocity: tuple[9],
    trueTrack: tuple[10],
    verticalRate: tuple[11],
    sensors: tuple[12],
    geoAltitude: tuple[13],
    squawk: tuple[14],
    spi: tuple[15],
    positionSource: tuple[16],
    category: tuple[17] ?? null,
  };
}

/** Why one state vector is refused, naming its index and field. */
function describeStateError(index: number, raw: unknown, error: z.ZodError): string {
  if (!Array.isArray(raw)) return `states[${index}]: must be an array (an OpenSky state vector)`;
  if (raw.length < 17 || raw.length > 18) {
    return `states[${index}]: must have 17 fields (18 with category), has ${raw.length}`;
  }
  const issue = error.issues[0];
  const fieldIndex = typeof issue?.path[0] === 'number' ? issue.path[0] : undefined;
  const field = fieldIndex === undefined ? undefined : OPENSKY_STATE_FIELDS[fieldIndex];
  if (!issue || fieldIndex === undefined || !field) return `states[${index}]: is invalid`;
  return `states[${index}][${fieldIndex}] ${field}: ${issue.message}, got ${shown(raw[fieldIndex])}`;
}

/** A refused value as the message shows it, cut short. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function readableIcao24(raw: unknown): string | undefined {
  if (!Array.isArray(raw)) return undefined;
  const first: unknown = raw[0];
  return typeof first === 'string' && /^[0-9a-fA-F]{6}$/.test(first)
    ? first.toLowerCase()
    : undefined;
}

/**
 * Reads a positions body (already JSON-decoded, still `unknown`). A malformed envelope is refused
 * whole with a message naming what is wrong; bad state vectors are left out and listed.
 */
export function parsePositionsBody(input: unknown): PositionsBodyResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, message: 'body: must be an object { time, states } (OpenSky /states/all)' };
  }
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    const path = issue?.path[0] === undefined ? 'body' : String(issue.path[0]);
    return { ok: false, message: `${path}: ${issue?.message ?? 'is invalid'}` };
  }
  const states: OpenSkyState[] = [];
  const rejected: RejectedState[] = [];
  let rejectedCount = 0;
  const raws = envelope.data.states ?? [];
  for (let index = 0; index < raws.length; index += 1) {
    const raw = raws[index];
    const parsed = openSkyStateVectorSchema.safeParse(raw);
    if (parsed.success) {
      states.push(toState(parsed.data));
      continue;
    }
    rejectedCount += 1;
    if (rejected.length < POSITIONS_MAX_REPORTED_REJECTIONS) {
      const icao24 = readableIcao24(raw);
      rejected.push({
        index,
        ...(icao24 ? { icao24 } : {}),
        message: describeStateError(index, raw, parsed.error),
      });
    }
  }
  return { ok: true, body: { time: envelope.data.time, states, rejected, rejectedCount } };
}
