import { describe, expect, it } from 'vitest';
import { defaultUserDataDir, resolveHubDataDir } from './user-data-dir';

describe('per-user data folder', () => {
  it('follows each platform', () => {
    expect(defaultUserDataDir({ platform: 'linux', env: {}, homedir: '/home/ana' })).toBe(
      '/home/ana/.local/share/jetbridge',
    );
    expect(
      defaultUserDataDir({
        platform: 'linux',
        env: { XDG_DATA_HOME: '/data' },
        homedir: '/home/ana',
      }),
    ).toBe('/data/jetbridge');
    expect(
      defaultUserDataDir({
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
        homedir: 'C:\\Users\\ana',
      }),
    ).toBe('C:\\Users\\ana\\AppData\\Roaming\\Jetbridge');
    expect(defaultUserDataDir({ platform: 'darwin', env: {}, homedir: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/Jetbridge',
    );
  });

  it('lets JETBRIDGE_DATA_DIR win', () => {
    expect(
      resolveHubDataDir({
        platform: 'linux',
        env: { JETBRIDGE_DATA_DIR: '/srv/jetbridge' },
        homedir: '/home/ana',
      }),
    ).toBe('/srv/jetbridge');
    expect(
      resolveHubDataDir({ platform: 'linux', env: { JETBRIDGE_DATA_DIR: '  ' }, homedir: '/h' }),
    ).toBe('/h/.local/share/jetbridge');
  });
});
