import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { io as connect } from 'socket.io-client';
import type { LoginResponse, ScheduleImportProgress } from '../../core';
import { SCHEDULE_MAX_BYTES, type ImportReport } from '../schedules/schedule-imports';
import { readHiddenLine } from './hidden-prompt';

export const SCHEDULE_USAGE = `Usage: npm run hub -- schedule import <file> [--format ssim|csv] [--dry-run]

Imports an airline schedule (IATA SSIM Chapter 7, or the contract's CSV) into a running hub:
each airline in the file gets its schedule replaced over the file's period; all or nothing.
--dry-run reports what it would do and changes nothing.

  --hub URL       the hub (default JETBRIDGE_HUB_URL, else http://127.0.0.1:JETBRIDGE_PORT)
  --user NAME     a supervisor (default JETBRIDGE_USER); the password comes from
                  JETBRIDGE_USER_PASSWORD or is asked for without echo
  --format        ssim or csv (default: csv for *.csv, else ssim)`;

export interface ScheduleCommandIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** A terminal to draw a progress bar on, or null. */
  tty: NodeJS.WriteStream | null;
  readPassword(prompt: string): Promise<string | null>;
}

export function defaultScheduleCommandIo(): ScheduleCommandIo {
  return {
    env: process.env,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    tty: process.stderr.isTTY ? process.stderr : null,
    readPassword: (prompt) =>
      process.stdin.isTTY
        ? readHiddenLine(prompt, process.stdin, process.stderr)
        : Promise.resolve(null),
  };
}

/** `npm run hub -- schedule import …` through the hub's own API; resolves with the exit code. */
export async function runScheduleCommand(
  argv: string[],
  io: ScheduleCommandIo = defaultScheduleCommandIo(),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'dry-run': { type: 'boolean' },
        hub: { type: 'string' },
        user: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${SCHEDULE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, file, ...extra] = positionals;
  if (values.help) return (io.out(SCHEDULE_USAGE), 0);
  if (command !== 'import' || !file || extra.length > 0) return (io.err(SCHEDULE_USAGE), 2);
  const format = values.format ?? (extname(file).toLowerCase() === '.csv' ? 'csv' : 'ssim');
  if (format !== 'ssim' && format !== 'csv') return (io.err('--format must be ssim or csv'), 2);
  const hubUrl = (
    values.hub ??
    io.env.JETBRIDGE_HUB_URL ??
    `http://127.0.0.1:${io.env.JETBRIDGE_PORT || '4300'}`
  ).replace(/\/$/, '');
  const username = values.user ?? io.env.JETBRIDGE_USER;
  if (!username) return (io.err('name a supervisor with --user or JETBRIDGE_USER'), 2);

  try {
    const size = (await stat(file)).size;
    if (size > SCHEDULE_MAX_BYTES) {
      io.err(`${file} has ${(size / 1024 / 1024).toFixed(1)} MB; the hub takes at most 50 MB`);
      return 1;
    }
    const text = await readFile(file, 'utf8');
    const password =
      io.env.JETBRIDGE_USER_PASSWORD ?? (await io.readPassword(`Password for ${username}: `));
    if (password === null) {
      io.err('no terminal to ask for the password: set JETBRIDGE_USER_PASSWORD');
      return 1;
    }
    const token = await signIn(hubUrl, username, password);
    const stopProgress = followProgress(hubUrl, token, io);
    let response: Response;
    try {
      response = await fetch(
        `${hubUrl}/api/schedules?format=${format}${values['dry-run'] ? '&dryRun=1' : ''}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': format === 'csv' ? 'text/csv' : 'text/plain',
          },
          body: text,
        },
      );
    } finally {
      await stopProgress();
    }
    const body = (await response.json()) as ImportReport & {
      error?: { message: string };
      errors?: { line: number; message: string }[];
    };
    if (!response.ok) {
      io.err(`import refused (${response.status}): ${body.error?.message ?? 'no reason given'}`);
      for (const problem of (body.errors ?? []).slice(0, 20)) io.err(`  ${problem.message}`);
      if ((body.errors?.length ?? 0) > 20) io.err(`  … and ${body.errors!.length - 20} more`);
      return 1;
    }
    io.out(describeReport(body));
    return 0;
  } catch (error) {
    io.err(`schedule import: ${(error as Error).message}`);
    return 1;
  }
}

/** The report as an operator reads it. */
export function describeReport(report: ImportReport): string {
  const { created, updated, unchanged, cancelled } = report.flights;
  return [
    `${report.dryRun ? 'Dry run (nothing changed)' : 'Imported'}: ${report.legs} legs for this airport, ${report.skipped} skipped (other airports)`,
    `Period ${report.from ?? '?'} to ${report.to ?? 'open end'}`,
    `Flights in the live window: ${created} created, ${updated} updated, ${unchanged} unchanged, ${cancelled} cancelled`,
    ...(report.inferredNextDay > 0
      ? [
          `${report.inferredNextDay} overnight legs without a date variation were read as arriving the next day`,
        ]
      : []),
  ].join('\n');
}

async function signIn(hubUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${hubUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(`sign-in as ${username} refused: ${body.error?.message ?? response.status}`);
  }
  return ((await response.json()) as LoginResponse).token;
}

/** Draws the hub's `schedules:progress` (reading, then applying) on the terminal. */
function followProgress(hubUrl: string, token: string, io: ScheduleCommandIo): () => Promise<void> {
  const socket = connect(hubUrl, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
  });
  let bar: SingleBar | null = null;
  let phase: string | null = null;
  socket.on('schedules:progress', (progress: ScheduleImportProgress) => {
    if (progress.phase !== phase) {
      bar?.stop();
      phase = progress.phase;
      const label = progress.phase === 'reading' ? 'Reading ' : 'Applying';
      if (io.tty) {
        bar = new SingleBar(
          { format: `${label} [{bar}] {percentage}% {value}/{total}`, stream: io.tty },
          Presets.shades_classic,
        );
        bar.start(progress.total, 0);
      } else {
        io.err(`${label.trim()}…`);
      }
    }
    bar?.setTotal(progress.total);
    bar?.update(progress.done);
  });
  return async () => {
    bar?.stop();
    socket.close();
  };
}
