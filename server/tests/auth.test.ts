import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
let hub: TestHub;
afterEach(async () => {
  await hub?.close();
});

function sign(secret: string, subject: string, expiresAt: number) {
  return new SignJWT({ role: 'supervisor', ep: 0 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setJti(randomUUID())
    .setIssuedAt(expiresAt - 3600)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));
}

const update = (flightId: string, changes: object) => ({
  flightId,
  baseVersion: 0,
  opId: randomUUID(),
  changes: changes as never,
});

describe('roles', () => {
  it('refuses changes from a viewer with FORBIDDEN and lets it read', async () => {
    hub = await startTestHub();
    const board = await hub.connect(await hub.login('board'));
    const ack = await request(board, 'flight:update', update('f-ai865', { gate: '14' }));
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(board, 'flights:snapshot', {})).toMatchObject({ ok: true, seq: 0 });
  });

  it('lets agents and supervisors change flights', async () => {
    hub = await startTestHub();
    const agent = await hub.connect(await hub.login('agent2'), { workstation: 'GATE-42' });
    const supervisor = await hub.connect(await hub.login('super'));
    expect(await request(agent, 'flight:update', update('f-ai865', { gate: '14' }))).toMatchObject({
      ok: true,
      flight: { updatedBy: 'agent2' },
    });
    expect(
      await request(supervisor, 'flight:update', update('f-uk955', { gate: '31' })),
    ).toMatchObject({
      ok: true,
    });
    const log = await readFile(join(hub.dataDir, 'changes', 'changes-000000000001.ndjson'), 'utf8');
    expect(JSON.parse(log.split('\n')[0]!)).toMatchObject({ by: 'agent2', workstation: 'GATE-42' });
  });

  it('refuses an agent outside its airlines or gates with FORBIDDEN', async () => {
    hub = await startTestHub();
    const scoped = await hub.connect(await hub.login('agent6e'));
    expect(
      await request(scoped, 'flight:update', update('f-6e2134', { gate: '42C' })),
    ).toMatchObject({
      ok: true,
    });
    for (const payload of [
      update('f-ai865', { remark: 'not mine' }),
      { ...update('f-6e2134', { gate: '12' }), baseVersion: 1 },
    ]) {
      expect(await request(scoped, 'flight:update', payload)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });
});

describe('socket handshake', () => {
  it('refuses a missing, malformed, forged or expired token with UNAUTHORIZED', async () => {
    hub = await startTestHub({ secret: SECRET });
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    const forged = await sign('some-other-secret-of-sufficient-length-000000', 'super', inAnHour);
    const expired = await sign(SECRET, 'super', anHourAgo);
    const unknownUser = await sign(SECRET, 'mallory', inAnHour);
    for (const auth of [
      {},
      { token: 42 },
      { token: 'not.a.jwt' },
      { token: forged },
      { token: expired },
      { token: unknownUser },
    ]) {
      expect(await hub.connectError(auth)).toBe('UNAUTHORIZED');
    }
    // The same signing key with a valid expiry is accepted: the refusals above are for cause.
    const valid = await sign(SECRET, 'super', inAnHour);
    expect((await hub.connect(valid)).connected).toBe(true);
    // A workstation label is optional and never a reason to refuse.
    expect((await hub.connect(valid, { workstation: '   ' })).connected).toBe(true);
  });

  it('keeps a generated signing key in the data folder, readable by the owner only', async () => {
    hub = await startTestHub();
    const token = await hub.login('agent1');
    await hub.restart();
    expect((await hub.connect(token)).connected).toBe(true);
    const { stat } = await import('node:fs/promises');
    const mode = (await stat(join(hub.dataDir, 'session-secret.json'))).mode & 0o777;
    if (process.platform !== 'win32') expect(mode).toBe(0o600);
  });
});

describe('passwords', () => {
  it('stores argon2id hashes, never the password', async () => {
    hub = await startTestHub();
    const users = await readFile(join(hub.dataDir, 'users.json'), 'utf8');
    expect(users).not.toContain('"demo"');
    for (const user of (JSON.parse(users) as { users: { passwordHash: string }[] }).users) {
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    }
  });
});
