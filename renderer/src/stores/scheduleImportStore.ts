import { create } from 'zustand';
import type { ScheduleImportProgress } from '../../../core';

export interface ScheduleImportState {
  /** The hub's latest `schedules:progress` (this supervisor's import or another's). */
  progress: ScheduleImportProgress | null;
  /** Console clock (ms) when it arrived: an old one is not an import running now. */
  progressAt: number | null;
}

const initialState: ScheduleImportState = { progress: null, progressAt: null };

export const useScheduleImportStore = create<ScheduleImportState>()(() => initialState);

export function resetScheduleImportStore(): void {
  useScheduleImportStore.setState(initialState, true);
}

export function applyScheduleProgress(progress: ScheduleImportProgress, now = Date.now()): void {
  useScheduleImportStore.setState({ progress, progressAt: now });
}

/** Forgets the last progress before a new import starts, so its bar starts empty. */
export function clearScheduleProgress(): void {
  useScheduleImportStore.setState({ progress: null, progressAt: null });
}
