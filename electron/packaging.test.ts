import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The packaged app's Electron fuses (electron-builder.yml). Read as text: the block is flat
 * `key: value` lines under `electronFuses:`.
 */
function electronFuses(): Record<string, string> {
  const text = readFileSync(join(import.meta.dirname, '..', 'electron-builder.yml'), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^electronFuses:\s*$/.test(line));
  expect(start, 'electron-builder.yml has an electronFuses block').toBeGreaterThanOrEqual(0);
  const fuses: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const match = /^\s+([A-Za-z]+):\s*(\S+)\s*(#.*)?$/.exec(line);
    if (!match) break;
    fuses[match[1]!] = match[2]!;
  }
  return fuses;
}

describe('electron-builder fuses', () => {
  it('turn off running as Node and Node options, and lock the app to its checked asar', () => {
    expect(electronFuses()).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
    });
  });

  it('package the app as an asar archive', () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'electron-builder.yml'), 'utf8');
    expect(text).toMatch(/^asar: true$/m);
  });
});
