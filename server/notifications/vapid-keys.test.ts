import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webpush from 'web-push';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderError } from '../store/data-folder-error';
import {
  defaultVapidSubject,
  loadVapidKeys,
  readVapidSettings,
  VAPID_KEYS_FILE,
  type VapidSettings,
} from './vapid-keys';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-vapid-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const pair = webpush.generateVAPIDKeys();
const other = webpush.generateVAPIDKeys();
const kept: VapidSettings = { keys: null, subject: 'mailto:ops@example.com' };

describe('readVapidSettings', () => {
  it('has no keys and a mailto: subject by default', () => {
    expect(readVapidSettings({})).toEqual({
      keys: null,
      subject: 'mailto:no-reply@jetbridge.invalid',
    });
    expect(readVapidSettings({ VAPID_PUBLIC_KEY: ' ', VAPID_PRIVATE_KEY: '' }).keys).toBeNull();
  });

  it('takes the configured pair and subject', () => {
    expect(
      readVapidSettings({
        VAPID_PUBLIC_KEY: pair.publicKey,
        VAPID_PRIVATE_KEY: pair.privateKey,
        VAPID_SUBJECT: 'https://ops.example.com/contact',
      }),
    ).toEqual({ keys: pair, subject: 'https://ops.example.com/contact' });
  });

  it('derives the subject from MAIL_FROM', () => {
    expect(readVapidSettings({ MAIL_FROM: 'Ops <ops@airport.example>' }).subject).toBe(
      'mailto:ops@airport.example',
    );
    expect(defaultVapidSubject('ops@airport.example')).toBe('mailto:ops@airport.example');
    expect(defaultVapidSubject('Jetbridge Ops')).toBe('mailto:no-reply@jetbridge.invalid');
  });

  it('refuses one key without the other, naming the missing variable', () => {
    expect(() => readVapidSettings({ VAPID_PUBLIC_KEY: pair.publicKey })).toThrow(
      'VAPID_PRIVATE_KEY: is required when VAPID_PUBLIC_KEY is set',
    );
    expect(() => readVapidSettings({ VAPID_PRIVATE_KEY: pair.privateKey })).toThrow(
      'VAPID_PUBLIC_KEY: is required when VAPID_PRIVATE_KEY is set',
    );
  });

  it('refuses malformed keys, a mismatched pair and a bad subject by name', () => {
    expect(() =>
      readVapidSettings({ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: pair.privateKey }),
    ).toThrow(/^VAPID_PUBLIC_KEY: must be an uncompressed P-256 public key/);
    // 65 bytes that are not a point on the curve.
    const offCurve = Buffer.alloc(65, 7);
    offCurve[0] = 4;
    expect(() =>
      readVapidSettings({
        VAPID_PUBLIC_KEY: offCurve.toString('base64url'),
        VAPID_PRIVATE_KEY: pair.privateKey,
      }),
    ).toThrow(/^VAPID_PUBLIC_KEY: /);
    expect(() =>
      readVapidSettings({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: 'a+b/c=' }),
    ).toThrow(/^VAPID_PRIVATE_KEY: must be URL-safe base64/);
    expect(() =>
      readVapidSettings({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: other.privateKey }),
    ).toThrow('VAPID_PRIVATE_KEY: does not belong to VAPID_PUBLIC_KEY');
    for (const subject of ['http://ops.example.com', 'ops@example.com', 'mailto:nobody']) {
      expect(() => readVapidSettings({ VAPID_SUBJECT: subject })).toThrow(/^VAPID_SUBJECT: /);
    }
  });
});

describe('loadVapidKeys', () => {
  it('generates a pair once, keeps it (0600) and uses it after a restart', async () => {
    const first = await loadVapidKeys({ dataDir, settings: kept });
    expect(first.source).toBe('generated');
    expect(first.keys.subject).toBe('mailto:ops@example.com');
    const file = join(dataDir, VAPID_KEYS_FILE);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      publicKey: first.keys.publicKey,
      privateKey: first.keys.privateKey,
    });

    const again = await loadVapidKeys({ dataDir, settings: kept });
    expect(again).toEqual({ keys: first.keys, source: 'data folder' });
    // The pair works with web-push: it signs a request for a browser subscription.
    const details = webpush.generateRequestDetails(
      {
        endpoint: 'https://push.example.net/push/1',
        keys: { p256dh: other.publicKey, auth: 'AAAAAAAAAAAAAAAAAAAAAA' },
      },
      'hello',
      { vapidDetails: again.keys },
    );
    expect(details.headers.Authorization).toMatch(/^vapid t=.+, k=/);
  });

  it('prefers the configured pair and writes nothing', async () => {
    const loaded = await loadVapidKeys({
      dataDir,
      settings: { keys: pair, subject: 'mailto:ops@example.com' },
    });
    expect(loaded).toEqual({
      keys: { ...pair, subject: 'mailto:ops@example.com' },
      source: 'settings',
    });
    await expect(stat(join(dataDir, VAPID_KEYS_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a broken kept file, naming it, and leaves it as it is', async () => {
    const file = join(dataDir, VAPID_KEYS_FILE);
    const cases: Array<[string, RegExp]> = [
      ['{"publicKey":', /is not valid JSON/],
      [
        JSON.stringify({ publicKey: pair.publicKey, createdAt: new Date().toISOString() }),
        /privateKey/,
      ],
      [
        JSON.stringify({
          ...pair,
          privateKey: other.privateKey,
          createdAt: new Date().toISOString(),
        }),
        /privateKey: does not belong to publicKey/,
      ],
    ];
    for (const [text, problem] of cases) {
      await writeFile(file, text);
      const error = await loadVapidKeys({ dataDir, settings: kept }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataFolderError);
      expect((error as DataFolderError).file).toBe(file);
      expect((error as Error).message).toMatch(problem);
      expect(await readFile(file, 'utf8')).toBe(text);
    }
  });
});
