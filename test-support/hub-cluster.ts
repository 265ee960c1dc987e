import { randomBytes } from 'node:crypto';
import { startTestHub, type TestHub, type TestHubOptions } from './hub-harness';
import { sharedPostgres } from './postgres';
import { startRedis, type RedisServer } from './redis';

export interface TestHubCluster {
  hubs: TestHub[];
  databaseUrl: string;
  redis: RedisServer;
  /** Closes every hub, then Redis (the database stays with the test file's server). */
  close(): Promise<void>;
}

/**
 * `count` real hubs in this process, each with its own data folder (users, sessions), sharing
 * one new database on the test file's PostgreSQL, one Redis and one signing key, as several
 * hubs behind a load balancer would. Sign in after they have all started: a hub refuses
 * sessions issued before its first start.
 */
export async function startHubCluster(
  count: number,
  options: TestHubOptions = {},
): Promise<TestHubCluster> {
  const databaseUrl = await (await sharedPostgres()).createDatabase();
  const redis = await startRedis();
  const secret = randomBytes(32).toString('base64url');
  const hubs: TestHub[] = [];
  try {
    // One after the other: the first creates the schema and seeds the flights (the others
    // would wait on the migration lock anyway).
    for (let index = 0; index < count; index += 1) {
      hubs.push(await startTestHub({ ...options, databaseUrl, redisUrl: redis.url, secret }));
    }
  } catch (error) {
    await Promise.all(hubs.map((hub) => hub.close()));
    await redis.stop();
    throw error;
  }
  return {
    hubs,
    databaseUrl,
    redis,
    async close() {
      await Promise.all(hubs.map((hub) => hub.close().catch(() => undefined)));
      await redis.stop();
    },
  };
}
