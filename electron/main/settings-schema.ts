import { z } from 'zod';
import { TIME_WINDOWS } from '../../core/time-window';
import type { GridSettings, WorkstationSettings } from '../preload/bridge-types';

/**
 * Workstation settings: the zod schemas and the pure validate/merge rules. No Electron here, so
 * tests import it directly; settings.ts adds the electron-store file around it.
 */

const MAX_PATCH_CHARS = 512 * 1024;

const hubUrlSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2048, 'is too long')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address')
  // Credentials in the address would be a stored password by the back door.
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.username === '' && url.password === '';
    } catch {
      return true;
    }
  }, 'must not contain a user name or password');

const usernameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'is too long')
  .refine(
    (value) => [...value].every((char) => char >= ' ' && char !== '\u007f'),
    'must not contain control characters',
  );

export const gridSettingsSchema = z.strictObject({
  columnState: z.array(z.unknown()).max(500).optional(),
  filterModel: z.record(z.string(), z.unknown()).optional(),
  quickFilter: z.string().max(500).optional(),
  timeWindow: z.enum(TIME_WINDOWS).optional(),
  statuses: z.array(z.string().max(40)).max(20).optional(),
}) satisfies z.ZodType<GridSettings>;

/** What the renderer may send to `settings.set`: only the public fields, nothing unknown. */
export const settingsPatchSchema = z.strictObject({
  hubUrl: hubUrlSchema.nullable().optional(),
  lastUsername: usernameSchema.nullable().optional(),
  grid: gridSettingsSchema.optional(),
});

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const windowBoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20000),
  height: z.number().int().min(200).max(20000),
  maximized: z.boolean(),
});

export type WindowBounds = z.infer<typeof windowBoundsSchema>;

/** Everything in the settings file: the public settings plus what only main uses. */
export interface StoredSettings extends WorkstationSettings {
  windowBounds: WindowBounds | null;
  /** Random suffix that keeps workstationId stable and unique per install. */
  workstationSuffix: string | null;
}

export const DEFAULT_SETTINGS: StoredSettings = {
  hubUrl: null,
  lastUsername: null,
  grid: {},
  windowBounds: null,
  workstationSuffix: null,
};

const storedFieldSchemas = {
  hubUrl: hubUrlSchema.nullable(),
  lastUsername: usernameSchema.nullable(),
  grid: gridSettingsSchema,
  windowBounds: windowBoundsSchema.nullable(),
  workstationSuffix: z
    .string()
    .regex(/^[a-z0-9]{4,16}$/)
    .nullable(),
} satisfies { [K in keyof StoredSettings]: z.ZodType<StoredSettings[K]> };

export class SettingsValidationError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`Invalid setting "${field}": ${detail}`);
    this.name = 'SettingsValidationError';
  }
}

function toValidationError(error: z.ZodError): SettingsValidationError {
  const issue = error.issues[0];
  if (!issue) return new SettingsValidationError('settings', 'is invalid');
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.map(String).join('.');
    const key = issue.keys[0] ?? 'unknown';
    const field = prefix ? `${prefix}.${key}` : key;
    const detail = /pass(word)?|secret|token/i.test(key)
      ? 'secrets are never stored on the workstation'
      : 'is not a workstation setting';
    return new SettingsValidationError(field, detail);
  }
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'settings';
  return new SettingsValidationError(field, issue.message);
}

/** Checks a `settings.set` argument (unknown until parsed); throws naming the bad field. */
export function parseSettingsPatch(input: unknown): SettingsPatch {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SettingsValidationError('settings', 'the patch must be an object');
  }
  let size: number;
  try {
    size = JSON.stringify(input).length;
  } catch {
    throw new SettingsValidationError('settings', 'the patch must be plain JSON data');
  }
  if (size > MAX_PATCH_CHARS)
    throw new SettingsValidationError('settings', 'the patch is too large');
  const result = settingsPatchSchema.safeParse(input);
  if (!result.success) throw toValidationError(result.error);
  return result.data;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Applies a validated patch. `grid` merges field by field (a field sent as undefined is cleared),
 * so the grid can save its column state without resending its filters.
 */
export function applySettingsPatch(current: StoredSettings, patch: SettingsPatch): StoredSettings {
  const next: StoredSettings = { ...current };
  if (patch.hubUrl !== undefined) next.hubUrl = patch.hubUrl;
  if (patch.lastUsername !== undefined) next.lastUsername = patch.lastUsername;
  if (patch.grid !== undefined) next.grid = withoutUndefined({ ...current.grid, ...patch.grid });
  return next;
}

/**
 * Validates what was read from disk field by field: a field that fails (hand-edited file, older
 * version) falls back to its default and is reported, the rest is kept.
 */
export function readStoredSettings(raw: unknown): {
  settings: StoredSettings;
  invalidFields: string[];
} {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const settings: StoredSettings = { ...DEFAULT_SETTINGS };
  const invalidFields: string[] = [];
  for (const key of Object.keys(storedFieldSchemas) as (keyof StoredSettings)[]) {
    if (!(key in source)) continue;
    const parsed = storedFieldSchemas[key].safeParse(source[key]);
    if (parsed.success) (settings as unknown as Record<string, unknown>)[key] = parsed.data;
    else invalidFields.push(key);
  }
  return { settings, invalidFields };
}

/** The part of the stored settings the renderer sees. */
export function publicSettings(settings: StoredSettings): WorkstationSettings {
  return { hubUrl: settings.hubUrl, lastUsername: settings.lastUsername, grid: settings.grid };
}
