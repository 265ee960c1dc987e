import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The browser's side of a push subscription: the P-256 key pair and the 16-byte auth secret a
 * browser makes in `pushManager.subscribe()`, and the decryption it applies to what arrives
 * (RFC 8291 on RFC 8188 `aes128gcm`).
 *
 * Written out with node:crypto rather than with `http_ece` on purpose: the hub encrypts with
 * web-push, which uses http_ece, and a test that decrypts with the same library could not notice
 * that both sides share a misreading of the RFC. This one is checked against the RFC's own
 * example (browser-push-keys.test.ts), then used on what the hub sends.
 */
export class BrowserPushKeys {
  private constructor(
    /** The subscription's `keys.p256dh` as bytes: the uncompressed public point. */
    readonly publicKey: Buffer,
    private readonly privateKey: Buffer,
    /** The subscription's `keys.auth` as bytes. */
    readonly authSecret: Buffer,
  ) {}

  static create(): BrowserPushKeys {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return new BrowserPushKeys(ecdh.getPublicKey(), ecdh.getPrivateKey(), randomBytes(16));
  }

  /** Known keys (the RFC's example). */
  static fromKeys(keys: { privateKey: Buffer; authSecret: Buffer }): BrowserPushKeys {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(keys.privateKey);
    return new BrowserPushKeys(ecdh.getPublicKey(), keys.privateKey, keys.authSecret);
  }

  /** What `PushSubscription.toJSON().keys` gives a page to send to its server. */
  get subscriptionKeys(): { p256dh: string; auth: string } {
    return {
      p256dh: this.publicKey.toString('base64url'),
      auth: this.authSecret.toString('base64url'),
    };
  }

  /** Decrypts a push message body; throws an Error saying which check failed. */
  decrypt(body: Buffer): Buffer {
    // RFC 8188 section 2.1 header: salt (16) | rs (uint32) | idlen (1) | keyid (idlen).
    if (body.length < 21) throw new Error('push body shorter than the aes128gcm header');
    const salt = body.subarray(0, 16);
    const recordSize = body.readUInt32BE(16);
    const idLength = body[20]!;
    // RFC 8291 section 4: the key id is the sender's ephemeral public key.
    if (idLength !== 65) throw new Error(`keyid is ${idLength} bytes, not a P-256 public key`);
    const senderPublicKey = body.subarray(21, 86);
    const record = body.subarray(86);
    // RFC 8291 section 4: one record only; rs at least 18 (RFC 8188).
    if (recordSize < 18) throw new Error(`record size ${recordSize} is below 18`);
    if (record.length > recordSize) throw new Error('push message has more than one record');
    if (record.length < 17) throw new Error('record shorter than its tag and delimiter');

    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(this.privateKey);
    const sharedSecret = ecdh.computeSecret(senderPublicKey);
    // RFC 8291 section 3.4: IKM from the ECDH secret, keyed by the auth secret.
    const keyInfo = Buffer.concat([
      Buffer.from('WebPush: info\0', 'latin1'),
      this.publicKey,
      senderPublicKey,
    ]);
    const ikm = hkdf(sharedSecret, this.authSecret, keyInfo, 32);
    // RFC 8188 section 2.2 and 2.3.
    const key = hkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0', 'latin1'), 16);
    const nonce = hkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0', 'latin1'), 12);

    const decipher = createDecipheriv('aes-128-gcm', key, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(record.subarray(0, record.length - 16)),
        decipher.final(),
      ]);
    } catch {
      throw new Error('authentication failed: wrong keys, or the message was altered');
    }
    // Padding: zeros after a delimiter, which is 2 for the last (here: only) record.
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end -= 1;
    if (end < 0 || plain[end] !== 2) throw new Error('missing last-record padding delimiter');
    return plain.subarray(0, end);
  }
}

function hkdf(ikm: Buffer, salt: Buffer, info: Buffer, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}
