import path from 'node:path';
import os from 'node:os';

/**
 * Where Jetbridge keeps per-user data when nothing else is configured. Plain Node (no Electron),
 * so the hub's own entry point (server/main.ts), the `npm start` launcher and tests share one
 * default: `JETBRIDGE_DATA_DIR` wins, otherwise the platform's conventional per-user data folder.
 */
export interface UserDataDirContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

function currentContext(): UserDataDirContext {
  return { platform: process.platform, env: process.env, homedir: os.homedir() };
}

/** The per-user data folder for this platform, without looking at JETBRIDGE_DATA_DIR. */
export function defaultUserDataDir(context: UserDataDirContext = currentContext()): string {
  const { platform, env, homedir } = context;
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Jetbridge');
  }
  if (platform === 'darwin') {
    return path.posix.join(homedir, 'Library', 'Application Support', 'Jetbridge');
  }
  // Linux and other Unixes follow the XDG base directory convention.
  const dataHome =
    env.XDG_DATA_HOME && path.posix.isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : path.posix.join(homedir, '.local', 'share');
  return path.posix.join(dataHome, 'jetbridge');
}

/** The hub's data folder: JETBRIDGE_DATA_DIR if set, else the per-user default. */
export function resolveHubDataDir(context: UserDataDirContext = currentContext()): string {
  const configured = context.env.JETBRIDGE_DATA_DIR?.trim();
  if (configured) return path.resolve(configured);
  return defaultUserDataDir(context);
}
