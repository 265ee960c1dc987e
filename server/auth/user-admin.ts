import { join } from 'node:path';
import { ROLES, type Role } from '../../core';
import { USERS_FILE } from '../store/data-folder';
import { editLocked } from '../store/locked-json-edit';
import { DurableJsonFile } from '../store/durable-json-file';
import { usersFileSchema, type UserRecord, type UserScope } from '../store/file-schemas';
import { hashPassword } from './passwords';
import { readEpochFloors } from './session-ledger';

/** A refusal to show the operator as it is. */
export class UserAdminError extends Error {
  override name = 'UserAdminError';
}

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserAdminError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new UserAdminError(`the password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}

export function parseRole(text: string | undefined): Role {
  if (!ROLES.includes(text as Role)) {
    throw new UserAdminError(`the role must be one of ${ROLES.join(', ')}`);
  }
  return text as Role;
}

/**
 * Where the users are that an edit changes: users.json of a data folder, or the database's
 * `users` table (postgres-user-table.ts). Both tell running hubs at once.
 */
export interface UserTable {
  read(): Promise<UserRecord[]>;
  /** Applies `edit` to the whole table, one editor at a time; the result is validated first. */
  edit(edit: (users: UserRecord[]) => Promise<UserRecord[]> | UserRecord[]): Promise<UserRecord[]>;
  /** The highest session epoch ever seen for the user (a restored file may hold a lower one). */
  epochFloor(username: string): Promise<number>;
}

/** A data folder's path, or a table. */
export type UserTarget = string | UserTable;

/** users.json of a data folder as a UserTable. */
export function fileUserTable(dataDir: string): UserTable {
  return {
    read: () => readUsers(dataDir),
    edit: (edit) => editUsers(dataDir, edit),
    epochFloor: async (username) => (await readEpochFloors(dataDir)).get(username) ?? 0,
  };
}

function tableOf(target: UserTarget): UserTable {
  return typeof target === 'string' ? fileUserTable(target) : target;
}

/** Checks an edited table as users.json would be checked; throws a UserAdminError. */
export function checkUsers(users: UserRecord[]): UserRecord[] {
  const parsed = usersFileSchema.safeParse({ users });
  if (!parsed.success) throw new UserAdminError('the change would make the users invalid');
  return parsed.data.users;
}

/**
 * Changes users.json of a data folder: one editor at a time (a lock file next to it), the file
 * validated before and after, written atomically (temp file, fsync, rename). A running hub
 * watches the file and applies the change at once.
 */
export async function editUsers(
  dataDir: string,
  edit: (users: UserRecord[]) => Promise<UserRecord[]> | UserRecord[],
): Promise<UserRecord[]> {
  const file = new DurableJsonFile(join(dataDir, USERS_FILE), usersFileSchema, { pretty: true });
  const saved = await editLocked(
    file,
    async (current) => {
      const users = await edit(current.users.map((user) => ({ ...user })));
      const parsed = usersFileSchema.safeParse({ users });
      if (!parsed.success) throw new UserAdminError('the change would make users.json invalid');
      return parsed.data;
    },
    { what: 'users' },
  );
  return saved.users;
}

export async function readUsers(dataDir: string): Promise<UserRecord[]> {
  const file = await new DurableJsonFile(join(dataDir, USERS_FILE), usersFileSchema).read();
  if (!file) throw new UserAdminError(`${join(dataDir, USERS_FILE)} does not exist`);
  return file.users;
}

function find(users: UserRecord[], username: string): UserRecord {
  const user = users.find((candidate) => candidate.username === username);
  if (!user) throw new UserAdminError(`there is no user "${username}"`);
  return user;
}

/**
 * Ends every session of the user: tokens carry the epoch they were issued in. Above the highest
 * epoch the hub has seen, too, in case users.json was restored from an older backup.
 */
async function endSessions(table: UserTable, user: UserRecord): Promise<void> {
  const floor = await table.epochFloor(user.username);
  user.sessionEpoch = Math.max(user.sessionEpoch ?? 0, floor) + 1;
}

export function addUser(
  target: UserTarget,
  input: { username: string; role: Role; password: string; scope?: UserScope },
) {
  if (!USERNAME_PATTERN.test(input.username)) {
    throw new UserAdminError('a username is 1–64 letters, digits, dots, hyphens or underscores');
  }
  checkNewPassword(input.password);
  return tableOf(target).edit(async (users) => {
    if (users.some((user) => user.username === input.username)) {
      throw new UserAdminError(`the user "${input.username}" exists already`);
    }
    const record: UserRecord = {
      username: input.username,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      ...(input.scope ? { scope: input.scope } : {}),
    };
    return [...users, record];
  });
}

export function setPassword(target: UserTarget, username: string, password: string) {
  checkNewPassword(password);
  const table = tableOf(target);
  return table.edit(async (users) => {
    const user = find(users, username);
    user.passwordHash = await hashPassword(password);
    await endSessions(table, user);
    return users;
  });
}

export function setDisabled(target: UserTarget, username: string, disabled: boolean) {
  const table = tableOf(target);
  return table.edit(async (users) => {
    const user = find(users, username);
    if (disabled) {
      user.disabled = true;
      await endSessions(table, user);
    } else {
      delete user.disabled;
    }
    return users;
  });
}

/** Role and scope are read on every request, so open sessions follow without ending. */
export function setRoleAndScope(
  target: UserTarget,
  username: string,
  change: { role?: Role; scope?: UserScope | null },
) {
  return tableOf(target).edit((users) => {
    const user = find(users, username);
    if (change.role) user.role = change.role;
    if (change.scope === null) delete user.scope;
    else if (change.scope) user.scope = change.scope;
    return users;
  });
}
