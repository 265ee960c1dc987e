import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mounting needs root on Linux (CI runs as root); elsewhere the disk-full tests are skipped. */
export const canMountTmpfs = process.platform === 'linux' && process.getuid?.() === 0;

/** A small tmpfs of `sizeKb` mounted in a new temporary folder: a disk that really fills up. */
export async function mountTmpfs(
  sizeKb: number,
): Promise<{ path: string; unmount(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'jetbridge-tmpfs-'));
  await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', path]);
  return {
    path,
    async unmount() {
      await run('umount', ['-l', path]).catch(() => undefined);
      await rm(path, { recursive: true, force: true });
    },
  };
}

/** Fills the file system of `folder` until only about `leaveKb` are free; returns the filler. */
export async function fillDisk(folder: string, leaveKb: number): Promise<string> {
  const filler = join(folder, 'filler.bin');
  const handle = await open(filler, 'w');
  try {
    const chunk = Buffer.alloc(4096);
    for (;;) {
      const { bavail, bsize } = await statfs(folder);
      if (bavail * bsize <= leaveKb * 1024) break;
      await handle.write(chunk);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return filler;
}
