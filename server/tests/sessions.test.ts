import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { setDisabled, setPassword, setRoleAndScope } from '../auth/user-admin';
import { runUsersCommand, type UsersCommandIo } from '../cli/users-command';
import { request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { disconnected } from '../../test-support/hub-client';
import { waitFor } from '../../test-support/wait-for';

const REPO = join(import.meta.dirname, '..', '..');
let hub: TestHub;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await hub?.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const loginStatus = async (url: string, username: string, password = 'demo') =>
  (
    await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
  ).status;

const flightsStatus = async (url: string, token: string) =>
  (await fetch(`${url}/api/flights`, { headers: { authorization: `Bearer ${token}` } })).status;

const logout = (url: string, token: string) =>
  fetch(`${url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

describe('logout', () => {
  it('ends the token for HTTP and sockets, also after a restart; other sessions stay', async () => {
    hub = await startTestHub();
    const token = await hub.login('agent1');
    const other = await hub.login('agent1');
    const socket = await hub.connect(token);
    const otherSocket = await hub.connect(other);
    const cut = disconnected(socket);

    const response = await logout(hub.url, token);
    expect(response.status).toBe(200);
    expect(await cut).toBe('io server disconnect');
    expect(await flightsStatus(hub.url, token)).toBe(401);
    expect(await hub.connectError({ token })).toBe('UNAUTHORIZED');
    expect((await logout(hub.url, token)).status).toBe(401);
    // The same user's other session (another workstation) goes on.
    expect(await request(otherSocket, 'flights:snapshot', {})).toMatchObject({ ok: true });

    await hub.restart();
    expect(await flightsStatus(hub.url, token)).toBe(401);
    expect(await flightsStatus(hub.url, other)).toBe(200);
  });
});

describe('session expiry', () => {
  it('lasts JETBRIDGE_SESSION_HOURS and cuts an open socket when it runs out', async () => {
    hub = await startTestHub({ sessionHours: 2 / 3600 });
    const token = await hub.login('agent1');
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(payload.exp - payload.iat).toBe(2);
    const socket = await hub.connect(token);
    expect(await disconnected(socket, 5_000)).toBe('io server disconnect');
    expect(await flightsStatus(hub.url, token)).toBe(401);
    expect(await hub.connectError({ token })).toBe('UNAUTHORIZED');
  });

  it('defaults to a 12 h shift', async () => {
    hub = await startTestHub();
    const token = await hub.login('agent1');
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(payload.exp - payload.iat).toBe(12 * 3600);
  });
});

describe('user changes reach a running hub', () => {
  it('disabling a user ends its sessions, open sockets included, and refuses sign-in', async () => {
    hub = await startTestHub();
    const token = await hub.login('agent2');
    const socket = await hub.connect(token);
    const cut = disconnected(socket);
    await setDisabled(hub.dataDir, 'agent2', true);
    expect(await cut).toBe('io server disconnect');
    expect(await flightsStatus(hub.url, token)).toBe(401);
    expect(await loginStatus(hub.url, 'agent2')).toBe(401);

    await setDisabled(hub.dataDir, 'agent2', false);
    await waitFor(
      async () => (await loginStatus(hub.url, 'agent2')) === 200,
      'agent2 to sign in with the new password',
    );
    // Enabling again does not bring the old session back.
    expect(await flightsStatus(hub.url, token)).toBe(401);
  });

  it('a new password ends the sessions and replaces the old password', async () => {
    hub = await startTestHub();
    const token = await hub.login('agent1');
    const socket = await hub.connect(token);
    const cut = disconnected(socket);
    await setPassword(hub.dataDir, 'agent1', 'a-new-long-password');
    expect(await cut).toBe('io server disconnect');
    expect(await loginStatus(hub.url, 'agent1', 'demo')).toBe(401);
    expect(await loginStatus(hub.url, 'agent1', 'a-new-long-password')).toBe(200);
  });

  it('a new scope applies to open sockets at once', async () => {
    hub = await startTestHub();
    const socket = await hub.connect(await hub.login('agent1'));
    await setRoleAndScope(hub.dataDir, 'agent1', { scope: { airlines: ['6E'] } });
    const update = (flightId: string) =>
      request(socket, 'flight:update', {
        flightId,
        baseVersion: 0,
        opId: randomUUID(),
        changes: { remark: 'scope check' },
      });
    await waitFor(async () => {
      const ack = await update('f-ai865');
      return !ack.ok && ack.error.code === 'FORBIDDEN';
    }, 'the new scope to refuse AI 865');
    expect(await update('f-6e2134')).toMatchObject({ ok: true });
  });

  it('keeps the users it has when users.json is broken by hand', async () => {
    // The hub's log is the proof that its watcher read the broken file (and refused it).
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    hub = await startTestHub({ logger });
    await writeFile(join(hub.dataDir, 'users.json'), '{"users": [oops');
    await waitFor(
      () => logged.some((line) => line.includes('users.json changed but cannot be used')),
      'the hub to read the broken users.json',
    );
    expect(await loginStatus(hub.url, 'super')).toBe(200);
  });
});

describe('login throttling', () => {
  it('refuses a username after repeated failures with 429 and Retry-After, for any address', async () => {
    hub = await startTestHub();
    for (let i = 0; i < 5; i += 1) expect(await loginStatus(hub.url, 'super', 'wrong')).toBe(401);
    const refused = await fetch(`${hub.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'super', password: 'demo' }),
    });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // Other users are not affected by this username's lock.
    expect(await loginStatus(hub.url, 'agent1')).toBe(200);
  });

  it('refuses an address that tries many usernames', async () => {
    hub = await startTestHub({ loginThrottle: { maxPerAddress: 8 } });
    for (let i = 0; i < 8; i += 1) {
      expect(await loginStatus(hub.url, `nobody${i}`, 'guess')).toBe(401);
    }
    expect(await loginStatus(hub.url, 'agent1')).toBe(429);
  });

  it('lets the username in again once the window has passed', async () => {
    let now = Date.now();
    hub = await startTestHub({ loginThrottle: { now: () => now, windowMs: 60_000 } });
    for (let i = 0; i < 5; i += 1) await loginStatus(hub.url, 'super', 'wrong');
    expect(await loginStatus(hub.url, 'super')).toBe(429);
    now += 61_000;
    expect(await loginStatus(hub.url, 'super')).toBe(200);
  });
});

