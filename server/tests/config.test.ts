import { describe, expect, it } from 'vitest';
import { defaultDataDir, loadSettings } from '../config';

describe('hub settings', () => {
  it('has the contract defaults', () => {
    expect(loadSettings({ JETBRIDGE_DATA_DIR: '/data' })).toEqual({
      host: '127.0.0.1',
      port: 4300,
      dataDir: '/data',
      demo: false,
      secret: undefined,
      notifyCoalesceMs: 30_000,
      notifyDelayMin: 15,
    });
  });

  it('reads every variable', () => {
    const settings = loadSettings({
      JETBRIDGE_HOST: '0.0.0.0',
      JETBRIDGE_PORT: '0',
      JETBRIDGE_DATA_DIR: '/srv/jetbridge',
      JETBRIDGE_DEMO: '1',
      JETBRIDGE_SECRET: 's'.repeat(40),
      JETBRIDGE_NOTIFY_COALESCE_MS: '500',
      JETBRIDGE_NOTIFY_DELAY_MIN: '10',
    });
    expect(settings).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      demo: true,
      notifyCoalesceMs: 500,
      notifyDelayMin: 10,
    });
  });

  it.each([
    ['JETBRIDGE_PORT', '70000'],
    ['JETBRIDGE_PORT', 'http'],
    ['JETBRIDGE_DEMO', 'yes'],
    ['JETBRIDGE_SECRET', 'short'],
    ['JETBRIDGE_NOTIFY_DELAY_MIN', '0'],
  ])('names %s when it is %j', (name, value) => {
    expect(() => loadSettings({ [name]: value })).toThrow(name);
  });

  it('picks the per-user data folder of each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.local/share/jetbridge');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Jetbridge',
    );
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana'),
    ).toContain('Jetbridge');
  });
});
