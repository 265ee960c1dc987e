/**
 * The hub's picture of the traffic: the latest position of each aircraft (by icao24) that a feed
 * reported, with the live flight its callsign matched, kept in memory only. Positions are not
 * changes — nothing here touches the flight store or the change log — and an aircraft that has
 * not been heard of for `expiryMs` (hub clock, so a producer's clock skew does not matter) is
 * dropped. `takeUpdate()` yields a `positions:update` at most once per `minIntervalMs`, holding
 * only what changed since the previous one: aircraft new or moved, and aircraft gone.
 *
 * Memory is bounded by `maxAircraft`. When full, a new aircraft that matches a live flight takes
 * the place of the longest-unheard aircraft that matches none; any other new aircraft is dropped
 * (counted) until expiry makes room. So overflights and ground vehicles never crowd out the
 * airport's own flights, and a flood of made-up addresses cannot grow the hub.
 */
import {
  POSITIONS_UPDATE_MIN_INTERVAL_MS,
  type AircraftPosition,
  type PositionEstimate,
  type PositionsSnapshot,
  type PositionsUpdate,
} from '../../core/positions';
import { metresPerSecondToKnots } from '../../core/geo';
import type { OpenSkyState } from './opensky-states';

export const DEFAULT_POSITION_EXPIRY_MS = 60_000;
/** The world's traffic as OpenSky sees it is about 12,000 aircraft; a few hundred bytes each. */
export const DEFAULT_MAX_TRACKED_AIRCRAFT = 20_000;

/** The live flight id for a callsign at `now`, or undefined (see callsign-match.ts). */
export type FlightMatcher = (callsign: string | null, now: number) => string | undefined;

export interface PositionTrackerOptions {
  /** Milliseconds since the epoch (injected so tests control time). */
  now: () => number;
  matchFlight: FlightMatcher;
  /**
   * The estimate of a matched aircraft's new position (distance to go, ETA), or null; called once
   * per accepted position of a matched aircraft. Default: none.
   */
  estimate?: (position: AircraftPosition) => PositionEstimate | null;
  expiryMs?: number;
  maxAircraft?: number;
  minIntervalMs?: number;
}

export interface IngestResult {
  /** States whose position is now the aircraft's latest. */
  accepted: number;
  /** States without latitude/longitude (they still count as contact for a known aircraft). */
  withoutPosition: number;
  /** States older than the position already held for their aircraft. */
  outOfOrder: number;
  /** New aircraft not taken because the tracker is full. */
  dropped: number;
}

interface Tracked {
  position: AircraftPosition;
  /** Unix seconds of the held position, to refuse older reports. */
  reportedAt: number;
  /** Hub time of the last state received for it, for expiry. */
  heardAt: number;
}

