import { resetConnectionStore } from './connectionStore';
import { resetFlightsStore } from './flightsStore';
import { resetGatesStore } from './gatesStore';
import { resetNotificationsStore } from './notificationsStore';
import { resetPendingEditsStore } from './pendingEditsStore';
import { resetPositionsStore } from './positionsStore';
import { resetScheduleImportStore } from './scheduleImportStore';
import { resetSessionStore, type SessionState } from './sessionStore';
import { resetUiStore } from './uiStore';

/** Back to a console nobody is signed in to (logout, expired session, tests). */
export function resetAllStores(keepSession: Partial<SessionState> = {}): void {
  resetFlightsStore();
  resetGatesStore();
  resetNotificationsStore();
  resetPendingEditsStore();
  resetPositionsStore();
  resetScheduleImportStore();
  resetConnectionStore();
  resetUiStore();
  resetSessionStore(keepSession);
}
