import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnEngine, stopEngine, type EngineProcess } from './child-processes';

export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:PORT` */
  url: string;
  /** Kills the server (SIGKILL: nothing kept, as after a crash) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Kills it without starting it again (`start` brings it back). */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real redis-server in a temporary folder, on a free port of 127.0.0.1, without persistence
 * (`--save '' --appendonly no`: a restart comes back empty). Killed when the test process exits.
 */
export async function startRedis(): Promise<RedisServer> {
  const folder = await mkdtemp(join(tmpdir(), 'jetbridge-redis-'));
  let port = 0;
  let engine: EngineProcess | null = null;

  const launch = () =>
    spawnEngine(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        folder,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { ready: /Ready to accept connections/, exitSignal: 'SIGKILL' },
    );

  for (let attempt = 0; !engine; attempt += 1) {
    port = await freePort();
    try {
      engine = await launch();
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/i.test(String(error))) {
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      if (engine) await stopEngine(engine, 'SIGKILL');
      engine = null;
    },
    async start() {
      if (engine) return;
      // The port was just freed; wait for the kernel to let it go if it needs to.
      for (let attempt = 0; ; attempt += 1) {
        try {
          engine = await launch();
          return;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    async restart() {
      await server.kill();
      await server.start();
    },
    async stop() {
      if (engine) await stopEngine(engine, 'SIGTERM');
      engine = null;
      await rm(folder, { recursive: true, force: true });
    },
  };
  return server;
}
