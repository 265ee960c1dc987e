import { randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { LoginResponse, SessionUser } from '../../core';
import type { UserRecord, UserScope } from '../store/file-schemas';
import { checkPassword } from './passwords';
import type { EndedSessions } from './session-ledger';

/** A shift. `JETBRIDGE_SESSION_HOURS` changes it. */
export const SESSION_HOURS = 12;

/** Which session a request or socket runs under: enough to check it again at any time. */
export interface SessionTicket {
  username: string;
  /** The user's session epoch when the token was issued. */
  epoch: number;
  jti: string;
  /** Issue time, milliseconds since the epoch (`ims`; `iat` in seconds for older tokens). */
  issuedAt: number;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

/** Who is calling: the user as the hub knows it now, and the session it came with. */
export interface Principal extends SessionUser {
  scope?: UserScope;
  ticket: SessionTicket;
}

/** What the sessions need to know about users (the live users table). */
export interface UserLookup {
  get(username: string): UserRecord | undefined;
}

export interface Sessions {
  /** A token for the right password of an enabled user; null otherwise. */
  login(username: string, password: string): Promise<LoginResponse | null>;
  /** The user a token belongs to; null when missing, expired, forged, revoked or the user is gone or disabled. */
  verify(token: unknown): Promise<Principal | null>;
  /**
   * Checks a session again, now: the user as it is in the table, or null when the session has
   * ended (expired, logged out, user disabled or removed, password changed).
   */
  recheck(ticket: SessionTicket): Principal | null;
  /** Ends the session of a valid token; false when the token was not valid. */
  logout(token: unknown): Promise<boolean>;
  /** Called after a logout, with the token id that ended. */
  onLogout(listener: (jti: string) => void): void;
}

const MAX_TOKEN_LENGTH = 4096;

/**
 * Session tokens: HS256 JWTs for `hours` (a shift), subject = username, with the user's session
 * epoch (`ep`) and a token id (`jti`). Role and scope are read from the users table on every
 * check, so a change applies to existing sessions; raising the epoch ends them.
 */
export function createSessions(options: {
  secret: string;
  users: UserLookup;
  /** Ended sessions: logged-out tokens, highest epochs, the key's start (session-ledger.ts). */
  ledger: EndedSessions;
  /**
   * Brings the user (and the token id, when given) up to date before a sign-in or a check: the
   * database's table, which other hubs and the CLI change; the file's is current already.
   */
  refresh?: (username: string, jti?: string) => Promise<void>;
  now: () => Date;
  hours?: number;
}): Sessions {
  const key = new TextEncoder().encode(options.secret);
  const lifetimeSeconds = Math.round((options.hours ?? SESSION_HOURS) * 3600);
  const logoutListeners = new Set<(jti: string) => void>();

  const recheck = (ticket: SessionTicket): Principal | null => {
    const user = options.users.get(ticket.username);
    if (!user || user.disabled) return null;
    if (options.ledger.epochOf(user) !== ticket.epoch) return null;
    if (ticket.expiresAt <= options.now().getTime()) return null;
    if (ticket.issuedAt < options.ledger.validFrom) return null;
    if (options.ledger.has(ticket.jti)) return null;
    return {
      username: user.username,
      role: user.role,
      ...(user.scope ? { scope: user.scope } : {}),
      ticket,
    };
  };

  const readTicket = async (token: unknown): Promise<SessionTicket | null> => {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        currentDate: options.now(),
        requiredClaims: ['sub', 'exp', 'jti', 'iat'],
      });
      const epoch = payload.ep;
      if (typeof epoch !== 'number' || !Number.isInteger(epoch)) return null;
      return {
        username: payload.sub!,
        epoch,
        jti: payload.jti!,
        // Without `ims` (tokens of earlier versions) only the second is known: take its end.
        issuedAt: typeof payload.ims === 'number' ? payload.ims : payload.iat! * 1000 + 999,
        expiresAt: payload.exp! * 1000,
      };
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  };

  return {
    async login(username, password) {
      await options.refresh?.(username);
      const user = options.users.get(username);
      const ok = await checkPassword(user?.passwordHash ?? null, password);
      if (!ok || !user || user.disabled) return null;
      const issuedAtMs = options.now().getTime();
      const issuedAt = Math.floor(issuedAtMs / 1000);
      // `ims`: the issue time to the millisecond, so a token signed just after a start that
      // ended every earlier session is told apart from one signed just before it.
      const token = await new SignJWT({
        role: user.role,
        ep: options.ledger.epochOf(user),
        ims: issuedAtMs,
      })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.username)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + lifetimeSeconds)
        .sign(key);
      return { token, user: { username: user.username, role: user.role } };
    },

    async verify(token) {
      const ticket = await readTicket(token);
      if (!ticket) return null;
      await options.refresh?.(ticket.username, ticket.jti);
      return recheck(ticket);
    },

    recheck,

    async logout(token) {
      const ticket = await readTicket(token);
      if (!ticket) return false;
      await options.refresh?.(ticket.username, ticket.jti);
      if (!recheck(ticket)) return false;
      const nowSeconds = Math.floor(options.now().getTime() / 1000);
      await options.ledger.revoke(ticket.jti, Math.ceil(ticket.expiresAt / 1000), nowSeconds);
      for (const listener of logoutListeners) listener(ticket.jti);
      return true;
    },

    onLogout(listener) {
      logoutListeners.add(listener);
    },
  };
}
