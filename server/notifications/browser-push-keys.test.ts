import webpush from 'web-push';
import { describe, expect, it } from 'vitest';
import { BrowserPushKeys } from '../../test-support/browser-push-keys';

const b64 = (text: string) => Buffer.from(text, 'base64url');

// RFC 8291 section 5 and appendix A: "When I grow up, I want to be a watermelon".
const RFC = {
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  uaPublic:
    'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
  body: 'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

describe('BrowserPushKeys (the test suite’s RFC 8291 receiver)', () => {
  const rfcKeys = BrowserPushKeys.fromKeys({
    privateKey: b64(RFC.uaPrivate),
    authSecret: b64(RFC.authSecret),
  });

  it('decrypts the RFC 8291 example', () => {
    expect(rfcKeys.subscriptionKeys.p256dh).toBe(RFC.uaPublic);
    expect(rfcKeys.decrypt(b64(RFC.body)).toString('utf8')).toBe(
      'When I grow up, I want to be a watermelon',
    );
  });

  it('refuses an altered message, and the wrong auth secret', () => {
    const altered = b64(RFC.body);
    altered[altered.length - 20]! ^= 1;
    expect(() => rfcKeys.decrypt(altered)).toThrow(/authentication failed/);
    const wrongAuth = BrowserPushKeys.fromKeys({
      privateKey: b64(RFC.uaPrivate),
      authSecret: Buffer.alloc(16, 1),
    });
    expect(() => wrongAuth.decrypt(b64(RFC.body))).toThrow(/authentication failed/);
    expect(() => rfcKeys.decrypt(b64(RFC.body).subarray(0, 40))).toThrow(/keyid|shorter/);
  });

  it('decrypts what web-push encrypts for a fresh subscription', () => {
    const browser = BrowserPushKeys.create();
    const { p256dh, auth } = browser.subscriptionKeys;
    const payload = JSON.stringify({ title: 'उड़ान 6E 2134', body: 'gate 42B' });
    const { cipherText, salt } = webpush.encrypt(p256dh, auth, payload, 'aes128gcm');
    expect(cipherText.subarray(0, 16).toString('base64url')).toBe(salt);
    expect(cipherText[20]).toBe(65); // the key id: web-push's ephemeral public key
    expect(browser.decrypt(cipherText).toString('utf8')).toBe(payload);
    expect(() => BrowserPushKeys.create().decrypt(cipherText)).toThrow(/authentication failed/);
  });
});
