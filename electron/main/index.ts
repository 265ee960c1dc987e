import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { BrowserWindow, app, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { startHubInChild } from '../hub-process/hub-in-child';
import { connectHub, type HubConnection } from './embedded-hub';
import { registerIpcHandlers } from './ipc';
import { createRememberedSession } from './remembered-session';
import {
  applyContentSecurityPolicy,
  createAppUrlMatcher,
  denyAllPermissions,
  guardWebContents,
  isTrustedSender,
  type AppLocation,
} from './security';
import { openWorkstationSettings, type WorkstationSettingsStore } from './settings';
import { utilityHubChild } from './utility-hub-child';
import { createMainWindow } from './window';

// Thin on purpose: app lifecycle only. The rules live in the modules imported above.

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = path.join(outDir, 'renderer');
const devRendererUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appLocation: AppLocation = devRendererUrl
  ? { kind: 'dev', url: devRendererUrl }
  : { kind: 'file', indexHtmlPath: path.join(rendererDir, 'index.html') };
const isAppUrl = createAppUrlMatcher(appLocation);

/** Sandboxed preloads must be CommonJS; electron-vite names that file index.cjs or index.js. */
function preloadPath(): string {
  const candidates = ['index.cjs', 'index.js'].map((name) => path.join(outDir, 'preload', name));
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}

function iconPath(): string | undefined {
  const candidate = path.join(app.getAppPath(), 'resources', 'icons', 'icon.png');
  return existsSync(candidate) ? candidate : undefined;
}

async function loadConsole(window: BrowserWindow): Promise<void> {
  if (appLocation.kind === 'dev') await window.loadURL(appLocation.url);
  else await window.loadFile(appLocation.indexHtmlPath);
}

function openMainWindow(settings: WorkstationSettingsStore): BrowserWindow {
  return createMainWindow({
    preloadPath: preloadPath(),
    iconPath: iconPath(),
    savedBounds: settings.windowBounds(),
    saveBounds: (bounds) => settings.saveWindowBounds(bounds),
    load: loadConsole,
  });
}

async function startConsole(): Promise<HubConnection> {
  const settings = openWorkstationSettings();
  denyAllPermissions(session.defaultSession);

  const hub = await connectHub({
    env: process.env,
    userDataDir: app.getPath('userData'),
    webRoot: rendererDir,
    // The hub runs in a utility process of its own, off this process's event loop.
    loadStartHub: async () =>
      startHubInChild(utilityHubChild(path.join(outDir, 'main', 'hub-child.js'))),
  });

  // The dev server's hot reload needs inline scripts; the built console gets the strict policy.
  if (appLocation.kind === 'file') applyContentSecurityPolicy(session.defaultSession);

  const workstationId = settings.workstationId();
  registerIpcHandlers(ipcMain, {
    isTrustedSender: (event) => isTrustedSender(event, isAppUrl),
    settings,
    rememberedSession: rememberedSessionFile(path.join(app.getPath('userData'), 'session.bin')),
    appInfo: () => ({
      version: app.getVersion(),
      platform: process.platform,
      embeddedHubUrl: hub.hubUrl,
      workstationId,
    }),
  });

  openMainWindow(settings);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow(settings);
  });
  return hub;
}

function rememberedSessionFile(file: string) {
  return createRememberedSession({
    safeStorage,
    read: () => {
      try {
        return readFileSync(file);
      } catch {
        return null;
      }
    },
    write: (data) => writeFileSync(file, data, { mode: 0o600 }),
    remove: () => rmSync(file, { force: true }),
  });
}

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let hub: HubConnection | null = null;
  let hubClosed = false;

  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, { isAppUrl, shell }),
  );

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app
    .whenReady()
    .then(async () => {
      hub = await startConsole();
    })
    .catch((error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Jetbridge could not start', detail);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the embedded hub finish its writes before the process goes away.
  app.on('will-quit', (event) => {
    const embedded = hub?.embedded;
    if (!embedded || hubClosed) return;
    event.preventDefault();
    hubClosed = true;
    embedded
      .close()
      .catch((error: unknown) =>
        console.error(`Jetbridge: closing the hub failed: ${String(error)}`),
      )
      .finally(() => app.quit());
  });
}
