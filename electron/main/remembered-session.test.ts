import { describe, expect, it } from 'vitest';
import { createRememberedSession, SafeStorageUnavailableError } from './remembered-session';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudDEifQ.c2lnbmF0dXJl';

/** A fake keychain: "encrypts" by reversing and prefixing, so the file never holds the token. */
function setup(encryption = true) {
  let file: Buffer | null = null;
  const safeStorage = {
    isEncryptionAvailable: () => encryption,
    encryptString: (text: string) => Buffer.from(`enc:${[...text].reverse().join('')}`),
    decryptString: (data: Buffer) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('cannot decrypt');
      return [...text.slice(4)].reverse().join('');
    },
  };
  const session = createRememberedSession({
    safeStorage,
    read: () => file,
    write: (data) => void (file = data),
    remove: () => void (file = null),
    log: () => undefined,
  });
  return { session, file: () => file, setFile: (data: Buffer) => void (file = data) };
}

describe('remembered session', () => {
  it('stores the token encrypted by safeStorage and gives it back', () => {
    const { session, file } = setup();
    expect(session.available()).toBe(true);
    session.remember(TOKEN);
    expect(file()!.toString()).not.toContain(TOKEN);
    expect(session.recall()).toBe(TOKEN);
    session.forget();
    expect(file()).toBeNull();
    expect(session.recall()).toBeNull();
  });

  it('refuses to remember when safeStorage cannot encrypt, and recalls nothing', () => {
    const { session, file } = setup(false);
    expect(session.available()).toBe(false);
    expect(() => session.remember(TOKEN)).toThrow(SafeStorageUnavailableError);
    expect(file()).toBeNull();
    expect(session.recall()).toBeNull();
  });

  it('stores only what looks like a session token', () => {
    const { session, file } = setup();
    for (const bad of [42, null, '', 'not a token', `${TOKEN}.extra`, 'a.b.'.repeat(2000)]) {
      expect(() => session.remember(bad)).toThrow(TypeError);
    }
    expect(file()).toBeNull();
  });

  it('drops a file it cannot decrypt', () => {
    const { session, setFile, file } = setup();
    setFile(Buffer.from('garbage'));
    expect(session.recall()).toBeNull();
    expect(file()).toBeNull();
  });
});