describe('npm run hub -- users', () => {
  const ioFor = (env: Record<string, string>) => {
    const lines: string[] = [];
    const io: UsersCommandIo = {
      env,
      out: (text) => lines.push(text),
      err: (text) => lines.push(text),
      readPassword: async () => null,
    };
    return { io, lines };
  };

  it('adds, lists, scopes, disables and enables users of a running hub', async () => {
    hub = await startTestHub();
    const env = { JETBRIDGE_DATA_DIR: hub.dataDir, JETBRIDGE_USER_PASSWORD: 'gate-42-password' };
    const { io, lines } = ioFor(env);
    expect(
      await runUsersCommand(['add', 'priya', '--role', 'agent', '--gates', '42a,42b'], io),
    ).toBe(0);
    await waitFor(
      async () => (await loginStatus(hub.url, 'priya', 'gate-42-password')) === 200,
      'the hub to take the new user',
    );
    expect(await runUsersCommand(['list'], io)).toBe(0);
    expect(lines.join('\n')).toMatch(/priya\tagent airlines=\* gates=42A,42B/);
    expect(await runUsersCommand(['disable', 'priya'], io)).toBe(0);
    await waitFor(
      async () => (await loginStatus(hub.url, 'priya', 'gate-42-password')) === 401,
      'the hub to refuse the disabled user',
    );
    expect(await runUsersCommand(['enable', 'priya'], io)).toBe(0);
    expect(await runUsersCommand(['add', 'priya', '--role', 'agent'], io)).toBe(1);
    expect(await runUsersCommand(['add', 'x', '--role', 'pilot'], io)).toBe(1);
    const users = await readFile(join(hub.dataDir, 'users.json'), 'utf8');
    expect(users).not.toContain('gate-42-password');
  });

  it('says to start the hub first when its data folder does not exist yet', async () => {
    const missing = join(tmpdir(), `jetbridge-no-such-folder-${randomUUID()}`);
    const { io, lines } = ioFor({
      JETBRIDGE_DATA_DIR: missing,
      JETBRIDGE_USER_PASSWORD: 'pw-123456',
    });
    expect(await runUsersCommand(['add', 'priya', '--role', 'agent'], io)).toBe(1);
    expect(lines.join('\n')).toMatch(/does not exist: start the hub once to create it/);
    expect(lines.join('\n')).not.toMatch(/ENOENT/);
  });

  it('never takes a password from the command line, and asks for one without a terminal', async () => {
    hub = await startTestHub();
    const { io, lines } = ioFor({ JETBRIDGE_DATA_DIR: hub.dataDir });
    expect(
      await runUsersCommand(['add', 'x', '--role', 'agent', '--password', 'secret123'], io),
    ).toBe(2);
    expect(await runUsersCommand(['add', 'x', '--role', 'agent', '--password=secret123'], io)).toBe(
      2,
    );
    expect(await runUsersCommand(['add', 'x', '--role', 'agent'], io)).toBe(1);
    expect(lines.join('\n')).toMatch(/never taken from the command line/);
    expect(lines.join('\n')).toMatch(/JETBRIDGE_USER_PASSWORD/);
    const short = ioFor({ JETBRIDGE_DATA_DIR: hub.dataDir, JETBRIDGE_USER_PASSWORD: 'short' });
    expect(await runUsersCommand(['add', 'x', '--role', 'agent'], short.io)).toBe(1);
  });

  it('runs as `npm run hub -- users` and ends the sessions of a running hub', async () => {
    hub = await startTestHub();
    const token = await hub.login('agent1');
    const socket = await hub.connect(token);
    const cut = disconnected(socket, 30_000);
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'hub', '--', 'users', 'passwd', 'agent1'],
      {
        cwd: REPO,
        env: {
          ...process.env,
          JETBRIDGE_DATA_DIR: hub.dataDir,
          JETBRIDGE_USER_PASSWORD: 'changed-by-cli',
        },
      },
    );
    expect(stdout).toMatch(/changed the password of agent1/);
    expect(await cut).toBe('io server disconnect');
    expect(await loginStatus(hub.url, 'agent1', 'changed-by-cli')).toBe(200);
  });
});

