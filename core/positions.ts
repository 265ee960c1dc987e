/**
 * Live aircraft positions as the hub sends them to consoles (contract section 8): the latest
 * position per aircraft, from an ADS-B feed, with the live flight it was matched to. Positions are
 * not changes: they never enter the change log, have no `seq`, and are not replayed after a
 * reconnect — a console asks for `positions:snapshot`, then follows `positions:update`.
 */
import { z } from 'zod';

/** The hub sends `positions:update` at most this often. */
export const POSITIONS_UPDATE_MIN_INTERVAL_MS = 1_000;

/**
 * For an aircraft matched to an arrival at this airport and flying (not on the ground, ground
 * speed known): how far it still has to go and when it should be on blocks, by
 * `core/geo.ts` `etaFromPosition` with the default approach allowance. The console compares
 * `eta` with the flight's `eta` (else `sta`) and suggests the new estimate when they differ by
 * ETA_SUGGESTION_THRESHOLD_MINUTES or more.
 */
export const positionEstimateSchema = z.object({
  /** Great-circle distance to the destination airport, km. */
  distanceToGoKm: z.number().nonnegative(),
  /** Estimated on-block time (UTC), to the minute. */
  eta: z.iso.datetime({ offset: true }),
});
export type PositionEstimate = z.infer<typeof positionEstimateSchema>;

/** An estimate from position this far from the flight's own `eta` (or `sta`) is worth a change. */
export const ETA_SUGGESTION_THRESHOLD_MINUTES = 10;

export const aircraftPositionSchema = z.object({
  /** ICAO 24-bit transponder address, 6 lower-case hex digits: the aircraft's identity. */
  icao24: z.string().regex(/^[0-9a-f]{6}$/),
  /** ATC callsign without padding ("IGO2134"), null if none was received. */
  callsign: z.string().max(8).nullable(),
  /** The live flight it was matched to by callsign, or null. */
  flightId: z.string().nullable(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** Barometric altitude (geometric when there is none), metres. */
  altitudeM: z.number().nullable(),
  /** Ground speed, knots. */
  groundSpeedKt: z.number().nonnegative().nullable(),
  /** True track, degrees clockwise from north. */
  trackDeg: z.number().min(0).max(360).nullable(),
  /** Vertical rate, m/s, positive climbing. */
  verticalRateMs: z.number().nullable(),
  onGround: z.boolean(),
  /** When the position was reported (UTC). */
  at: z.iso.datetime({ offset: true }),
  /** Distance to go and ETA, for an airborne aircraft matched to an arrival; otherwise null. */
  estimate: positionEstimateSchema.nullable(),
});
export type AircraftPosition = z.infer<typeof aircraftPositionSchema>;

/**
 * `positions:update`: what changed since the previous update — aircraft new or moved (their whole
 * position) and aircraft no longer tracked (their icao24) — at most once a second.
 */
export const positionsUpdateSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  positions: z.array(aircraftPositionSchema),
  removed: z.array(z.string()),
});
export type PositionsUpdate = z.infer<typeof positionsUpdateSchema>;

/** `positions:snapshot` takes an empty object. */
export const positionsSnapshotPayloadSchema = z.strictObject({});

/** The ack of `positions:snapshot`: every aircraft tracked now. */
export const positionsSnapshotSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  positions: z.array(aircraftPositionSchema),
});
export type PositionsSnapshot = z.infer<typeof positionsSnapshotSchema>;
