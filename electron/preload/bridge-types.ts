/**
 * The one bridge the preload exposes to the console as `window.jetbridge`. Named functions only;
 * the renderer also runs in a plain browser, where `window.jetbridge` is undefined and the
 * console falls back to browser storage.
 */
import type { TimeWindow } from '../../core/time-window';

export interface GridSettings {
  /** AG Grid column state (order, width, sort, visibility), as `api.getColumnState()` gives it. */
  columnState?: unknown[];
  /** AG Grid filter model, as `api.getFilterModel()` gives it. */
  filterModel?: Record<string, unknown>;
  quickFilter?: string;
  timeWindow?: TimeWindow;
  statuses?: string[];
}

export interface WorkstationSettings {
  /** Hub address, e.g. `http://127.0.0.1:4300`; null until the agent has connected once. */
  hubUrl: string | null;
  /** Last username that signed in here (never the password). */
  lastUsername: string | null;
  grid: GridSettings;
}

export interface AppInfo {
  version: string;
  platform: string;
  /** Address of the hub this Electron process started itself, if any. */
  embeddedHubUrl: string | null;
  /** Stable name of this workstation, sent with edits for the audit trail. */
  workstationId: string;
}

export interface JetbridgeBridge {
  settings: {
    get(): Promise<WorkstationSettings>;
    set(patch: Partial<WorkstationSettings>): Promise<WorkstationSettings>;
  };
  app: {
    info(): Promise<AppInfo>;
  };
  /**
   * "Remember me": the session token, encrypted by the OS keychain (safeStorage). `available`
   * is false where the keychain cannot encrypt; `remember` is then refused.
   */
  session: {
    available(): Promise<boolean>;
    remember(token: string): Promise<void>;
    recall(): Promise<string | null>;
    forget(): Promise<void>;
  };
}

declare global {
  interface Window {
    jetbridge?: JetbridgeBridge;
  }
}