describe('TLS', () => {
  it('serves https and wss with JETBRIDGE_TLS_CERT / JETBRIDGE_TLS_KEY', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'jetbridge-tls-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const cert = join(folder, 'cert.pem');
    const key = join(folder, 'key.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    const dataDir = join(folder, 'data');
    const child = spawn('npm', ['run', '--silent', 'hub'], {
      cwd: REPO,
      env: {
        ...process.env,
        JETBRIDGE_PORT: '0',
        JETBRIDGE_DATA_DIR: dataDir,
        JETBRIDGE_DEMO: '1',
        JETBRIDGE_TLS_CERT: cert,
        JETBRIDGE_TLS_KEY: key,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    cleanups.push(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => reject(new Error(`hub exited:\n${output}`)));
    });
    const ca = await readFile(cert, 'utf8');
    const login = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(
        `${url}/api/login`,
        { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ username: 'super', password: 'demo' }));
    });
    expect(login.status).toBe(200);
    const { token } = JSON.parse(login.body) as { token: string };
    const socket = io(url, { auth: { token }, transports: ['websocket'], ca, reconnection: false });
    cleanups.push(() => void socket.close());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const ack = (await socket.timeout(5_000).emitWithAck('flights:snapshot', {})) as {
      ok: boolean;
    };
    expect(ack.ok).toBe(true);
    // A client that does not trust the certificate gets nowhere.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
