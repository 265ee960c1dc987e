import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test-support/hub-harness';

/**
 * `npm run feed:demo` as an operator runs it, for the ways it has to stop on its own: each ends
 * with one line saying what is wrong and an exit code a supervisor (systemd, a shell) can act on.
 */
const REPO = join(import.meta.dirname, '..', '..');
let emptyFolder: string;

beforeAll(async () => {
  emptyFolder = await mkdtemp(join(tmpdir(), 'jetbridge-feed-demo-'));
});
afterAll(async () => {
  await rm(emptyFolder, { recursive: true, force: true });
});

function runFeedDemo(env: Record<string, string>): Promise<{ code: number; output: string }> {
  // No inherited key: each case sets exactly what it means to.
  const { JETBRIDGE_FEED_KEY: _unset, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'feed:demo'],
      {
        cwd: REPO,
        env: { ...inherited, JETBRIDGE_DATA_DIR: emptyFolder, ...env },
        timeout: 25_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

// Each case starts npm and tsx: seconds on a loaded machine.
describe('npm run feed:demo stops with a reason', { timeout: 60_000 }, () => {
  it('without a key and without the demo hub’s key file: exit 2, naming both ways out', async () => {
    const { code, output } = await runFeedDemo({});
    expect(code).toBe(2);
    expect(output).toContain(`JETBRIDGE_FEED_KEY is not set and the demo hub's key is not in`);
    expect(output).toContain(emptyFolder);
    expect(output).toContain('npm run hub -- keys add');
  });

  it('with a bad setting: exit 2, naming the setting', async () => {
    const { code, output } = await runFeedDemo({
      JETBRIDGE_FEED_KEY: 'jbk_anything',
      FEED_DEMO_INTERVAL_MS: '5',
    });
    expect(code).toBe(2);
    expect(output).toMatch(/FEED_DEMO_INTERVAL_MS.*must be at least 100 ms/);
  });

  describe('against a hub', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub();
    });
    afterAll(async () => {
      await hub?.close();
    });

    it('whose answer is that the key is not one of its keys: exit 1', async () => {
      const { code, output } = await runFeedDemo({
        JETBRIDGE_HUB_URL: hub.url,
        JETBRIDGE_FEED_KEY: 'jbk_not-a-key-this-hub-knows',
      });
      expect(code).toBe(1);
      expect(output).toContain('stopped: the hub refused this feed');
    });
  });
});
