import { copyFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REVOKED_SESSIONS_COPY_FILE, REVOKED_SESSIONS_FILE } from '../auth/session-ledger';
import { setPassword } from '../auth/user-admin';
import { startTestHub, type TestHub } from '../../test-support/hub-harness';

let hub: TestHub | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = null;
});

/** A hub on a data folder the test keeps across stops, so files can be changed in between. */
async function start(): Promise<TestHub> {
  hub = await startTestHub(dataDir ? { dataDir } : { keepDataDir: true });
  dataDir = hub.dataDir;
  return hub;
}

async function stop(): Promise<void> {
  await hub?.close();
  hub = null;
}

const file = (name: string) => join(dataDir!, name);

const flightsStatus = async (token: string) =>
  (await fetch(`${hub!.url}/api/flights`, { headers: { authorization: `Bearer ${token}` } }))
    .status;

const logout = async (token: string) =>
  (
    await fetch(`${hub!.url}/api/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
  ).status;

describe('a logout survives losing or rolling back any one file', () => {
  it.each([REVOKED_SESSIONS_FILE, REVOKED_SESSIONS_COPY_FILE])(
    'with %s deleted: the ended session stays ended, the others go on',
    async (name) => {
      await start();
      const ended = await hub!.login('agent1');
      const other = await hub!.login('agent1');
      expect(await logout(ended)).toBe(200);
      await stop();
      await rm(file(name));

      await start();
      expect(await flightsStatus(ended)).toBe(401);
      expect(await hub!.connectError({ token: ended })).toBe('UNAUTHORIZED');
      expect(await flightsStatus(other)).toBe(200);
      // Rewritten from the other copy at start.
      expect(await readFile(file(name), 'utf8')).toContain(tokenId(ended));
    },
  );

  it.each([REVOKED_SESSIONS_FILE, REVOKED_SESSIONS_COPY_FILE])(
    'with %s restored from before the logout: the ended session stays ended',
    async (name) => {
      await start();
      const ended = await hub!.login('agent1');
      await copyFile(file(name), file(`${name}.backup`));
      expect(await logout(ended)).toBe(200);
      await stop();
      await copyFile(file(`${name}.backup`), file(name));
      expect(await readFile(file(name), 'utf8')).not.toContain(tokenId(ended));

      await start();
      expect(await flightsStatus(ended)).toBe(401);
    },
  );

  it('with both copies gone: fails closed, every earlier session must sign in again', async () => {
    await start();
    const ended = await hub!.login('agent1');
    const other = await hub!.login('super');
    expect(await logout(ended)).toBe(200);
    await stop();
    await rm(file(REVOKED_SESSIONS_FILE));
    await rm(file(REVOKED_SESSIONS_COPY_FILE));

    await start();
    expect(await flightsStatus(ended)).toBe(401);
    expect(await flightsStatus(other)).toBe(401);
    expect(await flightsStatus(await hub!.login('super'))).toBe(200);
  });
});

describe('users.json restored from an older backup', () => {
  it('does not revive sessions a later password change ended', async () => {
    await start();
    const before = await hub!.login('agent1');
    await copyFile(file('users.json'), file('users.json.backup'));
    await setPassword(dataDir!, 'agent1', 'a-new-long-password');
    await waitUntil(async () => (await flightsStatus(before)) === 401);
    await stop();
    await copyFile(file('users.json.backup'), file('users.json'));

    await start();
    expect(await flightsStatus(before)).toBe(401);
    // The restored file is the users as they were: the old password signs in again (the
    // operator re-applies later changes), with a session of the highest epoch seen.
    const restored = await hub!.login('agent1', 'demo');
    expect(await flightsStatus(restored)).toBe(200);
    expect(epochOf(restored)).toBe(1);
    // A password change made now still ends that session.
    await setPassword(dataDir!, 'agent1', 'another-long-password');
    await waitUntil(async () => (await flightsStatus(restored)) === 401);
    expect(await flightsStatus(before)).toBe(401);
  });
});

describe('the signing key', () => {
  it('rotated and then restored from a backup does not revive the sessions it signed', async () => {
    await start();
    const token = await hub!.login('agent1');
    await stop();
    await copyFile(file('session-secret.json'), file('session-secret.json.backup'));
    await rm(file('session-secret.json'));

    await start(); // a new key: the old token's signature no longer verifies
    expect(await flightsStatus(token)).toBe(401);
    await stop();
    await copyFile(file('session-secret.json.backup'), file('session-secret.json'));

    await start(); // the old key again: its tokens verify, but were issued before this start
    expect(await flightsStatus(token)).toBe(401);
    expect(await flightsStatus(await hub!.login('agent1'))).toBe(200);
  });
});

function payloadOf(token: string): { jti: string; ep: number } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    jti: string;
    ep: number;
  };
}
const tokenId = (token: string) => payloadOf(token).jti;
const epochOf = (token: string) => payloadOf(token).ep;

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
