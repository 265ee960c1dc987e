import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { request, requestRaw, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { disconnected } from '../../test-support/hub-client';

let hub: TestHub;
afterEach(async () => {
  await hub?.close();
});

const badUpdate = () => ({ flightId: 'f-ai865', baseVersion: 'zero', opId: randomUUID() });

describe('socket events', () => {
  it('answers unknown events INVALID, survives `error`, and keeps the connection', async () => {
    hub = await startTestHub();
    const socket = await hub.connect(await hub.login('super'));
    for (const event of ['flights:delete', 'error', 'constructor', '__proto__', 'toString', '']) {
      expect(await requestRaw(socket, event, { any: 'thing' })).toEqual({
        ok: false,
        error: { code: 'INVALID', message: 'unknown event' },
      });
    }
    // Without an ack nothing answers, and nothing breaks.
    (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit('error', 'boom');
    (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit('nope', 1, 2);
    expect(await request(socket, 'flights:snapshot', {})).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
  });

  it('stays connected after garbage payloads', async () => {
    hub = await startTestHub();
    const socket = await hub.connect(await hub.login('super'));
    const garbage: unknown[][] = [
      [],
      [null],
      ['text'],
      [42],
      [[1, 2, 3]],
      [Buffer.from([0, 1, 2, 255])],
      [{ __proto__: { admin: true } }],
      [JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}')],
      [{ seq: Number.NaN }],
      [{ seq: Infinity }],
      [{}, {}, {}],
    ];
    for (const event of ['flights:snapshot', 'sync:since', 'flight:update']) {
      for (const args of garbage) {
        const ack = (await requestRaw(socket, event, ...args)) as { ok: boolean };
        if (event !== 'flights:snapshot' || args.length > 0) expect(ack).toHaveProperty('ok');
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(socket.connected).toBe(true);
    expect(await request(socket, 'flights:snapshot', {})).toMatchObject({ ok: true, seq: 0 });
  });

  it('answers flight updates beyond the per-connection rate RATE_LIMITED', async () => {
    hub = await startTestHub({ updateRate: { perSecond: 1, burst: 5 } });
    const socket = await hub.connect(await hub.login('super'));
    const acks = (await Promise.all(
      Array.from({ length: 12 }, () => requestRaw(socket, 'flight:update', badUpdate())),
    )) as { ok: false; error: { code: string } }[];
    const codes = acks.map((ack) => ack.error.code);
    expect(codes.filter((code) => code === 'INVALID')).toHaveLength(5);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(7);
    // Reads are not limited, and the connection stays.
    expect(await request(socket, 'flights:snapshot', {})).toMatchObject({ ok: true });
  });

  it('cuts a connection that floods, and takes the next one', async () => {
    hub = await startTestHub();
    const token = await hub.login('super');
    const flooder = await hub.connect(token);
    const cut = disconnected(flooder);
    const raw = flooder as unknown as { emit(event: string, ...args: unknown[]): void };
    for (let i = 0; i < 2_000; i += 1) raw.emit('flights:snapshot', {});
    expect(await cut).toBe('io server disconnect');
    const next = await hub.connect(token);
    expect(await request(next, 'flights:snapshot', {})).toMatchObject({ ok: true });
  });

  it('cuts a connection that sends more than 64 kB in one message', async () => {
    hub = await startTestHub();
    const socket = await hub.connect(await hub.login('super'));
    const cut = disconnected(socket);
    (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit('flight:update', {
      remark: 'x'.repeat(100_000),
    });
    expect(await cut).toMatch(/transport close|transport error/);
    const again = await hub.connect(await hub.login('super'));
    expect(await request(again, 'flights:snapshot', {})).toMatchObject({ ok: true, seq: 0 });
  });
});

describe('origins', () => {
  const login = (url: string, origin?: string, method = 'POST') =>
    fetch(`${url}/api/login`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(origin !== undefined ? { origin } : {}),
      },
      body: method === 'POST' ? JSON.stringify({ username: 'super', password: 'demo' }) : undefined,
    });

  it('refuses foreign browser origins on the API, allows the hub, the desktop console and no origin', async () => {
    hub = await startTestHub();
    const foreign = await login(hub.url, 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect((await login(hub.url, 'null')).status).toBe(403);
    expect((await login(hub.url, 'https://evil.example', 'OPTIONS')).status).toBe(403);

    expect((await login(hub.url)).status).toBe(200);
    const own = await login(hub.url, hub.url);
    expect(own.status).toBe(200);
    const desktop = await login(hub.url, 'file://');
    expect(desktop.status).toBe(200);
    expect(desktop.headers.get('access-control-allow-origin')).toBe('file://');
    const preflight = await login(hub.url, 'file://', 'OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('opens listed origins with JETBRIDGE_ALLOWED_ORIGINS', async () => {
    hub = await startTestHub({ allowedOrigins: ['http://localhost:5173'] });
    const dev = await login(hub.url, 'http://localhost:5173');
    expect(dev.status).toBe(200);
    expect(dev.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect((await login(hub.url, 'http://localhost:5174')).status).toBe(403);
  });

  it('refuses Socket.IO connections from foreign origins', async () => {
    hub = await startTestHub();
    const token = await hub.login('super');
    const attempt = (origin: string, transport: 'websocket' | 'polling') =>
      new Promise<string>((resolve) => {
        const socket = io(hub.url, {
          auth: { token },
          transports: [transport],
          extraHeaders: { origin },
          reconnection: false,
          forceNew: true,
        });
        socket.once('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.once('connect_error', (error) => {
          socket.close();
          resolve(`refused: ${error.message}`);
        });
      });
    expect(await attempt('https://evil.example', 'websocket')).toMatch(/^refused/);
    expect(await attempt('https://evil.example', 'polling')).toMatch(/^refused/);
    expect(await attempt('null', 'websocket')).toMatch(/^refused/);
    expect(await attempt('file://', 'websocket')).toBe('connected');
    expect(await attempt(hub.url, 'polling')).toBe('connected');
  });
});

describe('HTTP', () => {
  it('sends security headers on the API and the console', async () => {
    hub = await startTestHub();
    for (const path of ['/api/flights', '/']) {
      const response = await fetch(`${hub.url}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('checks path parameters like any other input', async () => {
    hub = await startTestHub();
    const token = await hub.login('super');
    const put = (id: string) =>
      fetch(`${hub.url}/api/flights/${id}/passengers`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ passengers: [] }),
      });
    const long = await put('x'.repeat(200));
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ error: { code: 'INVALID' } });
    const badEscape = await put('%E0%A4%A');
    expect(badEscape.status).toBe(400);
    expect(await badEscape.json()).toMatchObject({ error: { code: 'INVALID' } });
  });
});
