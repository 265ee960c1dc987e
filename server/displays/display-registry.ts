import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type pg from 'pg';
import { z } from 'zod';
import {
  BOARD_LANGUAGES,
  DISPLAY_KINDS,
  DISPLAY_NAME_PATTERN,
  DISPLAY_TOKEN_PATTERN,
  type BoardLanguage,
  type DisplayKind,
  type DisplaySettings,
} from '../../core';
import { hashKey } from '../feed/api-keys';
import { DurableJsonFile } from '../store/durable-json-file';
import { AdminCommandError, editLocked } from '../store/locked-json-edit';
import {
  WatchedHubDocument,
  editHubDocument,
  readHubDocument,
} from '../store/postgres/hub-documents';
import { WatchedJsonFile } from '../store/watched-json-file';

/**
 * Displays (contract section 12): public screens, each with a token in its URL. Like API keys, a
 * token is shown once and kept only as its SHA-256 (256 random bits need no slow hash). They
 * live in the data folder (`displays.json`), or with a database in its `hub_documents`
 * ('displays'), shared by every hub; either way the hub follows them, so `displays revoke`
 * blanks the screen at once.
 */
export const DISPLAYS_FILE = 'displays.json';
export const DISPLAYS_DOCUMENT = 'displays';

const displayRecordSchema = z.strictObject({
  name: z.string().regex(DISPLAY_NAME_PATTERN),
  /** SHA-256 of the token, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(DISPLAY_KINDS),
  terminal: z.string().min(1).max(8).nullable(),
  /** Absent: the airport's default (English, and Hindi at an Indian airport). */
  languages: z.array(z.enum(BOARD_LANGUAGES)).min(1).optional(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type DisplayRecord = z.infer<typeof displayRecordSchema>;

export const displaysFileSchema = z.strictObject({
  displays: z
    .array(displayRecordSchema)
    .refine(
      (displays) => new Set(displays.map((display) => display.name)).size === displays.length,
      'duplicate display name',
    ),
});
export type DisplaysFile = z.infer<typeof displaysFileSchema>;
const NO_DISPLAYS: DisplaysFile = { displays: [] };

function displaysFile(dataDir: string) {
  return new DurableJsonFile(join(dataDir, DISPLAYS_FILE), displaysFileSchema, { pretty: true });
}

/** The displays as the hub follows them: the watched file, or the database's document. */
export interface DisplaysTable {
  readonly value: DisplaysFile;
  onChange(listener: (file: DisplaysFile) => void): () => void;
  reload(): Promise<void>;
  close(): void;
}

/** `displays.json` of the data folder, watched. */
export async function openDisplaysFile(dataDir: string, logger: Logger): Promise<DisplaysTable> {
  const table = await WatchedJsonFile.open(displaysFile(dataDir), NO_DISPLAYS, logger);
  table.watch();
  return table;
}

/** The database's displays, followed (LISTEN/NOTIFY and a poll); `close` ends `pool`. */
export async function openDisplaysDocument(
  pool: pg.Pool,
  url: string,
  logger: Logger,
): Promise<DisplaysTable> {
  const document = await WatchedHubDocument.open({
    pool,
    url,
    name: DISPLAYS_DOCUMENT,
    schema: displaysFileSchema,
    empty: NO_DISPLAYS,
    logger,
  });
  document.watch();
  return {
    get value() {
      return document.value;
    },
    onChange: (listener) => document.onChange(listener),
    reload: () => document.reload(),
    close() {
      document.close();
      void pool.end().catch(() => undefined);
    },
  };
}

/** Where `displays add|list|revoke` read and change the displays. */
export interface DisplaysEditor {
  read(): Promise<DisplaysFile>;
  /** One editor at a time; `edit` may refuse with AdminCommandError, changing nothing. */
  edit(edit: (file: DisplaysFile) => DisplaysFile): Promise<void>;
}

export function displaysFileEditor(dataDir: string): DisplaysEditor {
  return {
    read: async () => (await displaysFile(dataDir).read()) ?? NO_DISPLAYS,
    edit: async (edit) => {
      await editLocked(displaysFile(dataDir), edit, { initial: NO_DISPLAYS, what: 'displays' });
    },
  };
}

/** The database's displays (every hub hears of a change on commit). */
export function displaysDocumentEditor(pool: pg.Pool): DisplaysEditor {
  return {
    read: async () =>
      (await readHubDocument(pool, DISPLAYS_DOCUMENT, displaysFileSchema)) ?? NO_DISPLAYS,
    edit: async (edit) => {
      await editHubDocument(pool, DISPLAYS_DOCUMENT, displaysFileSchema, edit, NO_DISPLAYS);
    },
  };
}

/** The languages a display alternates: its own, or the airport's default. */
export function displayLanguages(
  record: Pick<DisplayRecord, 'languages'>,
  airportCountry: string | undefined,
): BoardLanguage[] {
  return record.languages ?? (airportCountry === 'India' ? ['en', 'hi'] : ['en']);
}

/** The displays as the running hub knows them: reloaded when `displays add|revoke` runs. */
export class DisplayRegistry {
  #byHash = new Map<string, DisplayRecord>();

  constructor(private readonly table: DisplaysTable) {
    this.#index(table.value);
  }

  /** The display a token opens, or null for anything that is not a current display's token. */
  verify(token: unknown): DisplayRecord | null {
    if (typeof token !== 'string' || !DISPLAY_TOKEN_PATTERN.test(token)) return null;
    // Looked up by the token's hash, never the token: timing cannot reveal a token's prefix.
    return this.#byHash.get(hashKey(token)) ?? null;
  }

  list(): DisplayRecord[] {
    return this.table.value.displays;
  }

  /** Called after each reload, with the displays as they are now. */
  onChange(listener: (displays: DisplayRecord[]) => void): void {
    this.table.onChange((file) => {
      this.#index(file);
      listener(file.displays);
    });
  }

  reload(): Promise<void> {
    return this.table.reload();
  }

  close(): void {
    this.table.close();
  }

  #index(file: DisplaysFile): void {
    this.#byHash = new Map(file.displays.map((display) => [display.hash, display]));
  }
}

export interface NewDisplay {
  name: string;
  kind?: DisplayKind;
  terminal?: string;
  languages?: BoardLanguage[];
  now?: Date;
}

/** `displays add`: a new display; its token is returned once (only its hash is kept). */
export async function addDisplay(displays: DisplaysEditor, input: NewDisplay): Promise<string> {
  if (!DISPLAY_NAME_PATTERN.test(input.name)) {
    throw new AdminCommandError(
      'the display name must be 1–64 letters, digits, dots, dashes or underscores',
    );
  }
  const terminal = input.terminal?.trim().toUpperCase();
  if (terminal !== undefined && !/^[A-Z0-9-]{1,8}$/.test(terminal)) {
    throw new AdminCommandError(`"${input.terminal}" is not a terminal name such as T1`);
  }
  const token = `jbd_${randomBytes(32).toString('base64url')}`;
  await displays.edit((file) => {
    if (file.displays.some((existing) => existing.name === input.name)) {
      throw new AdminCommandError(`a display named ${input.name} exists already (revoke it first)`);
    }
    const record: DisplayRecord = {
      name: input.name,
      hash: hashKey(token),
      kind: input.kind ?? 'departures',
      terminal: terminal ?? null,
      ...(input.languages ? { languages: input.languages } : {}),
      createdAt: (input.now ?? new Date()).toISOString(),
    };
    return { displays: [...file.displays, record] };
  });
  return token;
}

export async function revokeDisplay(displays: DisplaysEditor, name: string): Promise<void> {
  await displays.edit((file) => {
    if (!file.displays.some((display) => display.name === name))
      throw new AdminCommandError(`no display named ${name}`);
    return { displays: file.displays.filter((display) => display.name !== name) };
  });
}

export async function listDisplays(displays: DisplaysEditor): Promise<DisplayRecord[]> {
  return (await displays.read()).displays;
}

/** What the board of a display shows, in the shape the screen receives. */
export function displaySettingsOf(
  record: DisplayRecord,
  airportCountry: string | undefined,
): DisplaySettings {
  return {
    name: record.name,
    kind: record.kind,
    terminal: record.terminal,
    languages: displayLanguages(record, airportCountry),
  };
}
