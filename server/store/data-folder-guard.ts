import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFolderError } from './data-folder-error';

/**
 * The data folder holds personal data (manifests, phone numbers, message bodies) and secrets
 * (the token key, password hashes). It must be the hub's alone: 0700, or the hub refuses it.
 * Files are created 0600; files left more open by an older version are tightened at start.
 */
export async function assertPrivateFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return; // NTFS ACLs, not mode bits, guard it there
  const { mode } = await stat(folder);
  if ((mode & 0o077) !== 0) {
    throw new DataFolderError(
      folder,
      `can be read by other users of this machine (mode ${(mode & 0o777).toString(8)}); ` +
        `it holds passengers' personal data and the hub's secrets: run \`chmod 700 ${folder}\` and start again`,
    );
  }
}

/** Takes group and other access away from every file in the folder and its sub-folders. */
export async function tightenFileModes(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      await chmod(path, 0o700);
      await tightenFileModes(path);
    } else if (entry.isFile()) {
      const { mode } = await stat(path);
      if ((mode & 0o077) !== 0) await chmod(path, mode & 0o700);
    }
  }
}

/**
 * Remembers which folders the hub opened (device and inode), so a write can be checked to have
 * gone to them: a folder deleted (`rm -rf`) or swapped for another under a running hub would
 * otherwise take writes into unlinked files, acknowledged and lost.
 */
export class FolderIdentity {
  private constructor(private readonly folders: { path: string; dev: number; ino: number }[]) {}

  static async of(paths: readonly string[]): Promise<FolderIdentity> {
    const folders = await Promise.all(
      paths.map(async (path) => {
        const { dev, ino } = await stat(path);
        return { path, dev, ino };
      }),
    );
    return new FolderIdentity(folders);
  }

  /** Why the folders are not the ones opened any more, or null. */
  async problem(): Promise<string | null> {
    for (const folder of this.folders) {
      const now = await stat(folder.path).catch(() => null);
      if (!now) return `the data folder ${folder.path} was deleted while the hub was running`;
      if (now.dev !== folder.dev || now.ino !== folder.ino) {
        return `the data folder ${folder.path} was replaced by another folder while the hub was running`;
      }
    }
    return null;
  }
}
