import { z } from 'zod';
import { BOARD_LANGUAGES, DISPLAY_KINDS } from '../../core';
import { loadSettings } from '../config';
import { parseAdminCommand } from './admin-command-args';
import pg from 'pg';
import pino from 'pino';
import {
  addDisplay,
  displaysDocumentEditor,
  displaysFileEditor,
  listDisplays,
  revokeDisplay,
  type DisplaysEditor,
} from '../displays/display-registry';
import { migrate } from '../store/postgres/migrations';
import type { UsersCommandIo } from './users-command';

export const DISPLAYS_USAGE = `Usage: npm run hub -- displays <command>

  add <name> [--kind departures|arrivals|both] [--terminal T1] [--languages en,hi] [--url URL]
                    prints the display's URL once; its token is stored hashed
  list
  revoke <name>     the screen goes blank (a neutral screen) at once

Open the URL on the screen's browser (full screen, kiosk mode). --kind defaults to departures;
without --terminal the board shows every terminal with a terminal column. --languages defaults
to English, with Hindi alternating at an Indian airport. The URL starts with --url, else
JETBRIDGE_PUBLIC_URL, else the hub's own address. The displays are in the database of
JETBRIDGE_DATABASE_URL when it is set (every hub's), else in the data folder, JETBRIDGE_DATA_DIR
(or --data-dir). Running hubs apply every change at once.`;

const kindSchema = z.enum(DISPLAY_KINDS, {
  error: () => `--kind must be one of ${DISPLAY_KINDS.join(', ')}`,
});
const languagesSchema = z.array(
  z.enum(BOARD_LANGUAGES, { error: () => `--languages takes ${BOARD_LANGUAGES.join(', ')}` }),
);

/** `npm run hub -- displays ...` (contract section 12); resolves with the exit code. */
export async function runDisplaysCommand(
  argv: string[],
  io: Pick<UsersCommandIo, 'env' | 'out' | 'err'>,
): Promise<number> {
  const parsed = parseAdminCommand(argv, io, DISPLAYS_USAGE, {
    kind: { type: 'string' },
    terminal: { type: 'string' },
    languages: { type: 'string' },
    url: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (parsed.exitCode !== null) return parsed.exitCode;
  const { values, command, name } = parsed;
  let pool: pg.Pool | null = null;
  try {
    const settings = () => loadSettings(io.env);
    const databaseUrl = values['data-dir'] ? undefined : settings().databaseUrl;
    let displays: DisplaysEditor;
    if (databaseUrl) {
      pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      await migrate(pool, pino({ level: 'silent' }));
      displays = displaysDocumentEditor(pool);
    } else {
      displays = displaysFileEditor(values['data-dir'] ?? settings().dataDir);
    }
    switch (command) {
      case 'add': {
        const kind = values.kind === undefined ? undefined : parseOrThrow(kindSchema, values.kind);
        const languages =
          values.languages === undefined
            ? undefined
            : parseOrThrow(
                languagesSchema,
                values.languages.split(',').map((code) => code.trim().toLowerCase()),
              );
        const base = values.url ?? hubAddress(settings());
        const token = await addDisplay(displays, {
          name,
          ...(kind ? { kind } : {}),
          ...(values.terminal !== undefined ? { terminal: values.terminal } : {}),
          ...(languages ? { languages } : {}),
        });
        io.err(
          `added display ${name} (${kind ?? 'departures'}, ${values.terminal ? `terminal ${values.terminal.toUpperCase()}` : 'every terminal'}); its URL is shown once:`,
        );
        io.out(`${base.replace(/\/+$/, '')}/display/${token}`);
        return 0;
      }
      case 'list':
        for (const display of await listDisplays(displays)) {
          io.out(
            `${display.name}\t${display.kind}\t${display.terminal ?? '*'}\t${display.languages?.join(',') ?? 'default'}\tadded ${display.createdAt}`,
          );
        }
        return 0;
      case 'revoke':
        await revokeDisplay(displays, name);
        io.out(`revoked ${name}; its screen now shows the neutral screen`);
        return 0;
      default:
        io.err(`unknown displays command "${command}"\n\n${DISPLAYS_USAGE}`);
        return 2;
    }
  } catch (error) {
    io.err(`displays ${command}: ${(error as Error).message}`);
    return 1;
  } finally {
    await pool?.end();
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'invalid value');
  return result.data;
}

function hubAddress(settings: ReturnType<typeof loadSettings>): string {
  if (settings.passengers.publicUrl) return settings.passengers.publicUrl;
  const scheme = settings.tlsFiles ? 'https' : 'http';
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return `${scheme}://${host}:${settings.port}`;
}
