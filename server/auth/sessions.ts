import { SignJWT, errors, jwtVerify } from 'jose';
import type { LoginResponse, SessionUser } from '../../core';
import type { UserRecord, UserScope } from '../store/file-schemas';
import { checkPassword } from './passwords';

export const SESSION_HOURS = 12;

/** Who is calling: the user as the hub knows it now, plus the workstation they named. */
export interface Principal extends SessionUser {
  scope?: UserScope;
}

export interface Sessions {
  login(username: string, password: string): Promise<LoginResponse | null>;
  /** The user a token belongs to; null when missing, expired, forged or the user is gone. */
  verify(token: unknown): Promise<Principal | null>;
}

/** Session tokens: HS256 JWTs, 12 h, subject = username. Role and scope are read from the users table on every check, so a change applies to existing sessions. */
export function createSessions(options: {
  secret: string;
  users: UserRecord[];
  now: () => Date;
}): Sessions {
  const key = new TextEncoder().encode(options.secret);
  const users = new Map(options.users.map((user) => [user.username, user]));
  const principal = (user: UserRecord): Principal => ({
    username: user.username,
    role: user.role,
    ...(user.scope ? { scope: user.scope } : {}),
  });

  return {
    async login(username, password) {
      const user = users.get(username);
      if (!(await checkPassword(user?.passwordHash ?? null, password)) || !user) return null;
      const issuedAt = Math.floor(options.now().getTime() / 1000);
      const token = await new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.username)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + SESSION_HOURS * 3600)
        .sign(key);
      return { token, user: { username: user.username, role: user.role } };
    },

    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          currentDate: options.now(),
          requiredClaims: ['sub', 'exp'],
        });
        const user = users.get(payload.sub ?? '');
        return user ? principal(user) : null;
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}
