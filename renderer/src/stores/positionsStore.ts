import { create } from 'zustand';
import type { AircraftPosition } from '../../../core';
import {
  NO_TRAFFIC,
  trafficColumns,
  type PositionsFrame,
  type TrafficColumns,
} from '../sync/positionsFrame';

/**
 * The live traffic as the hub last described it (contract section 8), as frames of the positions
 * worker bring it (positionsFrame.ts): every aircraft in columns (the map draws from them), and
 * the aircraft of live flights whole. Positions are not changes: there is no `seq` and no
 * catch-up; a reconnect simply takes a new snapshot.
 */
export interface PositionsState {
  /** Every tracked aircraft: identities, coordinates, on ground. */
  traffic: TrafficColumns;
  /** The aircraft matched to each live flight, by flight id. */
  byFlight: ReadonlyMap<string, AircraftPosition>;
  /** When the hub's picture was taken (the last snapshot or update), or null before any. */
  at: string | null;
  /** Whether a snapshot has arrived since the last connect: false means "no word yet". */
  loaded: boolean;
}

const initialState: PositionsState = {
  traffic: NO_TRAFFIC,
  byFlight: new Map(),
  at: null,
  loaded: false,
};

export const usePositionsStore = create<PositionsState>()(() => initialState);

export function resetPositionsStore(): void {
  usePositionsStore.setState(initialState, true);
}

/**
 * Shows one frame. False when it came without identities and those held do not fit it (the
 * sender resends them; nothing changed meanwhile).
 */
export function showPositionsFrame(frame: PositionsFrame): boolean {
  const traffic = trafficColumns(frame, usePositionsStore.getState().traffic.ids);
  if (!traffic) return false;
  usePositionsStore.setState({
    traffic,
    byFlight: new Map(frame.byFlight.map((position) => [position.flightId!, position])),
    at: frame.at,
    loaded: frame.loaded,
  });
  return true;
}

/** The connection dropped: what is on screen is last known, and a snapshot will replace it. */
export function markPositionsStale(): void {
  usePositionsStore.setState({ loaded: false });
}
