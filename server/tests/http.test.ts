import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

async function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(`${hub.url}${path}`, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') ? JSON.parse(text) : text,
  };
}

describe('HTTP API', () => {
  it('answers GET /healthz', async () => {
    hub = await startTestHub();
    expect(await call('/healthz')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('logs in with the right password only', async () => {
    hub = await startTestHub();
    const ok = await call('/api/login', {
      method: 'POST',
      json: { username: 'super', password: 'demo' },
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { user: { username: 'super', role: 'supervisor' } },
    });
    expect(typeof ok.body.token).toBe('string');
    for (const json of [
      { username: 'super', password: 'wrong' },
      { username: 'nobody', password: 'demo' },
    ]) {
      expect(await call('/api/login', { method: 'POST', json })).toEqual(
        expect.objectContaining({
          status: 401,
          body: { error: { code: 'UNAUTHORIZED', message: expect.any(String) } },
        }),
      );
    }
    expect(await call('/api/login', { method: 'POST', json: { username: 'super' } })).toMatchObject(
      {
        status: 400,
        body: { error: { code: 'INVALID', message: expect.stringContaining('password') } },
      },
    );
    const broken = await call('/api/login', {
      method: 'POST',
      body: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken).toMatchObject({ status: 400, body: { error: { code: 'INVALID' } } });
  });

  it('refuses a body over 64 kB with 413', async () => {
    hub = await startTestHub();
    const json = { username: 'super', password: 'x'.repeat(70_000) };
    expect(await call('/api/login', { method: 'POST', json })).toMatchObject({
      status: 413,
      body: { error: { code: 'INVALID' } },
    });
  });

  it('serves flights and the airport to any role with a token, 401 without', async () => {
    hub = await startTestHub();
    const token = await hub.login('board');
    const flights = await call('/api/flights', { token });
    expect(flights).toMatchObject({ status: 200, body: { seq: 0 } });
    expect(flights.body.flights).toHaveLength(4);
    expect(await call('/api/airport', { token })).toMatchObject({
      status: 200,
      body: {
        iata: 'DEL',
        name: 'Indira Gandhi International',
        city: 'Delhi',
        timeZone: 'Asia/Kolkata',
      },
    });
    for (const bad of [undefined, 'garbage']) {
      expect(await call('/api/flights', { token: bad })).toMatchObject({
        status: 401,
        body: { error: { code: 'UNAUTHORIZED' } },
      });
    }
    expect(await call('/api/nothing-here', { token })).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
  });
});

describe('PUT /api/flights/:id/passengers', () => {
  const manifest = {
    passengers: [
      { pnr: 'ABC123', name: 'Asha Rao', phone: '+919876543210', locale: 'hi' },
      { pnr: 'XYZ789', name: 'Tom Byrne', email: 'tom@example.com' },
    ],
  };

  it('replaces the manifest for a supervisor and keeps it across a restart', async () => {
    hub = await startTestHub();
    const token = await hub.login('super');
    const put = () =>
      call('/api/flights/f-ai865/passengers', { method: 'PUT', token, json: manifest });
    expect(await put()).toMatchObject({ status: 200, body: { count: 2 } });
    await hub.restart();
    const stored = JSON.parse(await readFile(join(hub.dataDir, 'passengers.json'), 'utf8'));
    expect(stored.flights['f-ai865']).toEqual(manifest.passengers);
  });

  it('refuses other roles, unknown flights and bad passengers', async () => {
    hub = await startTestHub();
    const agent = await hub.login('agent1');
    const supervisor = await hub.login('super');
    const put = (id: string, token: string, json: unknown) =>
      call(`/api/flights/${id}/passengers`, { method: 'PUT', token, json });
    expect(await put('f-ai865', agent, manifest)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await put('f-nope', supervisor, manifest)).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    const bad = { passengers: [{ pnr: 'ABC123', name: 'Asha', phone: '98765' }] };
    expect(await put('f-ai865', supervisor, bad)).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID', message: expect.stringContaining('passengers.0.phone') } },
    });
  });
});

describe('web console', () => {
  it('answers 503 with a hint when the console is not built', async () => {
    hub = await startTestHub({ webRoot: join(tmpdir(), 'jetbridge-no-such-build') });
    const page = await call('/');
    expect(page.status).toBe(503);
    expect(page.body).toContain('npm run build');
  });

  it('serves the built console with a strict CSP', async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'jetbridge-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Jetbridge</title>');
    await writeFile(join(webRoot, 'app.js'), 'console.log(1)');
    hub = await startTestHub({ webRoot });
    const page = await call('/');
    expect(page).toMatchObject({
      status: 200,
      body: expect.stringContaining('<title>Jetbridge</title>'),
    });
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self' ws: wss: http: https:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect((await call('/app.js')).status).toBe(200);
  });
});
