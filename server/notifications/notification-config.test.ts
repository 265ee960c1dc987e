import { describe, expect, it } from 'vitest';
import { readNotificationSettings } from './notification-config';

const twilio = {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'secret',
  TWILIO_FROM: '+15005550006',
};

describe('readNotificationSettings', () => {
  it('has the contract defaults, with both channels off', () => {
    expect(readNotificationSettings({})).toEqual({
      twilio: null,
      smtp: null,
      coalesceMs: 30_000,
      delayThresholdMinutes: 15,
    });
  });

  it('reads Twilio, SMTP and the notify settings', () => {
    const settings = readNotificationSettings({
      ...twilio,
      TWILIO_API_BASE: 'http://127.0.0.1:9999/',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      MAIL_FROM: 'Ops <ops@example.com>',
      JETBRIDGE_NOTIFY_COALESCE_MS: '500',
      JETBRIDGE_NOTIFY_DELAY_MIN: '10',
    });
    expect(settings.twilio).toMatchObject({
      ...{ accountSid: twilio.TWILIO_ACCOUNT_SID },
      apiBase: 'http://127.0.0.1:9999',
    });
    expect(settings.smtp).toEqual({
      url: 'smtp://127.0.0.1:2525',
      from: 'Ops <ops@example.com>',
      maxConnections: 40,
    });
    expect(
      readNotificationSettings({ SMTP_URL: 'smtp://mail:25', SMTP_MAX_CONNECTIONS: '8' }).smtp
        ?.maxConnections,
    ).toBe(8);
    expect(settings.coalesceMs).toBe(500);
    expect(settings.delayThresholdMinutes).toBe(10);
    expect(readNotificationSettings(twilio).twilio?.apiBase).toBe('https://api.twilio.com');
  });

  it('names the variable that is wrong or missing', () => {
    expect(() => readNotificationSettings({ JETBRIDGE_NOTIFY_DELAY_MIN: 'soon' })).toThrow(
      /^JETBRIDGE_NOTIFY_DELAY_MIN: /,
    );
    expect(() => readNotificationSettings({ JETBRIDGE_NOTIFY_COALESCE_MS: '-1' })).toThrow(
      /^JETBRIDGE_NOTIFY_COALESCE_MS: /,
    );
    expect(() => readNotificationSettings({ SMTP_URL: 'http://mail' })).toThrow(/^SMTP_URL: /);
    expect(() =>
      readNotificationSettings({ SMTP_URL: 'smtp://mail:25', SMTP_MAX_CONNECTIONS: '0' }),
    ).toThrow(/^SMTP_MAX_CONNECTIONS: must be at least 1/);
    expect(() => readNotificationSettings({ ...twilio, TWILIO_FROM: '' })).toThrow(
      /^TWILIO_FROM: is required/,
    );
    expect(() => readNotificationSettings({ ...twilio, TWILIO_ACCOUNT_SID: 'nope' })).toThrow(
      /^TWILIO_ACCOUNT_SID: /,
    );
  });
});
