import type { SafeStorage } from 'electron';

/**
 * "Remember me" for the desktop console: the session token, encrypted with the OS keychain
 * through Electron's safeStorage, in one file under userData. Refused outright when
 * safeStorage cannot encrypt (e.g. Linux without a keyring, where it would fall back to a
 * hard-coded key): then the token stays in memory only and the console does not offer it.
 */
export interface RememberedSessionDeps {
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;
  read(): Buffer | null;
  write(data: Buffer): void;
  remove(): void;
  log?(message: string): void;
}

export interface RememberedSession {
  available(): boolean;
  remember(token: unknown): void;
  recall(): string | null;
  forget(): void;
}

/** A session token as the hub issues it: a compact JWS. Anything else is not stored. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 4096;

export class SafeStorageUnavailableError extends Error {
  constructor() {
    super('the system keychain is not available: the session cannot be remembered');
    this.name = 'SafeStorageUnavailableError';
  }
}

export function createRememberedSession(deps: RememberedSessionDeps): RememberedSession {
  const log = deps.log ?? console.warn;
  const available = () => {
    try {
      return deps.safeStorage.isEncryptionAvailable();
    } catch {
      return false;
    }
  };
  return {
    available,
    remember(token) {
      if (
        typeof token !== 'string' ||
        token.length > MAX_TOKEN_LENGTH ||
        !TOKEN_PATTERN.test(token)
      ) {
        throw new TypeError('not a session token');
      }
      if (!available()) throw new SafeStorageUnavailableError();
      deps.write(deps.safeStorage.encryptString(token));
    },
    recall() {
      if (!available()) return null;
      const data = deps.read();
      if (!data) return null;
      try {
        const token = deps.safeStorage.decryptString(data);
        return TOKEN_PATTERN.test(token) && token.length <= MAX_TOKEN_LENGTH ? token : null;
      } catch (error) {
        // Another user's or another machine's keychain: useless here, so drop it.
        log(`Could not read the remembered session: ${String(error)}`);
        deps.remove();
        return null;
      }
    },
    forget() {
      deps.remove();
    },
  };
}
