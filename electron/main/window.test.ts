import { describe, expect, it, vi } from 'vitest';

// window.ts imports BrowserWindow and screen; the options builder needs neither.
vi.mock('electron', () => ({ BrowserWindow: class {}, screen: {} }));

const { buildMainWindowOptions, restoreWindowBounds, DEFAULT_WINDOW_SIZE } =
  await import('./window');

describe('buildMainWindowOptions', () => {
  const options = buildMainWindowOptions({
    preloadPath: '/app/out/preload/index.cjs',
    bounds: { x: 10, y: 20, width: 1200, height: 800 },
  });

  it('locks the renderer down', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('stays hidden until ready-to-show and uses the given bounds', () => {
    expect(options.show).toBe(false);
    expect(options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800 });
  });
});

describe('restoreWindowBounds', () => {
  const screenArea = { x: 0, y: 0, width: 1920, height: 1080 };

  it('puts the window back where it was when that place is still on a screen', () => {
    const saved = { x: 100, y: 80, width: 1300, height: 850, maximized: true };
    expect(restoreWindowBounds(saved, [screenArea])).toEqual({
      bounds: { x: 100, y: 80, width: 1300, height: 850 },
      maximized: true,
    });
  });

  it('falls back to the default size when the remembered screen is gone', () => {
    const saved = { x: 2500, y: 100, width: 1300, height: 850, maximized: false };
    expect(restoreWindowBounds(saved, [screenArea])).toEqual({
      bounds: DEFAULT_WINDOW_SIZE,
      maximized: false,
    });
  });

  it('uses the default size on first start', () => {
    expect(restoreWindowBounds(null, [screenArea]).bounds).toEqual(DEFAULT_WINDOW_SIZE);
  });
});
