import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The `npm start` launcher's decisions, kept free of side effects so they can be tested: where
 * the Electron binary is, and what to do when Electron is missing, fails or ends.
 */

/** An Electron that ends with an error sooner than this never really started. */
export const EARLY_EXIT_MS = 5000;

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * Finds the binary the way the `electron` package's index.js does, minus its side effect: that
 * file downloads a missing binary on `require`, which must not happen at start-up.
 */
export function locateElectronBinary(
  electronPackageDir: string,
  env: NodeJS.ProcessEnv,
  fileExists: (file: string) => boolean = existsSync,
  readText: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): ElectronBinary {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  const relative = fileExists(pathFile) ? readText(pathFile).trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return fileExists(binary)
      ? { found: true, path: binary }
      : { found: false, reason: `no Electron binary at ${binary}` };
  }
  if (!relative) return { found: false, reason: 'the Electron binary is not installed' };
  const binary = path.join(electronPackageDir, 'dist', relative);
  return fileExists(binary)
    ? { found: true, path: binary }
    : { found: false, reason: 'the Electron binary is not installed' };
}

export type ElectronOutcome =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'spawn-error'; error: { code?: string; message: string } }
  | { kind: 'exit'; code: number | null; signal: string | null; uptimeMs: number; stderr: string };

export type LauncherDecision =
  /** Electron is not usable here: say so once and keep serving the web console. */
  | { action: 'keep-hub'; reason: string }
  /** Electron ran and ended: stop the hub and exit with this code. */
  | { action: 'stop'; exitCode: number };

/** One short line from Chromium's stderr: the fatal or error message without its log prefix. */
export function summarizeElectronStderr(stderr: string): string | null {
  const lines = stderr.split(/\r?\n/);
  const withoutPrefix = (line: string) => line.replace(/^\[[^\]]*\]\s*/, '').trim();
  const chosen =
    lines.find((line) => line.includes(':FATAL:')) ??
    lines.find((line) => line.includes(':ERROR:')) ??
    lines.find((line) => withoutPrefix(line).length > 0);
  if (chosen === undefined) return null;
  const line = withoutPrefix(chosen);
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

export function decideAfterElectron(
  outcome: ElectronOutcome,
  earlyExitMs: number = EARLY_EXIT_MS,
): LauncherDecision {
  switch (outcome.kind) {
    case 'unavailable':
      return { action: 'keep-hub', reason: outcome.reason };
    case 'spawn-error':
      return {
        action: 'keep-hub',
        reason: `the Electron binary could not be run: ${outcome.error.code ?? outcome.error.message}`,
      };
    case 'exit': {
      if (outcome.code === 0) return { action: 'stop', exitCode: 0 };
      const how =
        outcome.code !== null
          ? `exited with code ${outcome.code}`
          : `was killed by ${outcome.signal}`;
      if (outcome.uptimeMs < earlyExitMs) {
        const detail = summarizeElectronStderr(outcome.stderr);
        return {
          action: 'keep-hub',
          reason: detail ? `Electron ${how}: ${detail}` : `Electron ${how}`,
        };
      }
      return { action: 'stop', exitCode: outcome.code ?? 1 };
    }
  }
}

export function fallbackMessage(reason: string, consoleUrl: string): string {
  const oneLine = reason.replace(/\s+/g, ' ').trim();
  return `Electron could not start here (${oneLine}); the web console keeps running at ${consoleUrl}`;
}
