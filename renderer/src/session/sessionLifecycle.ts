import { can } from '../../../core';
import { startFilterPersistence } from '../settings/filterPersistence';
import { saveSettings } from '../settings/workstationSettings';
import { resetAllStores } from '../stores/resetStores';
import { useSessionStore } from '../stores/sessionStore';
import { useUiStore } from '../stores/uiStore';
import { fetchAirport, loginToHub, normalizeHubUrl } from '../sync/hubHttp';
import { startSync, stopSync } from '../sync/syncClient';

export interface SignInForm {
  hubAddress: string;
  username: string;
  password: string;
}

let stopFilterPersistence: (() => void) | null = null;

/** Signs in over HTTP, remembers the address and username (never the password), goes live. */
export async function signIn(form: SignInForm): Promise<void> {
  const hubUrl = normalizeHubUrl(form.hubAddress);
  const username = form.username.trim();
  const { token, user } = await loginToHub(hubUrl, username, form.password);
  await saveSettings({ hubUrl, lastUsername: username });
  const airport = await fetchAirport(hubUrl, token);
  const { workstationId } = useSessionStore.getState();
  stopFilterPersistence = await startFilterPersistence();
  useSessionStore.setState({ hubUrl, token, user, airport, endedBecause: null });
  // Viewers go straight to the board; editors start on the grid.
  useUiStore.setState({ view: can(user.role, 'editFlights') ? 'grid' : 'board' });
  startSync({
    hubUrl,
    token,
    workstation: workstationId,
    onUnauthorized: () =>
      signOut('The hub no longer accepts this session (expired or revoked). Sign in again.'),
  });
}

export function signOut(reason: string | null = null): void {
  stopSync();
  stopFilterPersistence?.();
  stopFilterPersistence = null;
  const { workstationId, hubUrl } = useSessionStore.getState();
  resetAllStores({ workstationId, hubUrl, endedBecause: reason });
}
