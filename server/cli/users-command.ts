import { loadSettings } from '../config';
import { parseAdminCommand } from './admin-command-args';
import {
  UserAdminError,
  addUser,
  parseRole,
  fileUserTable,
  setDisabled,
  setPassword,
  setRoleAndScope,
  type UserTable,
} from '../auth/user-admin';
import { PostgresUserTable } from '../auth/postgres-user-table';
import type { UserScope } from '../store/file-schemas';
import { readHiddenLine } from './hidden-prompt';

export const USERS_USAGE = `Usage: npm run hub -- users <command>

  list
  add <username> --role viewer|agent|supervisor [--airlines 6E,AI] [--gates 42A,42B]
  passwd <username>            new password; ends the user's sessions
  disable <username>           no more sign-ins; ends the user's sessions
  enable <username>
  scope <username> [--role R] [--airlines A,B] [--gates G1,G2] [--clear]

The users are in JETBRIDGE_DATABASE_URL's database when it is set (several hubs),
else in the data folder JETBRIDGE_DATA_DIR (or --data-dir). Passwords are read from
JETBRIDGE_USER_PASSWORD or asked for without echo; never from the command line.
A running hub applies every change at once.`;

export interface UsersCommandIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Asks for a line without echo; null when there is no terminal to ask on. */
  readPassword(prompt: string): Promise<string | null>;
}

export function defaultUsersCommandIo(): UsersCommandIo {
  return {
    env: process.env,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readPassword: (prompt) =>
      process.stdin.isTTY
        ? readHiddenLine(prompt, process.stdin, process.stderr)
        : Promise.resolve(null),
  };
}

/** `npm run hub -- users ...`; resolves with the exit code. */
export async function runUsersCommand(argv: string[], io: UsersCommandIo): Promise<number> {
  if (argv.some((arg) => /^--?(password|pass|pw)(=|$)/i.test(arg))) {
    io.err(
      'Passwords are never taken from the command line (other users can read it). Set JETBRIDGE_USER_PASSWORD or type it when asked.',
    );
    return 2;
  }
  const parsed = parseAdminCommand(argv, io, USERS_USAGE, {
    role: { type: 'string' },
    airlines: { type: 'string' },
    gates: { type: 'string' },
    clear: { type: 'boolean' },
    'data-dir': { type: 'string' },
  });
  if (parsed.exitCode !== null) return parsed.exitCode;
  const { values, command, name: username } = parsed;
  let database: PostgresUserTable | null = null;
  try {
    const settings = loadSettings(io.env);
    let table: UserTable;
    if (settings.databaseUrl && !values['data-dir']) {
      database = await PostgresUserTable.open(settings.databaseUrl);
      table = database;
    } else {
      table = fileUserTable(values['data-dir'] ?? settings.dataDir);
    }
    const name = username ?? '';
    const scope = scopeFrom(values.airlines, values.gates);
    switch (command) {
      case 'list': {
        for (const user of await table.read()) {
          const scopeText = user.scope
            ? ` airlines=${user.scope.airlines?.join(',') ?? '*'} gates=${user.scope.gates?.join(',') ?? '*'}`
            : '';
          io.out(`${user.username}\t${user.role}${user.disabled ? '\tDISABLED' : ''}${scopeText}`);
        }
        return 0;
      }
      case 'add':
        await addUser(table, {
          username: name,
          role: parseRole(values.role),
          password: await newPassword(io, name),
          ...(scope ? { scope } : {}),
        });
        io.out(`added ${name} (${values.role})`);
        return 0;
      case 'passwd':
        await setPassword(table, name, await newPassword(io, name));
        io.out(`changed the password of ${name}; its sessions have ended`);
        return 0;
      case 'disable':
        await setDisabled(table, name, true);
        io.out(`disabled ${name}; its sessions have ended`);
        return 0;
      case 'enable':
        await setDisabled(table, name, false);
        io.out(`enabled ${name}`);
        return 0;
      case 'scope':
        if (!values.role && !scope && !values.clear) {
          throw new UserAdminError('give --role, --airlines, --gates or --clear');
        }
        await setRoleAndScope(table, name, {
          ...(values.role ? { role: parseRole(values.role) } : {}),
          ...(values.clear ? { scope: null } : scope ? { scope } : {}),
        });
        io.out(`updated ${name}`);
        return 0;
      default:
        io.err(`unknown users command "${command}"\n\n${USERS_USAGE}`);
        return 2;
    }
  } catch (error) {
    io.err(`users ${command}: ${(error as Error).message}`);
    return 1;
  } finally {
    await database?.close();
  }
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item.length > 0);
}

function scopeFrom(airlines: string | undefined, gates: string | undefined): UserScope | null {
  const scope: UserScope = {};
  const airlineList = list(airlines);
  const gateList = list(gates);
  if (airlineList) scope.airlines = airlineList;
  if (gateList) scope.gates = gateList;
  return airlineList || gateList ? scope : null;
}

async function newPassword(io: UsersCommandIo, username: string): Promise<string> {
  const fromEnv = io.env.JETBRIDGE_USER_PASSWORD;
  if (fromEnv) return fromEnv;
  const first = await io.readPassword(`New password for ${username}: `);
  if (first === null) {
    throw new UserAdminError('no terminal to ask for the password: set JETBRIDGE_USER_PASSWORD');
  }
  const second = await io.readPassword('Once more: ');
  if (first !== second) throw new UserAdminError('the two passwords differ');
  return first;
}
