import { isTimeWindow } from '../../../core/time-window';
import type {
  AppInfo,
  GridSettings,
  WorkstationSettings,
} from '../../../electron/preload/bridge-types';

/**
 * Workstation settings through the Electron bridge, or browser storage when the console runs
 * in a plain browser (served by the hub). Never holds a password or a token.
 */
const STORAGE_KEY = 'jetbridge.settings';
const WORKSTATION_KEY = 'jetbridge.workstationId';

export const DEFAULT_SETTINGS: WorkstationSettings = { hubUrl: null, lastUsername: null, grid: {} };

function readBrowserSettings(): WorkstationSettings {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return sanitizeSettings(raw);
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Stored settings are `unknown` until checked: a hand-edited or stale entry must not crash. */
function sanitizeSettings(raw: unknown): WorkstationSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const value = raw as Record<string, unknown>;
  const grid = (typeof value.grid === 'object' && value.grid !== null ? value.grid : {}) as Record<
    string,
    unknown
  >;
  const cleanGrid: GridSettings = {};
  if (Array.isArray(grid.columnState)) cleanGrid.columnState = grid.columnState;
  if (typeof grid.filterModel === 'object' && grid.filterModel !== null) {
    cleanGrid.filterModel = grid.filterModel as Record<string, unknown>;
  }
  if (typeof grid.quickFilter === 'string') cleanGrid.quickFilter = grid.quickFilter;
  if (isTimeWindow(grid.timeWindow)) cleanGrid.timeWindow = grid.timeWindow;
  if (Array.isArray(grid.statuses)) {
    cleanGrid.statuses = grid.statuses.filter((s): s is string => typeof s === 'string');
  }
  return {
    hubUrl: typeof value.hubUrl === 'string' ? value.hubUrl : null,
    lastUsername: typeof value.lastUsername === 'string' ? value.lastUsername : null,
    grid: cleanGrid,
  };
}

export async function loadSettings(): Promise<WorkstationSettings> {
  if (window.jetbridge) return sanitizeSettings(await window.jetbridge.settings.get());
  return readBrowserSettings();
}

export async function saveSettings(patch: Partial<WorkstationSettings>): Promise<void> {
  if (window.jetbridge) {
    await window.jetbridge.settings.set(patch);
    return;
  }
  const next = { ...readBrowserSettings(), ...patch };
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled (private mode): settings are a convenience, not state.
  }
}

/** Merges into the saved grid settings (column state, filters, ...). */
export async function saveGridSettings(patch: Partial<GridSettings>): Promise<void> {
  const current = await loadSettings();
  await saveSettings({ grid: { ...current.grid, ...patch } });
}

export interface ConsoleEnvironment {
  /** Address to prefill on the login screen. */
  defaultHubUrl: string;
  workstationId: string;
}

export async function loadEnvironment(settings: WorkstationSettings): Promise<ConsoleEnvironment> {
  let info: AppInfo | null = null;
  if (window.jetbridge) {
    try {
      info = await window.jetbridge.app.info();
    } catch {
      info = null;
    }
  }
  const origin = /^https?:/.test(window.location.protocol) ? window.location.origin : null;
  const defaultHubUrl =
    settings.hubUrl ?? info?.embeddedHubUrl ?? origin ?? 'http://127.0.0.1:4300';
  return { defaultHubUrl, workstationId: info?.workstationId ?? browserWorkstationId() };
}

function browserWorkstationId(): string {
  try {
    const existing = localStorage.getItem(WORKSTATION_KEY);
    if (existing) return existing;
    const created = `web-${newUuid().slice(0, 8)}`;
    localStorage.setItem(WORKSTATION_KEY, created);
    return created;
  } catch {
    return 'web';
  }
}

/**
 * A v4 UUID. `crypto.randomUUID` exists only in secure contexts, and a hub served over plain
 * http on a LAN address is not one; `getRandomValues` works everywhere.
 */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
