import { create } from 'zustand';
import type { NotificationSummary } from '../../../core';

export interface NotificationsState {
  /** Manifest size and notification counts per flight, kept live by the hub. */
  summaries: Readonly<Record<string, NotificationSummary>>;
  /** The flight whose notification list is open (supervisors), if any. */
  openFlightId: string | null;
}

const initialState: NotificationsState = { summaries: {}, openFlightId: null };

export const useNotificationsStore = create<NotificationsState>()(() => initialState);

export function resetNotificationsStore(): void {
  useNotificationsStore.setState(initialState, true);
}

export function replaceNotificationSummaries(summaries: readonly NotificationSummary[]): void {
  useNotificationsStore.setState({
    summaries: Object.fromEntries(summaries.map((summary) => [summary.flightId, summary])),
  });
}

export function applyNotificationSummary(summary: NotificationSummary): void {
  useNotificationsStore.setState((state) => ({
    summaries: { ...state.summaries, [summary.flightId]: summary },
  }));
}

export function openFlightNotifications(flightId: string | null): void {
  useNotificationsStore.setState({ openFlightId: flightId });
}
