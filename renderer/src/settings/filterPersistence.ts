import type { FlightStatus } from '../../../core';
import { FLIGHT_STATUSES } from '../../../core';
import { useUiStore } from '../stores/uiStore';
import { loadSettings, saveGridSettings } from './workstationSettings';

const SAVE_DELAY_MS = 400;

/**
 * Restores the saved quick filter, time window and status chips into the ui store, then saves
 * them as they change. Runs only while signed in, so a logout's store reset is not saved.
 */
export async function startFilterPersistence(): Promise<() => void> {
  const { grid } = await loadSettings();
  useUiStore.setState({
    quickFilter: grid.quickFilter ?? '',
    timeWindow: grid.timeWindow ?? 'next3h',
    statuses: (grid.statuses ?? []).filter((s): s is FlightStatus =>
      (FLIGHT_STATUSES as readonly string[]).includes(s),
    ),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = useUiStore.subscribe((state, previous) => {
    if (
      state.quickFilter === previous.quickFilter &&
      state.timeWindow === previous.timeWindow &&
      state.statuses === previous.statuses
    ) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      const { quickFilter, timeWindow, statuses } = useUiStore.getState();
      void saveGridSettings({ quickFilter, timeWindow, statuses });
    }, SAVE_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
