import { join } from 'node:path';
import type { Logger } from 'pino';
import { USERS_FILE } from '../store/data-folder';
import type { UserRecord } from '../store/file-schemas';
import { LoginThrottle, type LoginThrottleOptions, type SignInThrottle } from './login-throttle';
import { PostgresAuth } from './postgres-auth';
import { SessionLedger, type EndedSessions } from './session-ledger';
import { FileUserDirectory, type UserDirectory } from './user-directory';

/** Who may sign in, which sessions have ended, and the sign-in throttle: what sessions need. */
export interface HubAuth {
  users: UserDirectory;
  ledger: EndedSessions;
  throttle: SignInThrottle;
  /** Reads a user (and a token id) from the shared source before a check; absent for files. */
  refresh?: (username: string, jti?: string) => Promise<void>;
  close(): Promise<void>;
}

export interface HubAuthOptions {
  dataDir: string;
  /** `JETBRIDGE_DATABASE_URL`: users, ended sessions and the throttle shared by every hub. */
  databaseUrl?: string;
  secret: string;
  /** users.json of the data folder (used without a database). */
  users: readonly UserRecord[];
  /** Users of a data folder created just now: they fill a database without users, once. */
  seedUsers: readonly UserRecord[] | null;
  throttle?: LoginThrottleOptions;
  logger: Logger;
  now: () => Date;
}

/**
 * The hub's users and sessions: in the data folder (users.json, revoked-sessions.json, a
 * throttle in this process), or in PostgreSQL (postgres-auth.ts) when the hub shares a database.
 */
export async function openHubAuth(options: HubAuthOptions): Promise<HubAuth> {
  const { logger, now } = options;
  const throttleOptions = { now: () => now().getTime(), ...options.throttle };
  if (options.databaseUrl) {
    const auth = await PostgresAuth.open({
      url: options.databaseUrl,
      secret: options.secret,
      logger,
      now,
      seedUsers: options.seedUsers,
      throttle: throttleOptions,
    });
    logger.info('users and ended sessions are in the database (users.json is not read)');
    return {
      users: auth,
      ledger: auth,
      throttle: auth.throttle,
      refresh: (username, jti) => auth.refresh(username, jti),
      close: () => auth.end(),
    };
  }
  const users = new FileUserDirectory(options.users, join(options.dataDir, USERS_FILE), logger);
  const ledger = await SessionLedger.open(options.dataDir, { secret: options.secret, now, logger });
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  await ledger.noteEpochs(users.list(), nowSeconds());
  users.onChange(() => {
    ledger.noteEpochs(users.list(), nowSeconds()).catch((error: unknown) => {
      logger.error({ err: error }, 'recording session epochs failed');
    });
  });
  return {
    users,
    ledger,
    throttle: new LoginThrottle(throttleOptions),
    close: () => ledger.flush(),
  };
}
