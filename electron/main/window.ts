import {
  BrowserWindow,
  screen,
  type BrowserWindowConstructorOptions,
  type Rectangle,
} from 'electron';
import type { WindowBounds } from './settings-schema';

/** The console's main window: locked-down web preferences, remembered size and place. */

export const DEFAULT_WINDOW_SIZE = { width: 1440, height: 900 };
const MIN_WINDOW_SIZE = { width: 960, height: 600 };
/** How much of a remembered window must still be on some screen to put it back there. */
const MIN_VISIBLE_PX = 64;

export interface MainWindowOptionsInput {
  preloadPath: string;
  bounds: Partial<Rectangle> & { width: number; height: number };
  iconPath?: string;
}

export function buildMainWindowOptions(
  input: MainWindowOptionsInput,
): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Jetbridge',
    backgroundColor: '#0f1c2e',
    // Shown on ready-to-show, so the agent never sees a blank white frame.
    show: false,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where to open the window: the remembered bounds when enough of them is still on a connected
 * screen (screens change between shifts), else the default size, centred by Electron.
 */
export function restoreWindowBounds(
  saved: WindowBounds | null,
  workAreas: readonly Rectangle[],
): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
  const fallback = { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: saved?.maximized ?? false };
  if (!saved) return fallback;
  const rect: Rectangle = {
    x: saved.x,
    y: saved.y,
    width: Math.max(saved.width, MIN_WINDOW_SIZE.width),
    height: Math.max(saved.height, MIN_WINDOW_SIZE.height),
  };
  const visible = workAreas.some((area) => {
    const { width, height } = overlap(rect, area);
    return width >= MIN_VISIBLE_PX && height >= MIN_VISIBLE_PX;
  });
  return visible ? { bounds: rect, maximized: saved.maximized } : fallback;
}

export interface CreateMainWindowDeps {
  preloadPath: string;
  iconPath?: string;
  savedBounds: WindowBounds | null;
  saveBounds(bounds: WindowBounds): void;
  load(window: BrowserWindow): Promise<void>;
}

export function createMainWindow(deps: CreateMainWindowDeps): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const { bounds, maximized } = restoreWindowBounds(deps.savedBounds, workAreas);
  const window = new BrowserWindow(
    buildMainWindowOptions({ preloadPath: deps.preloadPath, bounds, iconPath: deps.iconPath }),
  );

  window.once('ready-to-show', () => {
    if (maximized) window.maximize();
    window.show();
  });

  let saveTimer: NodeJS.Timeout | undefined;
  const saveNow = () => {
    clearTimeout(saveTimer);
    if (window.isDestroyed()) return;
    const normal = window.getNormalBounds();
    deps.saveBounds({ ...normal, maximized: window.isMaximized() });
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', saveNow);

  void deps.load(window).catch((error: unknown) => {
    console.error(`Jetbridge: could not load the console: ${String(error)}`);
  });
  return window;
}
