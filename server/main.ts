import pino from 'pino';
import { AirportSettingError } from './airport';
import { ConfigError, loadSettings } from './config';
import { startHub, type Hub } from './hub';
import { readTrustedPushCa } from './notifications/push-service-trust';
import { NotificationConfigError } from './notifications/notification-config';
import { DataFolderError } from './store/data-folder-error';
import { readTlsFiles } from './tls';

/** `npm run hub`: the hub as a process, configured from the environment. */
const logger = pino();

async function main(): Promise<void> {
  // `npm run hub -- users ...`: user management on the data folder, not a hub.
  const command = process.argv[2];
  if (command === 'users') {
    const { defaultUsersCommandIo, runUsersCommand } = await import('./cli/users-command');
    process.exitCode = await runUsersCommand(process.argv.slice(3), defaultUsersCommandIo());
    return;
  }
  // `npm run hub -- keys ...`: the feed's API keys (contract section 8).
  if (command === 'keys') {
    const { runKeysCommand } = await import('./cli/keys-command');
    const { defaultUsersCommandIo } = await import('./cli/users-command');
    process.exitCode = await runKeysCommand(process.argv.slice(3), defaultUsersCommandIo());
    return;
  }
  // `npm run hub -- displays ...`: public screens' URLs (contract section 12).
  if (command === 'displays') {
    const { runDisplaysCommand } = await import('./cli/displays-command');
    const { defaultUsersCommandIo } = await import('./cli/users-command');
    process.exitCode = await runDisplaysCommand(process.argv.slice(3), defaultUsersCommandIo());
    return;
  }
  // `npm run hub -- migrate-to-postgres`: a data folder moved into an empty database.
  if (command === 'migrate-to-postgres') {
    const { runMigrateToPostgres } = await import('./cli/migrate-to-postgres');
    const { defaultUsersCommandIo } = await import('./cli/users-command');
    process.exitCode = await runMigrateToPostgres(process.argv.slice(3), defaultUsersCommandIo());
    return;
  }
  // `npm run hub -- schedule import <file>`: through a running hub's API, with progress.
  if (command === 'schedule') {
    const { runScheduleCommand } = await import('./cli/schedule-command');
    process.exitCode = await runScheduleCommand(process.argv.slice(3));
    return;
  }
  const { tlsFiles, passengers, ...settings } = loadSettings();
  logger.info(
    { dataDir: settings.dataDir, demo: settings.demo },
    `data folder ${settings.dataDir}`,
  );
  const tls = tlsFiles ? await readTlsFiles(tlsFiles) : undefined;
  const trustedPushCa = await readTrustedPushCa();
  const hub = await startHub({
    ...settings,
    tls,
    logger,
    passengers: { settings: passengers, trustedPushCa },
  });
  logger.info({ url: hub.url }, `listening on ${hub.url}`);
  stopOnSignals(hub);
}

function stopOnSignals(hub: Hub): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // The log is written asynchronously: its last lines ("hub stopped") reach stdout before exit.
    const exit = (code: number) => logger.flush(() => process.exit(code));
    hub.close().then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof DataFolderError ||
    error instanceof AirportSettingError ||
    error instanceof NotificationConfigError
  ) {
    logger.fatal(`cannot start: ${error.message}`);
  } else {
    logger.fatal({ err: error }, 'cannot start');
  }
  // Also on stderr in plain words, for whoever runs the hub by hand.
  console.error(`jetbridge hub: cannot start: ${(error as Error).message}`);
  process.exitCode = 1;
});
