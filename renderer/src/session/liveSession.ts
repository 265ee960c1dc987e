import type { SessionUser } from '../../../core';
import { can } from '../../../core/roles';
import { startFilterPersistence } from '../settings/filterPersistence';
import { resetAllStores } from '../stores/resetStores';
import { useSessionStore } from '../stores/sessionStore';
import { useUiStore } from '../stores/uiStore';
import { fetchAirport, logoutFromHub } from '../sync/hubHttp';
import { startPendingEditsPersistence } from '../sync/pendingEditsPersistence';
import { activeSyncClient, startSync, stopSync } from '../sync/syncClient';

/** The signed-in console: the sync client and what is kept while the session lasts. */
let stopFilterPersistence: (() => void) | null = null;
let stopPendingEditsPersistence: (() => void) | null = null;

export async function goLive(hubUrl: string, token: string, user: SessionUser): Promise<void> {
  const { workstationId } = useSessionStore.getState();
  // Edits this user left unsent here (reload, crash, closed window) come back before sync starts,
  // so the first catch-up sends them.
  stopPendingEditsPersistence = startPendingEditsPersistence(hubUrl, user.username);
  // The snapshot is on its way while the airport and the saved filters are read.
  const client = startSync({
    hubUrl,
    token,
    workstation: workstationId,
    onUnauthorized: () =>
      signOut('The hub no longer accepts this session (expired or revoked). Sign in again.'),
  });
  const [airport, stopFilters] = await Promise.all([
    fetchAirport(hubUrl, token),
    startFilterPersistence(),
  ]);
  // Signed out meanwhile (the hub refused the token): this session never starts.
  if (activeSyncClient() !== client) {
    stopFilters();
    return;
  }
  stopFilterPersistence = stopFilters;
  // Viewers go straight to the board; editors start on the grid.
  useUiStore.setState({ view: can(user.role, 'editFlights') ? 'grid' : 'board' });
  useSessionStore.setState({ hubUrl, token, user, airport, endedBecause: null });
}

/** Ends the session here and at the hub (the token is revoked, a remembered one forgotten). */
export function signOut(reason: string | null = null): void {
  const { token, hubUrl: sessionHub } = useSessionStore.getState();
  if (token && sessionHub) void logoutFromHub(sessionHub, token);
  void window.jetbridge?.session?.forget().catch(() => undefined);
  stopSync();
  stopFilterPersistence?.();
  stopFilterPersistence = null;
  // Stop keeping the outbox before the reset empties it: unsent edits wait for the next sign-in.
  stopPendingEditsPersistence?.();
  stopPendingEditsPersistence = null;
  const { workstationId, hubUrl } = useSessionStore.getState();
  resetAllStores({ workstationId, hubUrl, endedBecause: reason });
}
