import type { IpcMainInvokeEvent, Session, Shell, WebContents } from 'electron';

/**
 * Electron hardening in one place: what the console's window may load, open and ask for, and who
 * may call IPC. Electron objects are passed in, so tests drive every rule with small fakes.
 */

/** Decides whether a URL is the console itself (the built file, or the dev server in dev). */
export type AppUrlMatcher = (url: string) => boolean;

export type AppLocation = { kind: 'file'; indexHtmlPath: string } | { kind: 'dev'; url: string };

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function fileUrlPath(filePath: string): string {
  // Same normalisation as Chromium's file:// URLs (forward slashes, leading slash on Windows).
  const slashed = filePath.replace(/\\/g, '/');
  return new URL(`file://${slashed.startsWith('/') ? '' : '/'}${slashed}`).pathname;
}

export function createAppUrlMatcher(location: AppLocation): AppUrlMatcher {
  if (location.kind === 'dev') {
    const devOrigin = new URL(location.url).origin;
    return (url) => parseUrl(url)?.origin === devOrigin;
  }
  const indexPath = fileUrlPath(location.indexHtmlPath);
  return (url) => {
    const parsed = parseUrl(url);
    return parsed !== null && parsed.protocol === 'file:' && parsed.pathname === indexPath;
  };
}

/** Only web links leave the app, and only to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

export type ExternalOpener = Pick<Shell, 'openExternal'>;

export async function openExternalSafely(shell: ExternalOpener, url: string): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}

type GuardedWebContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * No new windows (http/https links go to the system browser instead), no navigation away from
 * the console, no <webview>.
 */
export function guardWebContents(
  contents: GuardedWebContents,
  options: { isAppUrl: AppUrlMatcher; shell: ExternalOpener; log?: (message: string) => void },
): void {
  const log = options.log ?? console.warn;
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      void openExternalSafely(options.shell, url).catch((error: unknown) =>
        log(`Could not open ${url} in the browser: ${String(error)}`),
      );
    } else {
      log(`Blocked a new window for ${url}`);
    }
    return { action: 'deny' };
  });
  const blockForeignNavigation = (event: { preventDefault(): void }, url: string) => {
    if (options.isAppUrl(url)) return;
    event.preventDefault();
    log(`Blocked navigation to ${url}`);
  };
  contents.on('will-navigate', blockForeignNavigation);
  contents.on('will-redirect', blockForeignNavigation);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('Blocked a <webview>');
  });
}

/** The console needs no camera, microphone, notifications, geolocation, ... : deny them all. */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The console's policy. connect-src admits any http(s)/ws(s) origin because the agent types the
 * hub address at sign-in and the console reaches it before anything is saved; scripts, styles
 * and everything else stay on the app's own files.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // AG Grid and React inject style elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' http: https: ws: wss:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Sends the policy as a header on every response, replacing whatever a response brought. */
export function applyContentSecurityPolicy(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...details.responseHeaders };
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name];
    }
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders });
  });
}

export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/**
 * IPC is answered only for the console's own top-level document: a frame that was navigated
 * elsewhere, an iframe, or a destroyed frame gets nothing.
 */
export function isTrustedSender(event: SenderEvent, isAppUrl: AppUrlMatcher): boolean {
  try {
    const frame = event.senderFrame;
    if (!frame) return false;
    if (frame.parent !== null) return false;
    return isAppUrl(frame.url);
  } catch {
    // Reading a disposed frame throws; a caller that is gone is not trusted.
    return false;
  }
}
