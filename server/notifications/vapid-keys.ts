import { createECDH, ECDH } from 'node:crypto';
import { join } from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';
import { DurableJsonFile } from '../store/durable-json-file';
import { DEFAULT_MAIL_FROM, NotificationConfigError } from './notification-config';

/**
 * The hub's VAPID identity (RFC 8292): the key pair push services use to recognise the hub,
 * and the contact (`sub`) they may write to. Browsers subscribe with the public key, so it must
 * stay the same across restarts: when VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY are unset, a pair is
 * generated once and kept in the data folder (`vapid-keys.json`, mode 0600).
 */
export interface VapidKeys {
  /** Uncompressed P-256 point, URL-safe base64 (what `GET /api/passenger/push/key` gives out). */
  publicKey: string;
  /** P-256 private scalar, URL-safe base64. Never leaves the hub. */
  privateKey: string;
  /** `mailto:` address or `https:` URL a push service operator can reach us at. */
  subject: string;
}

export type VapidKeySource = 'settings' | 'data folder' | 'generated';

export const VAPID_KEYS_FILE = 'vapid-keys.json';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be URL-safe base64 without padding');
const publicKeySchema = base64url.refine(
  isP256PublicKey,
  'must be an uncompressed P-256 public key (65 bytes, URL-safe base64)',
);
const privateKeySchema = base64url.refine(
  (text) => Buffer.from(text, 'base64url').length === 32,
  'must be a P-256 private key (32 bytes, URL-safe base64)',
);
const subjectSchema = z
  .string()
  .refine(isVapidSubject, 'must be a mailto: address or an https: URL (RFC 8292 section 2.1)');

export const vapidKeysFileSchema = z
  .strictObject({
    publicKey: publicKeySchema,
    privateKey: privateKeySchema,
    createdAt: z.iso.datetime({ offset: true }),
  })
  .refine((pair) => keysMatch(pair.publicKey, pair.privateKey), {
    message: 'does not belong to publicKey',
    path: ['privateKey'],
  });
export type VapidKeysFile = z.infer<typeof vapidKeysFileSchema>;

export interface VapidSettings {
  /** Both keys from the environment, or null: use (or create) the kept pair. */
  keys: { publicKey: string; privateKey: string } | null;
  subject: string;
}

/**
 * Reads VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT (contract section 1). An empty
 * variable counts as unset. One key without the other, a malformed key or a pair that does not
 * match is refused with a NotificationConfigError naming the variable.
 *
 * VAPID_SUBJECT defaults to `mailto:` plus the address of MAIL_FROM (the sender passengers
 * already see on e-mails), or of the built-in `no-reply@jetbridge.invalid` when that is unset too:
 * push services accept it, but an operator should set a reachable contact.
 */
export function readVapidSettings(
  env: Record<string, string | undefined> = process.env,
): VapidSettings {
  const publicKey = readSetting(env, 'VAPID_PUBLIC_KEY', publicKeySchema);
  const privateKey = readSetting(env, 'VAPID_PRIVATE_KEY', privateKeySchema);
  const subject =
    readSetting(env, 'VAPID_SUBJECT', subjectSchema) ?? defaultVapidSubject(env.MAIL_FROM);
  if (publicKey && !privateKey) {
    throw new NotificationConfigError(
      'VAPID_PRIVATE_KEY',
      'is required when VAPID_PUBLIC_KEY is set',
    );
  }
  if (privateKey && !publicKey) {
    throw new NotificationConfigError(
      'VAPID_PUBLIC_KEY',
      'is required when VAPID_PRIVATE_KEY is set',
    );
  }
  if (publicKey && privateKey && !keysMatch(publicKey, privateKey)) {
    throw new NotificationConfigError('VAPID_PRIVATE_KEY', 'does not belong to VAPID_PUBLIC_KEY');
  }
  return { keys: publicKey && privateKey ? { publicKey, privateKey } : null, subject };
}

/** `mailto:` + the address in a From header such as `Ops <ops@example.com>`. */
export function defaultVapidSubject(mailFrom: string | undefined): string {
  const fromHeader = (from: string) => `mailto:${/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from}`;
  const subject = fromHeader(mailFrom?.trim() || DEFAULT_MAIL_FROM);
  return isVapidSubject(subject) ? subject : fromHeader(DEFAULT_MAIL_FROM);
}

export interface LoadVapidKeysOptions {
  dataDir: string;
  settings: VapidSettings;
  /** Injectable for tests; web-push's generator by default. */
  generate?: () => { publicKey: string; privateKey: string };
  now?: () => Date;
}

/**
 * The keys to sign with: the configured pair, else the kept one, else a new pair written to the
 * data folder (atomically and durably) before it is used. A kept file that is unreadable or fails
 * validation throws a DataFolderError naming it and is left as it is: replacing it would silently
 * break every passenger's subscription.
 */
export async function loadVapidKeys(
  options: LoadVapidKeysOptions,
): Promise<{ keys: VapidKeys; source: VapidKeySource }> {
  const { settings } = options;
  if (settings.keys)
    return { keys: { ...settings.keys, subject: settings.subject }, source: 'settings' };
  const file = new DurableJsonFile(join(options.dataDir, VAPID_KEYS_FILE), vapidKeysFileSchema);
  const kept = await file.read();
  if (kept) {
    const { publicKey, privateKey } = kept;
    return { keys: { publicKey, privateKey, subject: settings.subject }, source: 'data folder' };
  }
  const { publicKey, privateKey } = (options.generate ?? webpush.generateVAPIDKeys)();
  const created = vapidKeysFileSchema.parse({
    publicKey,
    privateKey,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
  });
  await file.write(created);
  return { keys: { publicKey, privateKey, subject: settings.subject }, source: 'generated' };
}

function readSetting<T extends z.ZodType<string>>(
  env: Record<string, string | undefined>,
  name: string,
  schema: T,
): z.output<T> | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new NotificationConfigError(name, parsed.error.issues[0]?.message ?? 'is invalid');
  }
  return parsed.data;
}

/** An uncompressed point on P-256 in URL-safe base64 (a VAPID or `p256dh` key). */
export function isP256PublicKey(text: string): boolean {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    // Throws for a point that is not on the curve.
    ECDH.convertKey(bytes, 'prime256v1');
    return true;
  } catch {
    return false;
  }
}

function keysMatch(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, 'base64url'));
  } catch {
    return false; // zero, or not below the curve order
  }
}

function isVapidSubject(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.protocol === 'mailto:')
      return /^[^@\s/]+@[^@\s/]+$/.test(decodeURIComponent(url.pathname));
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}
