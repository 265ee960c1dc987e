import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runKeysCommand } from './keys-command';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

function io(dataDir: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      env: { JETBRIDGE_DATA_DIR: dataDir },
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
    },
    out,
    err,
  };
}

describe('npm run hub -- keys', () => {
  it('adds a key shown once and stored hashed, lists it, and revokes it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-keys-'));
    folders.push(dataDir);
    const run = io(dataDir);
    expect(await runKeysCommand(['add', 'aodb', '--airlines', '6E,ai'], run.io)).toBe(0);
    const key = run.out.find((line) => line.startsWith('jbk_'))!;
    expect(key).toBeDefined();
    expect(await readFile(join(dataDir, 'api-keys.json'), 'utf8')).not.toContain(key);
    expect(await runKeysCommand(['list'], run.io)).toBe(0);
    expect(run.out.at(-1)).toMatch(/^aodb\t6E,AI\tadded /);
    expect(await runKeysCommand(['revoke', 'aodb'], run.io)).toBe(0);
    expect(await runKeysCommand(['list'], run.io)).toBe(0);
    expect(run.out.at(-1)).toMatch(/^revoked aodb/);
  });

  it('refuses bad input by name and changes nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-keys-'));
    folders.push(dataDir);
    const run = io(dataDir);
    expect(await runKeysCommand(['add', 'aodb', '--airlines', 'AIR'], run.io)).toBe(1);
    expect(run.err.join('\n')).toMatch(/"AIR" is not a 2-character IATA airline code/);
    expect(await runKeysCommand(['add'], run.io)).toBe(2);
    expect(await runKeysCommand(['add', 'a', 'b'], run.io)).toBe(2);
    expect(await runKeysCommand(['add', 'x', '--colour', 'red'], run.io)).toBe(2);
    expect(await runKeysCommand(['--help'], run.io)).toBe(0);
    expect(await runKeysCommand(['list'], run.io)).toBe(0);
    expect(run.out.filter((line) => line.startsWith('aodb'))).toEqual([]);
  });
});
