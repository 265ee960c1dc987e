import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashKey, listApiKeys, revokeApiKey } from '../feed/api-keys';
import { DEMO_FEED_KEY_FILE, ensureDemoFeedKey, readDemoFeedKey } from './demo-feed-key';

const folders: string[] = [];
async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jetbridge-demo-key-'));
  folders.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the demo hub’s feed key', () => {
  it('is made once, kept for its owner only, and found by the producer', async () => {
    const dir = await folder();
    expect(await readDemoFeedKey(dir)).toBeUndefined();
    const key = await ensureDemoFeedKey(dir);
    expect(key).toMatch(/^jbk_/);
    expect((await stat(join(dir, DEMO_FEED_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(await readDemoFeedKey(dir)).toBe(key);
    const keys = await listApiKeys(dir);
    expect(keys.map((record) => [record.name, record.hash])).toEqual([['demo-feed', hashKey(key)]]);
    // The next start keeps it.
    expect(await ensureDemoFeedKey(dir)).toBe(key);
    expect(await listApiKeys(dir)).toHaveLength(1);
  });

  it('replaces a key revoked by hand, or one whose file was lost', async () => {
    const dir = await folder();
    const first = await ensureDemoFeedKey(dir);
    await revokeApiKey(dir, 'demo-feed');
    const second = await ensureDemoFeedKey(dir);
    expect(second).not.toBe(first);
    await writeFile(join(dir, DEMO_FEED_KEY_FILE), 'not a key\n');
    const third = await ensureDemoFeedKey(dir);
    expect(third).not.toBe(second);
    expect((await readFile(join(dir, DEMO_FEED_KEY_FILE), 'utf8')).trim()).toBe(third);
    expect((await listApiKeys(dir)).map((record) => record.hash)).toEqual([hashKey(third)]);
  });
});
