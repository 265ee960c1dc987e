import { create } from 'zustand';
import type { FlightStatus, TimeWindow } from '../../../core';

/** `grid` is the Departures grid (its id predates arrivals). */
export type ConsoleView = 'grid' | 'arrivals' | 'board' | 'gateplan' | 'traffic' | 'gates';

/** Fields the edit panel can put the cursor in (which it shows depends on the direction). */
export type EditField =
  'gate' | 'etd' | 'delayCode' | 'status' | 'remark' | 'eta' | 'stand' | 'belt';

export interface UiState {
  view: ConsoleView;
  quickFilter: string;
  timeWindow: TimeWindow;
  /** Empty: every status. */
  statuses: FlightStatus[];
  selectedFlightId: string | null;
  /** Bumped to ask the edit panel to take the focus, on this field. */
  editRequest: { flightId: string; field: EditField; serial: number } | null;
}

const initialState: UiState = {
  view: 'grid',
  quickFilter: '',
  timeWindow: 'next3h',
  statuses: [],
  selectedFlightId: null,
  editRequest: null,
};

export const useUiStore = create<UiState>()(() => initialState);

export function resetUiStore(): void {
  useUiStore.setState(initialState, true);
}

export function selectFlight(flightId: string | null): void {
  if (useUiStore.getState().selectedFlightId === flightId) return;
  useUiStore.setState({ selectedFlightId: flightId });
}

/** Never reset, so a request made after a logout is still newer than any handled before. */
let editRequestSerial = 0;

export function requestEdit(flightId: string, field: EditField): void {
  editRequestSerial += 1;
  useUiStore.setState({
    selectedFlightId: flightId,
    editRequest: { flightId, field, serial: editRequestSerial },
  });
}

export function toggleStatusFilter(status: FlightStatus): void {
  useUiStore.setState((state) => ({
    statuses: state.statuses.includes(status)
      ? state.statuses.filter((s) => s !== status)
      : [...state.statuses, status],
  }));
}
