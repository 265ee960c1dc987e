/**
 * The demo hub's own feed key, so that `npm start` and then `npm run feed:demo` show moving
 * traffic with nothing to set up. Only the demo launcher makes one: it is a real key (named
 * `demo-feed`, all airlines, revocable with `keys revoke demo-feed`), and its secret is kept in
 * the data folder — readable by the folder's owner only, like every other file there — where the
 * producer looks for it when `JETBRIDGE_FEED_KEY` is not set. A hub put into service never has
 * this file: its keys are shown once and kept only as hashes.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addApiKey, hashKey, listApiKeys, plausibleKey, revokeApiKey } from '../feed/api-keys';

export const DEMO_FEED_KEY_NAME = 'demo-feed';
export const DEMO_FEED_KEY_FILE = 'demo-feed.key';

/** The demo key kept in `dataDir`, if there is one (a well-formed key in the file). */
export async function readDemoFeedKey(dataDir: string): Promise<string | undefined> {
  try {
    const key = (await readFile(join(dataDir, DEMO_FEED_KEY_FILE), 'utf8')).trim();
    return plausibleKey(key) ? key : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The demo hub's feed key: the one kept in the folder while the hub still knows it, else a new
 * one (an older `demo-feed` key — revoked by hand, or its file lost — is replaced).
 */
export async function ensureDemoFeedKey(dataDir: string, now = new Date()): Promise<string> {
  const kept = await readDemoFeedKey(dataDir);
  const keys = await listApiKeys(dataDir);
  if (kept && keys.some((key) => key.hash === hashKey(kept))) return kept;
  if (keys.some((key) => key.name === DEMO_FEED_KEY_NAME)) {
    await revokeApiKey(dataDir, DEMO_FEED_KEY_NAME);
  }
  const key = await addApiKey(dataDir, { name: DEMO_FEED_KEY_NAME, now });
  const file = join(dataDir, DEMO_FEED_KEY_FILE);
  await writeFile(`${file}.tmp`, `${key}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return key;
}
