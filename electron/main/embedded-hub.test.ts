import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { HubStartOptions } from '../hub-start';
import { connectHub, hubUrlFromEnv } from './embedded-hub';

const running = (port: number) => ({
  url: `http://127.0.0.1:${port}`,
  port,
  close: vi.fn(async () => undefined),
});

describe('connectHub', () => {
  it('uses the hub the launcher passes and starts none', async () => {
    const loadStartHub = vi.fn();
    const connection = await connectHub({
      env: { JETBRIDGE_HUB_URL: 'http://127.0.0.1:4300' },
      userDataDir: '/u',
      webRoot: '/app/out/renderer',
      loadStartHub,
      log: () => undefined,
    });
    expect(connection).toEqual({ hubUrl: 'http://127.0.0.1:4300', embedded: null });
    expect(loadStartHub).not.toHaveBeenCalled();
  });

  it('otherwise starts a demo hub with its data under userData', async () => {
    const startHub = vi.fn(async (options: HubStartOptions) => running(options.port ?? 0));
    const connection = await connectHub({
      env: {},
      userDataDir: '/home/ana/.config/Jetbridge',
      webRoot: '/app/out/renderer',
      loadStartHub: async () => startHub,
      log: () => undefined,
    });
    expect(startHub).toHaveBeenCalledWith(
      expect.objectContaining({
        dataDir: path.join('/home/ana/.config/Jetbridge', 'hub-data'),
        demo: true,
        webRoot: '/app/out/renderer',
        host: '127.0.0.1',
      }),
    );
    expect(connection.embedded).not.toBeNull();
    expect(connection.hubUrl).toBe(connection.embedded?.url);
  });
});

describe('hubUrlFromEnv', () => {
  it('takes only http(s) addresses', () => {
    expect(hubUrlFromEnv({ JETBRIDGE_HUB_URL: 'http://127.0.0.1:4300/' })).toBe(
      'http://127.0.0.1:4300',
    );
    expect(hubUrlFromEnv({ JETBRIDGE_HUB_URL: 'file:///etc' })).toBeNull();
    expect(hubUrlFromEnv({ JETBRIDGE_HUB_URL: '' })).toBeNull();
    expect(hubUrlFromEnv({})).toBeNull();
  });
});
