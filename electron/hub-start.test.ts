import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import {
  consoleUrlFor,
  isPortFree,
  preferredHubPort,
  startHubPreferringPort,
  type HubStartOptions,
} from './hub-start';

const fakeHub = (port: number) => ({
  url: `http://127.0.0.1:${port}`,
  port,
  close: async () => undefined,
});

describe('startHubPreferringPort', () => {
  const options = { dataDir: '/tmp/x', demo: true, port: 4300 };

  it('uses the preferred port when it is free', async () => {
    const startHub = vi.fn(async (o: HubStartOptions) => fakeHub(o.port ?? 0));
    const hub = await startHubPreferringPort(startHub, options, async () => true);
    expect(hub.port).toBe(4300);
    expect(startHub).toHaveBeenCalledWith({ ...options, host: '127.0.0.1' });
  });

  it('falls back to a free port when the preferred one is taken', async () => {
    const startHub = vi.fn(async (o: HubStartOptions) => fakeHub(o.port === 0 ? 51234 : 4300));
    const hub = await startHubPreferringPort(startHub, options, async () => false);
    expect(hub.port).toBe(51234);
  });

  it('falls back when the hub itself hits EADDRINUSE', async () => {
    const startHub = vi.fn(async (o: HubStartOptions) => {
      if (o.port !== 0) throw Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
      return fakeHub(40000);
    });
    expect((await startHubPreferringPort(startHub, options, async () => true)).port).toBe(40000);
  });

  it('passes other start errors through', async () => {
    const startHub = vi.fn(async () => {
      throw new Error('data folder unreadable: flights.json');
    });
    await expect(startHubPreferringPort(startHub, options, async () => true)).rejects.toThrow(
      /flights\.json/,
    );
    expect(startHub).toHaveBeenCalledTimes(1);
  });
});

describe('isPortFree', () => {
  it('sees a port that is in use', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(await isPortFree('127.0.0.1', port)).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
  });
});

describe('preferredHubPort', () => {
  it('reads JETBRIDGE_PORT and ignores nonsense', () => {
    expect(preferredHubPort({})).toBe(4300);
    expect(preferredHubPort({ JETBRIDGE_PORT: '5000' })).toBe(5000);
    expect(preferredHubPort({ JETBRIDGE_PORT: '0' })).toBe(0);
    expect(preferredHubPort({ JETBRIDGE_PORT: 'abc' })).toBe(4300);
    expect(preferredHubPort({ JETBRIDGE_PORT: '70000' })).toBe(4300);
  });
});

describe('consoleUrlFor', () => {
  it('shows a loopback address for wildcard binds', () => {
    expect(consoleUrlFor('127.0.0.1', 4300)).toBe('http://127.0.0.1:4300/');
    expect(consoleUrlFor('0.0.0.0', 4301)).toBe('http://127.0.0.1:4301/');
    expect(consoleUrlFor('::1', 4300)).toBe('http://[::1]:4300/');
  });
});
