import { randomBytes } from 'node:crypto';
import os from 'node:os';
import Store from 'electron-store';
import type { WorkstationSettings } from '../preload/bridge-types';
import {
  DEFAULT_SETTINGS,
  applySettingsPatch,
  parseSettingsPatch,
  publicSettings,
  readStoredSettings,
  windowBoundsSchema,
  type StoredSettings,
  type WindowBounds,
} from './settings-schema';

/** The part of electron-store we use: the whole document, read and written at once. */
export interface SettingsBackend {
  store: Record<string, unknown>;
}

/**
 * Workstation settings on disk. Every read is validated (see readStoredSettings) and every write
 * is the full validated document, so a rejected patch leaves the file untouched.
 */
export class WorkstationSettingsStore {
  constructor(
    private readonly backend: SettingsBackend,
    private readonly warn: (message: string) => void = console.warn,
  ) {}

  private read(): StoredSettings {
    const { settings, invalidFields } = readStoredSettings(this.backend.store);
    if (invalidFields.length > 0) {
      this.warn(`Settings file: ignored invalid ${invalidFields.join(', ')}; using defaults there`);
    }
    return settings;
  }

  private write(settings: StoredSettings): void {
    this.backend.store = { ...settings };
  }

  get(): WorkstationSettings {
    return publicSettings(this.read());
  }

  /** Validates `patch` (unknown: it comes over IPC) and stores it; throws naming the bad field. */
  set(patch: unknown): WorkstationSettings {
    const validPatch = parseSettingsPatch(patch);
    const next = applySettingsPatch(this.read(), validPatch);
    this.write(next);
    return publicSettings(next);
  }

  windowBounds(): WindowBounds | null {
    return this.read().windowBounds;
  }

  saveWindowBounds(bounds: WindowBounds): void {
    const parsed = windowBoundsSchema.safeParse(bounds);
    if (!parsed.success) return;
    this.write({ ...this.read(), windowBounds: parsed.data });
  }

  /** hostname + a random suffix created once and kept, so the id is stable per install. */
  workstationId(hostname: string = os.hostname()): string {
    const current = this.read();
    let suffix = current.workstationSuffix;
    if (!suffix) {
      suffix = randomBytes(4).toString('hex');
      this.write({ ...current, workstationSuffix: suffix });
    }
    return workstationIdFor(hostname, suffix);
  }
}

export function workstationIdFor(hostname: string, suffix: string): string {
  const host =
    hostname
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'workstation';
  return `${host}-${suffix}`;
}

/** Opens `workstation.json` in Electron's userData folder. */
export function openWorkstationSettings(): WorkstationSettingsStore {
  const store = new Store<Record<string, unknown>>({
    name: 'workstation',
    defaults: { ...DEFAULT_SETTINGS },
    // A corrupt file should not keep the console from starting; its values are only preferences.
    clearInvalidConfig: true,
  });
  return new WorkstationSettingsStore(store);
}
