import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, spawnEngine, stopEngine, type EngineProcess } from './child-processes';

export interface PostgresServer {
  port: number;
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: the maintenance database. */
  adminUrl: string;
  /** A new, empty database; resolves with its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown) and deletes its folder. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * fsync the WAL like a production server (benchmarks). Off by default: tests kill hubs, never
   * the machine, so a commit the server took is kept either way, and tests run faster.
   */
  durable?: boolean;
}

/** Where Debian (`/usr/lib/postgresql/N/bin`) or `JETBRIDGE_PG_BIN` keeps initdb and postgres. */
export function postgresBinDir(): string | null {
  if (process.env.JETBRIDGE_PG_BIN) return process.env.JETBRIDGE_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  const found = versions.map((version) => join(root, version, 'bin')).find(existsSync);
  return found ?? null;
}

/** PostgreSQL refuses to run as root: under root, its processes run as the `postgres` user. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

let databases = 0;

/**
 * A real PostgreSQL in a new temporary folder, on a free port of 127.0.0.1 (its unix socket in
 * that folder too), trusting local connections. Killed when the test process exits.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const binary = (name: string) => (bin ? join(bin, name) : name);
  const folder = await mkdtemp(join(tmpdir(), 'jetbridge-pg-'));
  const data = join(folder, 'data');
  const user = runAs();
  if (user) await chown(folder, user.uid, user.gid);
  await mkdir(data, { mode: 0o700 });
  if (user) await chown(data, user.uid, user.gid);
  const identity = user ? { uid: user.uid, gid: user.gid } : {};

  await new Promise<void>((resolve, reject) => {
    let output = '';
    const initdb = spawn(
      binary('initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { ...identity, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    initdb.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    initdb.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    initdb.once('error', reject);
    initdb.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`initdb failed (${code}):\n${output}`)),
    );
  });

  let engine: EngineProcess | undefined;
  let port = 0;
  // A port found free can be taken before the server binds it: try another.
  for (let attempt = 0; !engine; attempt += 1) {
    port = await freePort();
    try {
      engine = await spawnEngine(
        binary('postgres'),
        [
          '-D',
          data,
          '-p',
          String(port),
          '-k',
          folder,
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `fsync=${options.durable ? 'on' : 'off'}`,
          '-c',
          'max_connections=200',
          '-c',
          'shared_buffers=64MB',
        ],
        {
          ...identity,
          ready: /database system is ready to accept connections/,
          // SIGQUIT: immediate shutdown, also of the server's own children.
          exitSignal: 'SIGQUIT',
        },
      );
    } catch (error) {
      if (attempt >= 3 || !/could not (bind|create listen)/i.test(String(error))) {
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const running = engine;

  return {
    port,
    adminUrl,
    async createDatabase() {
      databases += 1;
      const name = `jetbridge_${process.pid}_${databases}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      // SIGINT: fast shutdown (open sessions are ended).
      await stopEngine(running, 'SIGINT');
      await rm(folder, { recursive: true, force: true });
    },
  };
}

let shared: Promise<PostgresServer> | null = null;

/**
 * One server for the whole test file (started on first use): each hub gets its own database on
 * it. Call `stopSharedPostgres` in `afterAll`.
 */
export function sharedPostgres(): Promise<PostgresServer> {
  shared ??= startPostgres();
  return shared;
}

export async function stopSharedPostgres(): Promise<void> {
  const server = shared;
  shared = null;
  if (server) await (await server).stop();
}
