import { create } from 'zustand';
import type { FlightChanges, FlightStatus } from '../../../core';
import type { TimeWindow } from '../../../electron/preload/bridge-types';

export type ConsoleView = 'grid' | 'board';

/** Fields the edit panel can put the cursor in. */
export type EditField = 'gate' | 'etd' | 'delayCode' | 'status' | 'remark';

export interface PendingEdit {
  opId: string;
  baseVersion: number;
  changes: FlightChanges;
}

export interface UiState {
  view: ConsoleView;
  quickFilter: string;
  timeWindow: TimeWindow;
  /** Empty: every status. */
  statuses: FlightStatus[];
  selectedFlightId: string | null;
  /** Bumped to ask the edit panel to take the focus, on this field. */
  editRequest: { flightId: string; field: EditField; serial: number } | null;
  /** Changes sent and not yet acknowledged, by flight id. */
  pendingEdits: Readonly<Record<string, PendingEdit>>;
  /** The hub's refusal of the last change to a flight, in its words. */
  refusals: Readonly<Record<string, string>>;
}

const initialState: UiState = {
  view: 'grid',
  quickFilter: '',
  timeWindow: 'next3h',
  statuses: [],
  selectedFlightId: null,
  editRequest: null,
  pendingEdits: {},
  refusals: {},
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

export function setPendingEdit(flightId: string, edit: PendingEdit | null): void {
  useUiStore.setState((state) => {
    const pendingEdits = { ...state.pendingEdits };
    if (edit) pendingEdits[flightId] = edit;
    else delete pendingEdits[flightId];
    return { pendingEdits };
  });
}

export function setRefusal(flightId: string, message: string | null): void {
  useUiStore.setState((state) => {
    const refusals = { ...state.refusals };
    if (message) refusals[flightId] = message;
    else delete refusals[flightId];
    return { refusals };
  });
}
