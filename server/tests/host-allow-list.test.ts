import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test-support/hub-harness';

let hub: TestHub;
let webRoot: string | null = null;
afterEach(async () => {
  await hub?.close();
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
  webRoot = null;
});

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request to the hub with exactly these headers (fetch will not send a chosen Host). */
function send(
  path: string,
  headers: Record<string, string>,
  options: { method?: string; body?: string } = {},
): Promise<RawAnswer & { upgraded: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: hub.port,
      path,
      method: options.method ?? 'GET',
      headers,
      agent: false,
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: '',
        upgraded: true,
      });
    });
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          upgraded: false,
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const login = (host: string, origin?: string) =>
  send(
    '/api/login',
    {
      host,
      'content-type': 'application/json',
      ...(origin ? { origin } : {}),
    },
    { method: 'POST', body: JSON.stringify({ username: 'super', password: 'demo' }) },
  );

const websocketUpgrade = (host: string) =>
  send('/socket.io/?EIO=4&transport=websocket', {
    host,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': randomBytes(16).toString('base64'),
  });

const pollingHandshake = (host: string) => send('/socket.io/?EIO=4&transport=polling', { host });

describe('a request under a foreign Host (DNS rebinding)', () => {
  it('gets 421 on every route and on both Socket.IO handshakes, even with a matching Origin', async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'jetbridge-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Jetbridge</title>');
    hub = await startTestHub({ webRoot });
    const evil = `evil.test:${hub.port}`;
    const origin = `http://${evil}`;

    const refusals = [
      await login(evil, origin),
      await send('/', { host: evil, origin }),
      await send('/index.html', { host: evil }),
      await send('/healthz', { host: evil }),
      await send('/api/flights', { host: evil, origin }),
      await pollingHandshake(evil),
      await websocketUpgrade(evil),
      // The right name on another port is another name.
      await send('/healthz', { host: 'localhost:1' }),
      await send('/healthz', { host: 'localhost' }),
    ];
    for (const answer of refusals) {
      expect(answer).toMatchObject({ status: 421, upgraded: false });
      expect(JSON.parse(answer.body)).toMatchObject({
        error: { code: 'FORBIDDEN', message: expect.stringContaining('JETBRIDGE_PUBLIC_HOSTS') },
      });
      expect(answer.body).not.toContain('token');
    }
    expect(JSON.parse(refusals[0]!.body).error.message).toContain(`"${evil}"`);
    // The HTTP refusals carry the hub's security headers too.
    expect(refusals[3]!.headers['x-content-type-options']).toBe('nosniff');
    expect(refusals[3]!.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('is answered under localhost, 127.0.0.1 and [::1] with the hub port', async () => {
    hub = await startTestHub();
    for (const name of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST']) {
      const host = `${name}:${hub.port}`;
      expect((await login(host, `http://${host.toLowerCase()}`)).status).toBe(200);
      expect((await send('/healthz', { host })).status).toBe(200);
      expect((await pollingHandshake(host)).status).toBe(200);
      expect(await websocketUpgrade(host)).toMatchObject({ status: 101, upgraded: true });
    }
  });

  it('is answered under JETBRIDGE_PUBLIC_HOSTS names', async () => {
    hub = await startTestHub({ publicHosts: ['ops.example.aero', 'hub-7.local:8443'] });
    for (const host of ['ops.example.aero', `ops.example.aero:${hub.port}`, 'hub-7.local:8443']) {
      expect((await login(host)).status).toBe(200);
      expect(await websocketUpgrade(host)).toMatchObject({ status: 101, upgraded: true });
    }
    for (const host of ['ops.example.aero:1', 'hub-7.local', `hub-7.local:${hub.port}`]) {
      expect((await login(host)).status).toBe(421);
    }
  });

  it('lets a real socket.io client in through the hub URL', async () => {
    hub = await startTestHub();
    const socket = await hub.connect(await hub.login('agent1'));
    expect(socket.connected).toBe(true);
  });
});

describe('security headers', () => {
  it('are on every answer, /healthz included', async () => {
    hub = await startTestHub();
    const host = `127.0.0.1:${hub.port}`;
    for (const answer of [
      await send('/healthz', { host }),
      await login(host),
      await send('/api/nothing', { host }),
      await send('/no-such-page', { host }),
      await send('/', { host }),
    ]) {
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(answer.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(answer.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    }
  });
});
