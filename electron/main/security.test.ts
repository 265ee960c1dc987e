import { describe, expect, it, vi } from 'vitest';
import {
  applyContentSecurityPolicy,
  CONTENT_SECURITY_POLICY,
  createAppUrlMatcher,
  denyAllPermissions,
  guardWebContents,
  isSafeExternalUrl,
  isTrustedSender,
  openExternalSafely,
  type SenderEvent,
} from './security';

const indexHtml = '/opt/Jetbridge/resources/app.asar/out/renderer/index.html';
const isAppUrl = createAppUrlMatcher({ kind: 'file', indexHtmlPath: indexHtml });

type Listener = (event: { preventDefault(): void }, url: string) => void;

function fakeWebContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    setWindowOpenHandler: vi.fn((handler: typeof openHandler) => {
      openHandler = handler;
    }),
    on: vi.fn((name: string, listener: Listener) => {
      listeners.set(name, listener);
      return contents;
    }),
  };
  const fire = (name: string, url: string) => {
    const event = { preventDefault: vi.fn() };
    listeners.get(name)?.(event, url);
    return event;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

function guarded() {
  const fake = fakeWebContents();
  const shell = { openExternal: vi.fn(async () => undefined) };
  guardWebContents(fake.contents as never, { isAppUrl, shell, log: () => undefined });
  return { ...fake, shell };
}

describe('app URL matcher', () => {
  it('accepts the built console, with or without a hash route', () => {
    expect(isAppUrl(`file://${indexHtml}`)).toBe(true);
    expect(isAppUrl(`file://${indexHtml}#/board`)).toBe(true);
  });

  it('rejects other files and other origins', () => {
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://evil.example/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('matches the dev server by origin', () => {
    const dev = createAppUrlMatcher({ kind: 'dev', url: 'http://localhost:5173/' });
    expect(dev('http://localhost:5173/some/route')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });

  it('handles Windows paths', () => {
    const win = createAppUrlMatcher({
      kind: 'file',
      indexHtmlPath: 'C:\\Program Files\\Jetbridge\\out\\renderer\\index.html',
    });
    expect(win('file:///C:/Program%20Files/Jetbridge/out/renderer/index.html')).toBe(true);
  });
});

describe('new windows', () => {
  it('are always denied', () => {
    const { open } = guarded();
    expect(open('https://www.iata.org/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
  });

  it('send web links to the system browser, and nothing else', () => {
    const { open, shell } = guarded();
    open('https://www.iata.org/');
    open('file:///etc/passwd');
    open('smb://fileserver/share');
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.iata.org/');
  });
});

describe('navigation', () => {
  it('is blocked away from the console', () => {
    const { fire } = guarded();
    expect(fire('will-navigate', 'https://evil.example/').preventDefault).toHaveBeenCalled();
    expect(fire('will-navigate', 'file:///etc/passwd').preventDefault).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://evil.example/').preventDefault).toHaveBeenCalled();
  });

  it('is allowed within the console', () => {
    const { fire } = guarded();
    expect(fire('will-navigate', `file://${indexHtml}`).preventDefault).not.toHaveBeenCalled();
  });

  it('refuses webviews', () => {
    const { fire } = guarded();
    expect(fire('will-attach-webview', 'about:blank').preventDefault).toHaveBeenCalled();
  });
});

describe('shell.openExternal', () => {
  it.each(['http://example.com/', 'https://example.com/a?b=c'])('opens %s', async (url) => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(await openExternalSafely(shell, url)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith(url);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id',
    'vbscript:x',
    'data:text/html,hi',
    '',
    'relative/path',
  ])('refuses %s', async (url) => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(isSafeExternalUrl(url)).toBe(false);
    expect(await openExternalSafely(shell, url)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it('are all denied', () => {
    let request: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (handler: never) => (request = handler),
      setPermissionCheckHandler: (handler: never) => (check = handler),
    } as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(check?.()).toBe(false);
  });
});

describe('content security policy', () => {
  it("starts from default-src 'none' and keeps code to the app's own files", () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self' http: https: ws: wss:");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('replaces any CSP a response brings with its own', () => {
    let listener: ((details: unknown, cb: (r: unknown) => void) => void) | undefined;
    applyContentSecurityPolicy({
      webRequest: { onHeadersReceived: (l: never) => (listener = l) },
    } as never);
    const callback = vi.fn();
    listener?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      callback,
    );
    const headers = (callback.mock.calls[0]?.[0] as { responseHeaders: Record<string, string[]> })
      .responseHeaders;
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });
});

describe('isTrustedSender', () => {
  const frame = (url: string, parent: unknown = null) => ({ url, parent });
  const event = (senderFrame: unknown) => ({ senderFrame }) as unknown as SenderEvent;

  it("trusts the console's own top-level document", () => {
    expect(isTrustedSender(event(frame(`file://${indexHtml}`)), isAppUrl)).toBe(true);
  });

  it('drops other documents, iframes and destroyed frames', () => {
    expect(isTrustedSender(event(frame('https://evil.example/')), isAppUrl)).toBe(false);
    expect(isTrustedSender(event(frame(`file://${indexHtml}`, {})), isAppUrl)).toBe(false);
    expect(isTrustedSender(event(null), isAppUrl)).toBe(false);
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed');
      },
      parent: null,
    };
    expect(isTrustedSender(event(disposed), isAppUrl)).toBe(false);
  });
});
