import { create } from 'zustand';
import type { AircraftPosition, PositionsSnapshot, PositionsUpdate } from '../../../core';

/**
 * The live traffic as the hub last described it (contract section 8): a `positions:snapshot`
 * after each (re)connect, then `positions:update` diffs. Positions are not changes: there is no
 * `seq` and no catch-up; a reconnect simply takes a new snapshot.
 */
export interface PositionsState {
  /** Every tracked aircraft, by icao24. */
  byAircraft: ReadonlyMap<string, AircraftPosition>;
  /** The aircraft matched to each live flight, by flight id. */
  byFlight: ReadonlyMap<string, AircraftPosition>;
  /** When the hub's picture was taken (the last snapshot or update), or null before any. */
  at: string | null;
  /** Whether a snapshot has arrived since the last connect: false means "no word yet". */
  loaded: boolean;
}

const initialState: PositionsState = {
  byAircraft: new Map(),
  byFlight: new Map(),
  at: null,
  loaded: false,
};

export const usePositionsStore = create<PositionsState>()(() => initialState);

export function resetPositionsStore(): void {
  usePositionsStore.setState(initialState, true);
}

function indexByFlight(byAircraft: ReadonlyMap<string, AircraftPosition>) {
  const byFlight = new Map<string, AircraftPosition>();
  for (const position of byAircraft.values()) {
    if (position.flightId === null) continue;
    // Two transponders claiming one flight (a callsign reused): the latest report wins.
    const held = byFlight.get(position.flightId);
    if (!held || held.at <= position.at) byFlight.set(position.flightId, position);
  }
  return byFlight;
}

/** The whole picture replaced: the ack of `positions:snapshot`. */
export function replaceAllPositions(snapshot: PositionsSnapshot): void {
  const byAircraft = new Map(snapshot.positions.map((p) => [p.icao24, p]));
  usePositionsStore.setState({
    byAircraft,
    byFlight: indexByFlight(byAircraft),
    at: snapshot.at,
    loaded: true,
  });
}

/** The picture after one `positions:update`: positions replace by icao24, `removed` deletes. */
export function positionsAfterUpdate(
  current: ReadonlyMap<string, AircraftPosition>,
  update: PositionsUpdate,
): Map<string, AircraftPosition> {
  const next = new Map(current);
  for (const icao24 of update.removed) next.delete(icao24);
  for (const position of update.positions) next.set(position.icao24, position);
  return next;
}

export function applyPositionsUpdate(update: PositionsUpdate): void {
  if (update.positions.length === 0 && update.removed.length === 0) return;
  const byAircraft = positionsAfterUpdate(usePositionsStore.getState().byAircraft, update);
  usePositionsStore.setState({
    byAircraft,
    byFlight: indexByFlight(byAircraft),
    at: update.at,
  });
}

/** The connection dropped: what is on screen is last known, and a snapshot will replace it. */
export function markPositionsStale(): void {
  usePositionsStore.setState({ loaded: false });
}
