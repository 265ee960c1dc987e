import type { Request } from 'express';
import { can, type Permission } from '../../core';
import type { Principal, Sessions } from '../auth/sessions';
import { HubError } from '../hub-error';

/** The `Authorization: Bearer …` token of a request, or null. */
export function bearerToken(req: Request): string | null {
  return /^Bearer (\S{1,4096})$/.exec(req.get('authorization') ?? '')?.[1] ?? null;
}

/** The signed-in user of a request (UNAUTHORIZED without a valid session token). */
export async function authenticate(req: Request, sessions: Sessions): Promise<Principal> {
  const token = bearerToken(req);
  const user = token ? await sessions.verify(token) : null;
  if (!user) throw new HubError('UNAUTHORIZED', 'a valid session token is required');
  return user;
}

/** The signed-in user, who must have `permission` (FORBIDDEN otherwise, naming the role). */
export async function authorize(
  req: Request,
  sessions: Sessions,
  permission: Permission,
  doing: string,
): Promise<Principal> {
  const user = await authenticate(req, sessions);
  if (!can(user.role, permission))
    throw new HubError('FORBIDDEN', `role ${user.role} may not ${doing}`);
  return user;
}
