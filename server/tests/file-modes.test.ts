import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';

let hub: TestHub | null = null;
const folders: string[] = [];
afterEach(async () => {
  await hub?.close().catch(() => undefined);
  hub = null;
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function modesUnder(folder: string): Promise<Record<string, string>> {
  const modes: Record<string, string> = {};
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    modes[path.slice(folder.length + 1)] = ((await stat(path)).mode & 0o777).toString(8);
  }
  return modes;
}

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('keeps personal data and secrets to the hub alone: files 0600, folders 0700', async () => {
    hub = await startTestHub({ keepDataDir: true, compactEvery: 2 });
    folders.push(hub.dataDir);
    const socket = await hub.connect(await hub.login('super'));
    for (const gate of ['14', '15', '16']) {
      await request(socket, 'flight:update', {
        flightId: 'f-ai865',
        baseVersion: ['14', '15', '16'].indexOf(gate),
        opId: randomUUID(),
        changes: { gate },
      });
    }
    await fetch(`${hub.url}/api/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await hub.login('agent1')}` },
    });
    await hub.hub.close();
    const modes = await modesUnder(hub.dataDir);
    expect(Object.keys(modes)).toEqual(
      expect.arrayContaining([
        'flights.json',
        'flights.prev.json',
        'users.json',
        'session-secret.json',
        'notifications.ndjson',
        'changes',
        'changes/changes-000000000001.ndjson',
        'changes/high-water-mark',
      ]),
    );
    for (const [path, mode] of Object.entries(modes)) {
      expect(`${path} ${mode}`).toBe(`${path} ${path === 'changes' ? '700' : '600'}`);
    }
    expect(((await stat(hub.dataDir)).mode & 0o777).toString(8)).toBe('700');
  });

  it('refuses a data folder other users can read, saying how to fix it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'jetbridge-open-'));
    folders.push(folder);
    await chmod(folder, 0o755);
    await expect(startTestHub({ dataDir: folder })).rejects.toThrow(
      /can be read by other users of this machine \(mode 755\).*chmod 700/,
    );
  });

  it('tightens files an older version left readable', async () => {
    hub = await startTestHub({ keepDataDir: true });
    folders.push(hub.dataDir);
    await hub.hub.close();
    await chmod(join(hub.dataDir, 'flights.json'), 0o644);
    await chmod(join(hub.dataDir, 'changes'), 0o755);
    await hub.restart();
    expect(((await stat(join(hub.dataDir, 'flights.json'))).mode & 0o777).toString(8)).toBe('600');
    expect(((await stat(join(hub.dataDir, 'changes'))).mode & 0o777).toString(8)).toBe('700');
  });
});
