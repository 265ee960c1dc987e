/**
 * `npm start`: runs the hub (demo data) in this process and opens the Electron console on it.
 * Where Electron cannot run (no binary, no display), the hub keeps serving the web console.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startHub } from '../server/hub';
import {
  EARLY_EXIT_MS,
  decideAfterElectron,
  fallbackMessage,
  locateElectronBinary,
  type ElectronOutcome,
} from './electron-launch';
import {
  DEFAULT_HUB_HOST,
  consoleUrlFor,
  preferredHubPort,
  startHubPreferringPort,
} from './hub-start';
import { resolveHubDataDir } from './user-data-dir';
import { ensureDemoFeedKey } from '../server/demo/demo-feed-key';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronPackageDir = path.dirname(createRequire(import.meta.url).resolve('electron'));

/** Runs Electron; resolves with how it ended, or how it failed to start. */
function runElectron(
  binary: string,
  hubUrl: string,
  onChild: (child: ChildProcess) => void,
): Promise<ElectronOutcome> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, JETBRIDGE_HUB_URL: hubUrl };
    delete env.ELECTRON_RUN_AS_NODE;
    const startedAt = Date.now();
    const child = spawn(binary, [repoDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    onChild(child);

    // Hold Electron's output back until it has clearly started, so a failed start reads as the
    // one fallback line rather than a page of Chromium logs.
    let held: { stream: NodeJS.WriteStream; chunk: Buffer }[] | null = [];
    let stderr = '';
    const relay = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      if (held) {
        held.push({ stream, chunk });
        if (stream === process.stderr) stderr += chunk.toString('utf8');
      } else {
        stream.write(chunk);
      }
    };
    child.stdout?.on('data', relay(process.stdout));
    child.stderr?.on('data', relay(process.stderr));
    const release = setTimeout(() => {
      for (const { stream, chunk } of held ?? []) stream.write(chunk);
      held = null;
    }, EARLY_EXIT_MS);

    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(release);
      resolve({ kind: 'spawn-error', error: { code: error.code, message: error.message } });
    });
    child.once('close', (code, signal) => {
      clearTimeout(release);
      resolve({ kind: 'exit', code, signal, uptimeMs: Date.now() - startedAt, stderr });
    });
  });
}

async function main(): Promise<void> {
  const dataDir = resolveHubDataDir();
  const host = process.env.JETBRIDGE_HOST?.trim() || DEFAULT_HUB_HOST;
  const hub = await startHubPreferringPort(startHub, {
    host,
    port: preferredHubPort(process.env),
    dataDir,
    demo: true,
    webRoot: path.join(repoDir, 'out', 'renderer'),
    // A person reads this terminal: only warnings and errors, unless asked for more.
    logger: pino({ level: process.env.JETBRIDGE_LOG_LEVEL?.trim() || 'warn' }),
  });
  const consoleUrl = consoleUrlFor(host, hub.port);
  console.log(`Jetbridge data folder: ${dataDir}`);
  console.log(`Jetbridge console: ${consoleUrl}`);
  // The demo hub has a feed key of its own, so live traffic needs one command and no set-up.
  try {
    await ensureDemoFeedKey(dataDir);
    console.log('Live traffic on the map: npm run feed:demo (in another terminal)');
  } catch (error) {
    console.error(`Jetbridge: no demo feed key (${String(error)}); see scripts/feed/README.md`);
  }

  let electron: ChildProcess | null = null;
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    if (electron && electron.exitCode === null && electron.signalCode === null) electron.kill();
    try {
      await hub.close();
    } catch (error) {
      console.error(`Jetbridge: the hub did not close cleanly: ${String(error)}`);
      exitCode = exitCode || 1;
    }
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second Ctrl-C does not wait
      void stop(0);
    });
  }

  const binary = locateElectronBinary(electronPackageDir, process.env);
  const outcome: ElectronOutcome = binary.found
    ? // The loopback address, not hub.url: a hub bound to 0.0.0.0 answers only under its names.
      await runElectron(binary.path, consoleUrl, (child) => (electron = child))
    : { kind: 'unavailable', reason: binary.reason };
  if (stopping) return;

  const decision = decideAfterElectron(outcome);
  if (decision.action === 'stop') {
    await stop(decision.exitCode);
    return;
  }
  console.log(fallbackMessage(decision.reason, consoleUrl));
  // The hub's server keeps the event loop alive until SIGINT/SIGTERM.
}

main().catch((error: unknown) => {
  console.error(
    `Jetbridge could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
