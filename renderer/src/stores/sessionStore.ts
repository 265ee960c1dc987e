import { create } from 'zustand';
import type { SessionUser } from '../../../core';

export interface AirportInfo {
  iata: string;
  name: string;
  city: string;
  timeZone: string;
  /** The airport's reference point (WGS-84 degrees), when the hub knows it: the traffic map's centre. */
  location: { lat: number; lon: number } | null;
}

export interface SessionState {
  hubUrl: string | null;
  /** Kept in memory only: a reload or logout means signing in again. */
  token: string | null;
  user: SessionUser | null;
  airport: AirportInfo | null;
  workstationId: string;
  /** Why the last session ended, when it was not the user's choice. */
  endedBecause: string | null;
}

const initialState: SessionState = {
  hubUrl: null,
  token: null,
  user: null,
  airport: null,
  workstationId: 'web',
  endedBecause: null,
};

export const useSessionStore = create<SessionState>()(() => initialState);

export function resetSessionStore(keep: Partial<SessionState> = {}): void {
  useSessionStore.setState({ ...initialState, ...keep }, true);
}

/** The time zone to show local times in: the airport's, else the browser's. */
export function airportTimeZone(): string {
  return (
    useSessionStore.getState().airport?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  );
}
