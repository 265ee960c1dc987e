import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decideAfterElectron,
  fallbackMessage,
  locateElectronBinary,
  summarizeElectronStderr,
} from './electron-launch';

const pkg = '/repo/node_modules/electron';

describe('locateElectronBinary', () => {
  const files = (present: Record<string, string>) => ({
    exists: (file: string) => file in present,
    read: (file: string) => present[file] ?? '',
  });

  it('finds the installed binary', () => {
    const fs = files({
      [path.join(pkg, 'path.txt')]: 'electron',
      [path.join(pkg, 'dist', 'electron')]: '',
    });
    expect(locateElectronBinary(pkg, {}, fs.exists, fs.read)).toEqual({
      found: true,
      path: path.join(pkg, 'dist', 'electron'),
    });
  });

  it('reports a package installed without its binary (and does not download it)', () => {
    const fs = files({});
    expect(locateElectronBinary(pkg, {}, fs.exists, fs.read)).toEqual({
      found: false,
      reason: 'the Electron binary is not installed',
    });
    const noDist = files({ [path.join(pkg, 'path.txt')]: 'electron' });
    expect(locateElectronBinary(pkg, {}, noDist.exists, noDist.read).found).toBe(false);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const fs = files({ [path.join('/opt/electron', 'electron')]: '' });
    const env = { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' };
    expect(locateElectronBinary(pkg, env, fs.exists, fs.read)).toEqual({
      found: true,
      path: path.join('/opt/electron', 'electron'),
    });
  });
});

describe('decideAfterElectron', () => {
  const exit = (code: number | null, uptimeMs: number, stderr = '', signal: string | null = null) =>
    ({ kind: 'exit', code, signal, uptimeMs, stderr }) as const;

  it('keeps the hub when the binary is missing', () => {
    expect(
      decideAfterElectron({ kind: 'unavailable', reason: 'the Electron binary is not installed' }),
    ).toEqual({ action: 'keep-hub', reason: 'the Electron binary is not installed' });
  });

  it('keeps the hub when the binary cannot be spawned', () => {
    const decision = decideAfterElectron({
      kind: 'spawn-error',
      error: { code: 'EACCES', message: 'spawn EACCES' },
    });
    expect(decision).toEqual({
      action: 'keep-hub',
      reason: 'the Electron binary could not be run: EACCES',
    });
  });

  it('keeps the hub when Electron fails at once, quoting why', () => {
    const stderr =
      '[1234:1121/101010.000:ERROR:ozone_platform_x11.cc(245)] Missing X server or $DISPLAY\n' +
      '[1234:1121/101010.001:ERROR:env.cc(257)] The platform failed to initialize.  Exiting.\n';
    expect(decideAfterElectron(exit(1, 300, stderr))).toEqual({
      action: 'keep-hub',
      reason: 'Electron exited with code 1: Missing X server or $DISPLAY',
    });
  });

  it('keeps the hub when Electron is killed at once', () => {
    expect(decideAfterElectron(exit(null, 100, '', 'SIGSEGV'))).toEqual({
      action: 'keep-hub',
      reason: 'Electron was killed by SIGSEGV',
    });
  });

  it('stops when Electron ends normally, however soon', () => {
    expect(decideAfterElectron(exit(0, 60_000))).toEqual({ action: 'stop', exitCode: 0 });
    expect(decideAfterElectron(exit(0, 50))).toEqual({ action: 'stop', exitCode: 0 });
  });

  it('stops with the error code when Electron fails after it had started', () => {
    expect(decideAfterElectron(exit(3, 60_000))).toEqual({ action: 'stop', exitCode: 3 });
    expect(decideAfterElectron(exit(null, 60_000, '', 'SIGKILL'))).toEqual({
      action: 'stop',
      exitCode: 1,
    });
  });
});

describe('summarizeElectronStderr', () => {
  it('prefers the fatal line', () => {
    const stderr =
      '[9:ERROR:foo.cc(1)] something minor\n' +
      '[9:FATAL:electron_main_delegate.cc(294)] Running as root without --no-sandbox is not supported.';
    expect(summarizeElectronStderr(stderr)).toBe(
      'Running as root without --no-sandbox is not supported.',
    );
  });

  it('shortens long lines and handles silence', () => {
    expect(summarizeElectronStderr('x'.repeat(300))?.length).toBe(120);
    expect(summarizeElectronStderr('\n  \n')).toBeNull();
  });
});

describe('fallbackMessage', () => {
  it('is one line', () => {
    const line = fallbackMessage('Electron exited\nwith code 1', 'http://127.0.0.1:4300/');
    expect(line).toBe(
      'Electron could not start here (Electron exited with code 1); the web console keeps running at http://127.0.0.1:4300/',
    );
    expect(line).not.toContain('\n');
  });
});
