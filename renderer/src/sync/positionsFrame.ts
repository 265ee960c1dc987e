import type { AircraftPosition, PositionsSnapshot, PositionsUpdate } from '../../../core';

/**
 * The traffic picture in columns, as the positions worker hands it to the console's main thread
 * (positionsWorker.ts): a whole sky of 5,000 aircraft is two typed arrays (transferred, not
 * copied) and the whole positions of the aircraft matched to live flights. The identities of the
 * aircraft (icao24, callsign, flight) go only when they changed: a moving sky keeps them.
 */
export interface PositionsFrame {
  /** When the hub's picture was taken (its last snapshot or update). */
  at: string;
  /** Whether a snapshot has come since the last connect (false: what is shown is last known). */
  loaded: boolean;
  /** Every aircraft's identity in column order, when it changed since the last frame; else null. */
  ids: AircraftIds | null;
  /** Per aircraft, in column order: lon, lat, track (NaN: unknown), altitude m (NaN: unknown). */
  coords: Float32Array;
  /** Per aircraft, in column order: 1 on the ground. */
  onGround: Uint8Array;
  /** The aircraft matched to each live flight, whole (one per flight: the latest report). */
  byFlight: AircraftPosition[];
}

export interface AircraftIds {
  icao24: string[];
  callsign: (string | null)[];
  flightId: (string | null)[];
}

/** Values per aircraft in `PositionsFrame.coords`. */
export const COORDS_PER_AIRCRAFT = 4;

/** The picture the console draws: the columns of the last frame with the identities they go with. */
export interface TrafficColumns {
  count: number;
  ids: AircraftIds;
  coords: Float32Array;
  onGround: Uint8Array;
}

export const NO_TRAFFIC: TrafficColumns = {
  count: 0,
  ids: { icao24: [], callsign: [], flightId: [] },
  coords: new Float32Array(0),
  onGround: new Uint8Array(0),
};

/**
 * The hub's traffic as the snapshot and updates describe it (contract section 8), kept where the
 * payloads are read (the worker), and turned into frames. Positions replace by icao24 and keep
 * their place in the columns; `removed` deletes.
 */
export class PositionsPicture {
  private readonly byAircraft = new Map<string, AircraftPosition>();
  private at = '';
  private loaded = false;
  /** Whether the identities changed since the last frame (or the receiver asked for them). */
  private idsChanged = true;

  replaceAll(snapshot: PositionsSnapshot): void {
    this.byAircraft.clear();
    for (const position of snapshot.positions) this.byAircraft.set(position.icao24, position);
    this.at = snapshot.at;
    this.loaded = true;
    this.idsChanged = true;
  }

  /** The connection dropped: the picture is last known until the next snapshot. */
  markStale(): void {
    this.loaded = false;
  }

  /** Whether the update changed anything. */
  apply(update: PositionsUpdate): boolean {
    if (update.positions.length === 0 && update.removed.length === 0) return false;
    for (const icao24 of update.removed) {
      if (this.byAircraft.delete(icao24)) this.idsChanged = true;
    }
    for (const position of update.positions) {
      const held = this.byAircraft.get(position.icao24);
      if (!held || held.callsign !== position.callsign || held.flightId !== position.flightId) {
        this.idsChanged = true;
      }
      this.byAircraft.set(position.icao24, position);
    }
    this.at = update.at;
    return true;
  }

  /** The next frame carries the identities whether they changed or not. */
  resendIds(): void {
    this.idsChanged = true;
  }

  get size(): number {
    return this.byAircraft.size;
  }

  /** The picture now, and the buffers to transfer with it. */
  frame(): { frame: PositionsFrame; transfer: ArrayBuffer[] } {
    const count = this.byAircraft.size;
    const coords = new Float32Array(count * COORDS_PER_AIRCRAFT);
    const onGround = new Uint8Array(count);
    const ids: AircraftIds | null = this.idsChanged
      ? { icao24: [], callsign: [], flightId: [] }
      : null;
    const byFlight = new Map<string, AircraftPosition>();
    let index = 0;
    for (const position of this.byAircraft.values()) {
      const at = index * COORDS_PER_AIRCRAFT;
      coords[at] = position.lon;
      coords[at + 1] = position.lat;
      coords[at + 2] = position.trackDeg ?? NaN;
      coords[at + 3] = position.altitudeM ?? NaN;
      onGround[index] = position.onGround ? 1 : 0;
      if (ids) {
        ids.icao24.push(position.icao24);
        ids.callsign.push(position.callsign);
        ids.flightId.push(position.flightId);
      }
      if (position.flightId !== null) {
        // Two transponders claiming one flight (a callsign reused): the latest report wins.
        const held = byFlight.get(position.flightId);
        if (!held || held.at <= position.at) byFlight.set(position.flightId, position);
      }
      index += 1;
    }
    this.idsChanged = false;
    return {
      frame: {
        at: this.at,
        loaded: this.loaded,
        ids,
        coords,
        onGround,
        byFlight: [...byFlight.values()],
      },
      transfer: [coords.buffer, onGround.buffer],
    };
  }
}

/**
 * The columns a frame describes, with the identities it brought or those of an earlier frame;
 * null when it brought none and the earlier ones do not fit (the worker is asked to resend them).
 */
export function trafficColumns(
  frame: PositionsFrame,
  previous: AircraftIds | null,
): TrafficColumns | null {
  const ids = frame.ids ?? previous;
  const count = frame.onGround.length;
  if (!ids || ids.icao24.length !== count || frame.coords.length !== count * COORDS_PER_AIRCRAFT) {
    return null;
  }
  return { count, ids, coords: frame.coords, onGround: frame.onGround };
}

/** One aircraft of the columns, as much of a position as they hold (no speed, no estimate). */
export interface ColumnPosition {
  icao24: string;
  callsign: string | null;
  flightId: string | null;
  lon: number;
  lat: number;
  trackDeg: number | null;
  altitudeM: number | null;
  onGround: boolean;
  estimate: AircraftPosition['estimate'];
}

export function columnPosition(columns: TrafficColumns, index: number): ColumnPosition {
  const at = index * COORDS_PER_AIRCRAFT;
  const track = columns.coords[at + 2]!;
  const altitude = columns.coords[at + 3]!;
  return {
    icao24: columns.ids.icao24[index]!,
    callsign: columns.ids.callsign[index]!,
    flightId: columns.ids.flightId[index]!,
    lon: columns.coords[at]!,
    lat: columns.coords[at + 1]!,
    trackDeg: Number.isNaN(track) ? null : track,
    altitudeM: Number.isNaN(altitude) ? null : altitude,
    onGround: columns.onGround[index] === 1,
    estimate: null,
  };
}
