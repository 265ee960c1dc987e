import type { SessionUser } from '../../../core/protocol';
import { saveSettings } from '../settings/workstationSettings';
import { loginToHub, normalizeHubUrl, sessionUserFromToken } from '../sync/hubHttp';

/**
 * The login screen's side of a session: ask the hub, then hand over to the live console
 * (liveSession.ts), whose code — sync client, stores, views — is not part of the login screen's
 * bundle. It loads while the login screen sits idle (prefetchConsole), at the latest here.
 */
export interface SignInForm {
  hubAddress: string;
  username: string;
  password: string;
  /** Keep the token in the OS keychain (desktop only, when safeStorage works). */
  remember?: boolean;
}

const loadLiveSession = () => import('./liveSession');

async function goLive(hubUrl: string, token: string, user: SessionUser): Promise<void> {
  const live = await loadLiveSession();
  await live.goLive(hubUrl, token, user);
}

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