const round = (value: number | null, decimals: number): number | null => {
  if (value === null) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** Same aircraft state, as a console would draw it (the report time aside). */
function samePlace(a: AircraftPosition, b: AircraftPosition): boolean {
  return (
    a.lat === b.lat &&
    a.lon === b.lon &&
    a.altitudeM === b.altitudeM &&
    a.groundSpeedKt === b.groundSpeedKt &&
    a.trackDeg === b.trackDeg &&
    a.verticalRateMs === b.verticalRateMs &&
    a.onGround === b.onGround &&
    a.callsign === b.callsign &&
    a.flightId === b.flightId &&
    a.estimate?.eta === b.estimate?.eta
  );
}

export class PositionTracker {
  private readonly now: () => number;
  private readonly matchFlight: FlightMatcher;
  private readonly estimate: NonNullable<PositionTrackerOptions['estimate']> | undefined;
  private readonly expiryMs: number;
  private readonly maxAircraft: number;
  private readonly minIntervalMs: number;
  /** In order of last contact, oldest first (re-inserted on every contact). */
  private readonly aircraft = new Map<string, Tracked>();
  /** What consoles were last sent, per aircraft. */
  private readonly sent = new Map<string, AircraftPosition>();
  private readonly changed = new Set<string>();
  private readonly gone = new Set<string>();
  private readonly icao24ByFlight = new Map<string, string>();
  private lastUpdateAt = Number.NEGATIVE_INFINITY;

  constructor(options: PositionTrackerOptions) {
    this.now = options.now;
    this.matchFlight = options.matchFlight;
    this.estimate = options.estimate;
    this.expiryMs = options.expiryMs ?? DEFAULT_POSITION_EXPIRY_MS;
    this.maxAircraft = options.maxAircraft ?? DEFAULT_MAX_TRACKED_AIRCRAFT;
    this.minIntervalMs = options.minIntervalMs ?? POSITIONS_UPDATE_MIN_INTERVAL_MS;
  }

  get size(): number {
    return this.aircraft.size;
  }

  /**
   * Takes a feed's states (already validated), newest report per aircraft winning. `matchFlight`
   * replaces the tracker's own matcher for these states (a feed key limited to some airlines).
   */
  ingest(states: readonly OpenSkyState[], matchFlight = this.matchFlight): IngestResult {
    const now = this.now();
    this.expire(now);
    const result: IngestResult = { accepted: 0, withoutPosition: 0, outOfOrder: 0, dropped: 0 };
    for (const state of states) {
      const held = this.aircraft.get(state.icao24);
      if (state.latitude === null || state.longitude === null) {
        result.withoutPosition += 1;
        if (held) this.touch(state.icao24, held, now);
        continue;
      }
      const reportedAt = state.timePosition ?? state.lastContact;
      if (held && reportedAt < held.reportedAt) {
        result.outOfOrder += 1;
        this.touch(state.icao24, held, now);
        continue;
      }
      const flightId = matchFlight(state.callsign, now) ?? null;
      if (!held && this.aircraft.size >= this.maxAircraft && !this.makeRoomFor(flightId)) {
        result.dropped += 1;
        continue;
      }
      const position = toPosition(state, reportedAt, flightId);
      if (flightId !== null && this.estimate) position.estimate = this.estimate(position);
      this.aircraft.delete(state.icao24);
      this.aircraft.set(state.icao24, { position, reportedAt, heardAt: now });
      this.linkFlight(state.icao24, held?.position.flightId ?? null, flightId);
      this.gone.delete(state.icao24);
      const sent = this.sent.get(state.icao24);
      if (sent && samePlace(sent, position)) this.changed.delete(state.icao24);
      else this.changed.add(state.icao24);
      result.accepted += 1;
    }
    return result;
  }

  /**
   * The update consoles should get now, or undefined: nothing changed, or the previous update
   * went out less than `minIntervalMs` ago (what changed meanwhile waits for the next one).
   */
  takeUpdate(): PositionsUpdate | undefined {
    const now = this.now();
    this.expire(now);
    if (now - this.lastUpdateAt < this.minIntervalMs) return undefined;
    if (this.changed.size === 0 && this.gone.size === 0) return undefined;
    const positions: AircraftPosition[] = [];
    for (const icao24 of this.changed) {
      const tracked = this.aircraft.get(icao24);
      if (!tracked) continue;
      positions.push(tracked.position);
      this.sent.set(icao24, tracked.position);
    }
    const removed = [...this.gone];
    this.changed.clear();
    this.gone.clear();
    this.lastUpdateAt = now;
    return { at: new Date(now).toISOString(), positions, removed };
  }

  /** Every aircraft tracked now, for a console that has just connected. */
  snapshot(): PositionsSnapshot {
    const now = this.now();
    this.expire(now);
    return {
      at: new Date(now).toISOString(),
      positions: [...this.aircraft.values()].map((tracked) => tracked.position),
    };
  }

  /** The latest position of the aircraft flying this flight, if one is tracked. */
  positionOfFlight(flightId: string): AircraftPosition | undefined {
    const icao24 = this.icao24ByFlight.get(flightId);
    return icao24 === undefined ? undefined : this.aircraft.get(icao24)?.position;
  }

  private touch(icao24: string, held: Tracked, now: number): void {
    this.aircraft.delete(icao24);
    this.aircraft.set(icao24, { ...held, heardAt: now });
  }

  /** Drops aircraft unheard for `expiryMs`: the map is in contact order, so stop at the first fresh one. */
  private expire(now: number): void {
    for (const [icao24, tracked] of this.aircraft) {
      if (now - tracked.heardAt < this.expiryMs) break;
      this.forget(icao24, tracked);
    }
  }

  /** Full: a matched newcomer replaces the longest-unheard unmatched aircraft, if there is one. */
  private makeRoomFor(flightId: string | null): boolean {
    if (flightId === null) return false;
    for (const [icao24, tracked] of this.aircraft) {
      if (tracked.position.flightId === null) {
        this.forget(icao24, tracked);
        return true;
      }
    }
    return false;
  }

  private forget(icao24: string, tracked: Tracked): void {
    this.aircraft.delete(icao24);
    this.linkFlight(icao24, tracked.position.flightId, null);
    this.changed.delete(icao24);
    if (this.sent.delete(icao24)) this.gone.add(icao24);
  }

  private linkFlight(icao24: string, before: string | null, after: string | null): void {
    if (before !== null && before !== after && this.icao24ByFlight.get(before) === icao24) {
      this.icao24ByFlight.delete(before);
    }
    if (after !== null) this.icao24ByFlight.set(after, icao24);
  }
}

function toPosition(
  state: OpenSkyState,
  reportedAt: number,
  flightId: string | null,
): AircraftPosition {
  return {
    icao24: state.icao24,
    callsign: state.callsign,
    flightId,
    lat: round(state.latitude, 5) as number,
    lon: round(state.longitude, 5) as number,
    altitudeM: round(state.baroAltitude ?? state.geoAltitude, 0),
    groundSpeedKt:
      state.velocity === null ? null : round(metresPerSecondToKnots(state.velocity), 0),
    trackDeg: round(state.trueTrack, 0),
    verticalRateMs: round(state.verticalRate, 1),
    onGround: state.onGround,
    at: isoSeconds(reportedAt),
    // Filled in through the `estimate` option (the hub knows the flights and the airport).
    estimate: null,
  };
}

/** A state's report time as ISO text; a body's states mostly share a few seconds, so remember the last. */
let lastIso: { seconds: number; text: string } = { seconds: 0, text: new Date(0).toISOString() };
function isoSeconds(seconds: number): string {
  if (seconds !== lastIso.seconds)
    lastIso = { seconds, text: new Date(seconds * 1000).toISOString() };
  return lastIso.text;
}

/**
 * Sends `positions:update` through `emit` whenever one is due, checking every `pollMs` (a quarter
 * of the minimum interval keeps updates within 250 ms of due). Returns a stop function.
 */
export function startPositionsBroadcast(
  tracker: PositionTracker,
  emit: (update: PositionsUpdate) => void,
  pollMs = POSITIONS_UPDATE_MIN_INTERVAL_MS / 4,
): () => void {
  const timer = setInterval(() => {
    const update = tracker.takeUpdate();
    if (update) emit(update);
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
