import { can } from '../../../core';
import { startFilterPersistence } from '../settings/filterPersistence';
import { saveSettings } from '../settings/workstationSettings';
import { resetAllStores } from '../stores/resetStores';
import { useSessionStore } from '../stores/sessionStore';
import { useUiStore } from '../stores/uiStore';
import {
  fetchAirport,
  loginToHub,
  logoutFromHub,
  normalizeHubUrl,
  sessionUserFromToken,
} from '../sync/hubHttp';
import type { SessionUser } from '../../../core';
import { startPendingEditsPersistence } from '../sync/pendingEditsPersistence';
import { startSync, stopSync } from '../sync/syncClient';

export interface SignInForm {
  hubAddress: string;
  username: string;
  password: string;
  /** Keep the token in the OS keychain (desktop only, when safeStorage works). */
  remember?: boolean;
}

let stopFilterPersistence: (() => void) | null = null;
let stopPendingEditsPersistence: (() => void) | null = null;

/** Signs in over HTTP, remembers the address and username (never the password), goes live. */
export async function signIn(form: SignInForm): Promise<void> {
  const hubUrl = normalizeHubUrl(form.hubAddress);
  const username = form.username.trim();
  const { token, user } = await loginToHub(hubUrl, username, form.password);
  await saveSettings({ hubUrl, lastUsername: username });
  // The token is kept in memory; only the desktop bridge may keep it, encrypted by the OS.
  if (form.remember && (await canRememberSession())) {
    await window.jetbridge!.session.remember(token).catch(() => undefined);
  }
  await goLive(hubUrl, token, user);
}

/** Whether this console may offer "remember me": Electron with a working keychain only. */
export async function canRememberSession(): Promise<boolean> {
  try {
    return (await window.jetbridge?.session?.available()) === true;
  } catch {
    return false;
  }
}

/**
 * Signs in again with a remembered token, if there is one and the hub still takes it.
 * Resolves true when the console went live.
 */
export async function resumeRememberedSession(hubUrl: string | null): Promise<boolean> {
  if (!hubUrl || !(await canRememberSession())) return false;
  const token = await window.jetbridge!.session.recall().catch(() => null);
  const user = token ? sessionUserFromToken(token) : null;
  if (!token || !user) return false;
  const probe = await fetch(`${hubUrl}/api/flights`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(8_000),
  }).catch(() => null);
  if (probe?.status === 401) {
    await window.jetbridge!.session.forget().catch(() => undefined);
    return false;
  }
  if (!probe?.ok) return false;
  await goLive(hubUrl, token, user);
  return true;
}

async function goLive(hubUrl: string, token: string, user: SessionUser): Promise<void> {
  const airport = await fetchAirport(hubUrl, token);
  const { workstationId } = useSessionStore.getState();
  stopFilterPersistence = await startFilterPersistence();
  useSessionStore.setState({ hubUrl, token, user, airport, endedBecause: null });
  // Edits this user left unsent here (reload, crash, closed window) come back before sync starts,
  // so the first catch-up sends them.
  stopPendingEditsPersistence = startPendingEditsPersistence(hubUrl, user.username);
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
