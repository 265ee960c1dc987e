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
      notifyThread: true,
      sessionHours: 12,
      allowedOrigins: [],
      publicHosts: [],
      tlsFiles: null,
      notifications: { twilio: null, smtp: null, coalesceMs: 30_000, delayThresholdMinutes: 15 },
      airport: undefined,
      daysAhead: 2,
      keepHours: 12,
      gateBufferMin: 15,
      feedHoldMin: 30,
      etaFromPosition: 'suggest',
      databaseUrl: undefined,
      redisUrl: undefined,
      passengers: {
        retentionDays: 7,
        publicUrl: null,
        pushServices: [],
        pushCaFile: null,
        vapid: { keys: null, subject: 'mailto:no-reply@jetbridge.invalid' },
      },
    });
  });

  it('reads the database and Redis of several hubs, and never echoes a bad URL', () => {
    expect(
      loadSettings({
        JETBRIDGE_DATABASE_URL: 'postgres://hub:secret@db:5432/jetbridge',
        JETBRIDGE_REDIS_URL: 'redis://cache:6379',
      }),
    ).toMatchObject({
      databaseUrl: 'postgres://hub:secret@db:5432/jetbridge',
      redisUrl: 'redis://cache:6379',
    });
    expect(() => loadSettings({ JETBRIDGE_DATABASE_URL: 'mysql://hub:hunter2@db/x' })).toThrow(
      /JETBRIDGE_DATABASE_URL: must be a URL such as postgres:/,
    );
    expect(() => loadSettings({ JETBRIDGE_DATABASE_URL: 'mysql://hub:hunter2@db/x' })).not.toThrow(
      /hunter2/,
    );
    expect(() => loadSettings({ JETBRIDGE_REDIS_URL: 'redis://cache:6379' })).toThrow(
      /JETBRIDGE_REDIS_URL is for hubs sharing a database/,
    );
  });

  it('reads the v2 airport and day settings, and names a bad one', () => {
    expect(
      loadSettings({
        JETBRIDGE_AIRPORT: 'bom',
        JETBRIDGE_DAYS_AHEAD: '3',
        JETBRIDGE_KEEP_HOURS: '6',
        JETBRIDGE_GATE_BUFFER_MIN: '10',
        JETBRIDGE_FEED_HOLD_MIN: '45',
        JETBRIDGE_ETA_FROM_POSITION: 'Apply',
      }),
    ).toMatchObject({
      airport: 'BOM',
      daysAhead: 3,
      keepHours: 6,
      gateBufferMin: 10,
      feedHoldMin: 45,
      etaFromPosition: 'apply',
    });
    expect(() => loadSettings({ JETBRIDGE_ETA_FROM_POSITION: 'auto' })).toThrow(
      /^JETBRIDGE_ETA_FROM_POSITION: must be suggest .* or apply/,
    );
    expect(() => loadSettings({ JETBRIDGE_AIRPORT: 'Delhi' })).toThrow(/^JETBRIDGE_AIRPORT: /);
    expect(() => loadSettings({ JETBRIDGE_DAYS_AHEAD: '30' })).toThrow(/^JETBRIDGE_DAYS_AHEAD: /);
  });

  it('reads the passengers’ settings and refuses a bad one, naming it', () => {
    const settings = loadSettings({
      JETBRIDGE_PASSENGER_DAYS: '30',
      JETBRIDGE_PUBLIC_URL: 'https://hub.example.aero/',
      JETBRIDGE_PUSH_SERVICES: 'https://push.internal:8443',
    });
    expect(settings.passengers).toMatchObject({
      retentionDays: 30,
      publicUrl: 'https://hub.example.aero',
      pushServices: ['https://push.internal:8443'],
    });
    expect(() => loadSettings({ JETBRIDGE_PASSENGER_DAYS: '0' })).toThrow(
      /^JETBRIDGE_PASSENGER_DAYS: /,
    );
    expect(() => loadSettings({ JETBRIDGE_PUBLIC_URL: 'ftp://x' })).toThrow(
      /^JETBRIDGE_PUBLIC_URL: /,
    );
    expect(() => loadSettings({ JETBRIDGE_PUSH_SERVICES: 'http://push.internal' })).toThrow(
      /^JETBRIDGE_PUSH_SERVICES: /,
    );
  });

  it('reads the notification providers and refuses a bad one, naming it', () => {
    const settings = loadSettings({
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: 'http://127.0.0.1:9999/',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      MAIL_FROM: 'Jetbridge <ops@example.com>',
    });
    expect(settings.notifications.twilio).toMatchObject({ apiBase: 'http://127.0.0.1:9999' });
    expect(settings.notifications.smtp).toEqual({
      url: 'smtp://127.0.0.1:2525',
      from: 'Jetbridge <ops@example.com>',
      maxConnections: 40,
    });
    expect(() => loadSettings({ SMTP_URL: 'http://mail' })).toThrow(/^SMTP_URL: /);
    expect(() => loadSettings({ TWILIO_ACCOUNT_SID: 'AC0123456789abcdef' })).toThrow(
      /TWILIO_AUTH_TOKEN/,
    );
  });

  it('reads the security settings', () => {
    expect(
      loadSettings({
        JETBRIDGE_SESSION_HOURS: '8',
        JETBRIDGE_ALLOWED_ORIGINS: 'http://localhost:5173/, https://ops.example.aero',
        JETBRIDGE_PUBLIC_HOSTS: 'Ops.Example.Aero, hub-7.local:4300,10.0.0.5:4300,[fd00::5]',
        JETBRIDGE_TLS_CERT: '/etc/jetbridge/cert.pem',
        JETBRIDGE_TLS_KEY: '/etc/jetbridge/key.pem',
      }),
    ).toMatchObject({
      sessionHours: 8,
      allowedOrigins: ['http://localhost:5173', 'https://ops.example.aero'],
      publicHosts: ['ops.example.aero', 'hub-7.local:4300', '10.0.0.5:4300', '[fd00::5]'],
      tlsFiles: { cert: '/etc/jetbridge/cert.pem', key: '/etc/jetbridge/key.pem' },
    });
    expect(() => loadSettings({ JETBRIDGE_TLS_CERT: '/etc/jetbridge/cert.pem' })).toThrow(
      /JETBRIDGE_TLS_CERT and JETBRIDGE_TLS_KEY/,
    );
    expect(() => loadSettings({ JETBRIDGE_SESSION_HOURS: '0' })).toThrow(/JETBRIDGE_SESSION_HOURS/);
    for (const bad of ['https://ops.example.aero', 'ops.example.aero:99999', 'a b', 'x/y']) {
      expect(() => loadSettings({ JETBRIDGE_PUBLIC_HOSTS: `ok.example, ${bad}` })).toThrow(
        /JETBRIDGE_PUBLIC_HOSTS.*is not a host name/,
      );
    }
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
      JETBRIDGE_NOTIFY_THREAD: '0',
    });
    expect(settings).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      demo: true,
      notifyCoalesceMs: 500,
      notifyDelayMin: 10,
      notifyThread: false,
    });
  });

  it.each([
    ['JETBRIDGE_PORT', '70000'],
    ['JETBRIDGE_PORT', 'http'],
    ['JETBRIDGE_DEMO', 'yes'],
    ['JETBRIDGE_SECRET', 'short'],
    ['JETBRIDGE_NOTIFY_DELAY_MIN', '0'],
    ['JETBRIDGE_NOTIFY_THREAD', 'on'],
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
