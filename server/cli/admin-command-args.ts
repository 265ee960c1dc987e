import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * The shape every data-folder command shares (`users`, `keys`, `displays`): `<command> [name]`
 * with options, `--help`, and `list` the only command without a name. Prints the usage and gives
 * the exit code when the arguments are not a command to run.
 */
export function parseAdminCommand<T extends Options>(
  argv: string[],
  io: { out(text: string): void; err(text: string): void },
  usage: string,
  options: T,
) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true as const,
      strict: true as const,
      options: { ...options, ...HELP } as T & typeof HELP,
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}`);
    return { exitCode: 2 } as const;
  }
  const { values, positionals } = parsed;
  const [command, name, ...extra] = positionals;
  const help = (values as { help?: boolean }).help === true;
  if (help || !command) {
    io.out(usage);
    return { exitCode: help ? 0 : 2 } as const;
  }
  if (extra.length > 0 || (command !== 'list' && !name)) {
    io.err(usage);
    return { exitCode: 2 } as const;
  }
  return { exitCode: null, values, command, name: name ?? '' } as const;
}
