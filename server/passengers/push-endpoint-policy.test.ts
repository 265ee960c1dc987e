import { describe, expect, it } from 'vitest';
import { createPushEndpointPolicy, parsePushServiceOrigins } from './push-endpoint-policy';

describe('push endpoints the hub will call', () => {
  const policy = createPushEndpointPolicy(['https://push.internal:8443']);

  it('takes the public push services over https', () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc:APA91b',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://web.push.apple.com/QGuQyavXutnMH',
      'https://wns2-par02p.notify.windows.com/w/?token=BQYAAA',
      'https://push.internal:8443/push/1',
    ]) {
      expect(policy.problem(endpoint), endpoint).toBeNull();
    }
  });

  it('refuses anything else: http, other hosts and ports, look-alikes, credentials', () => {
    for (const endpoint of [
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://fcm.googleapis.com:8443/fcm/send/abc',
      'https://fcm.googleapis.com.evil.example/x',
      'https://evilfcm.googleapis.com/x',
      'https://127.0.0.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://push.internal/push/1',
      'https://user:pw@fcm.googleapis.com/x',
      'not a url',
    ]) {
      expect(policy.problem(endpoint), endpoint).not.toBeNull();
    }
  });

  it('reads JETBRIDGE_PUSH_SERVICES as https origins', () => {
    expect(parsePushServiceOrigins('https://a.example, https://b.example:8443')).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
    expect(() => parsePushServiceOrigins('http://a.example')).toThrow('https');
    expect(() => parsePushServiceOrigins('https://a.example/path')).toThrow('origin');
  });
});
