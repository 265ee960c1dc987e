import { afterAll, afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { runUsersCommand } from '../cli/users-command';
import { startHubCluster, type TestHubCluster } from '../../test-support/hub-cluster';
import { disconnected } from '../../test-support/hub-client';
import { stopSharedPostgres } from '../../test-support/postgres';

let cluster: TestHubCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});
afterAll(stopSharedPostgres);

/** `npm run hub -- users …` against the cluster's database; resolves with its output. */
async function usersCommand(databaseUrl: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runUsersCommand(argv, {
    env: { JETBRIDGE_DATABASE_URL: databaseUrl, JETBRIDGE_USER_PASSWORD: 'correct horse 1' },
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readPassword: () => Promise.resolve(null),
  });
  expect(err).toEqual([]);
  expect(code).toBe(0);
  return out.join('\n');
}

async function loginStatus(url: string, username: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function flightsStatus(url: string, token: string): Promise<number> {
  const response = await fetch(`${url}/api/flights`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return response.status;
}

describe(
  'users, ended sessions and the login throttle on two hubs sharing PostgreSQL',
  // The first test starts PostgreSQL; each starts hubs and hashes passwords (argon2id).
  { timeout: 90_000 },
  () => {
    it('accepts on both hubs a user the CLI added to the database', async () => {
      cluster = await startHubCluster(2);
      const [a, b] = cluster.hubs;
      await usersCommand(cluster.databaseUrl, 'add', 'newagent', '--role', 'agent');
      expect(await usersCommand(cluster.databaseUrl, 'list')).toContain('newagent\tagent');
      for (const hub of [a!, b!]) {
        const token = await hub.login('newagent', 'correct horse 1');
        expect(await flightsStatus(hub.url, token)).toBe(200);
      }
    });

    it('refuses on hub B, over HTTP and on a new socket, a token signed out on hub A', async () => {
      cluster = await startHubCluster(2);
      const [a, b] = cluster.hubs;
      const token = await a!.login('agent1');
      const openOnB = await b!.connect(token);
      expect(await flightsStatus(b!.url, token)).toBe(200);
      const ended = disconnected(openOnB);
      const response = await fetch(`${a!.url}/api/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(await flightsStatus(b!.url, token)).toBe(401);
      expect(await b!.connectError({ token })).toMatch(/session|token|unauthori/i);
      await ended;
      // Other sessions of the same user go on.
      const other = await b!.login('agent1');
      expect(await flightsStatus(a!.url, other)).toBe(200);
    });

    it('refuses a user disabled in the database on both hubs, and ends its open sockets', async () => {
      cluster = await startHubCluster(2);
      const [a, b] = cluster.hubs;
      const token = await a!.login('agent2');
      const sockets = await Promise.all([a!.connect(token), b!.connect(token)]);
      const ended = sockets.map((socket) => disconnected(socket));
      await usersCommand(cluster.databaseUrl, 'disable', 'agent2');
      await Promise.all(ended);
      for (const hub of [a!, b!]) {
        expect(await flightsStatus(hub.url, token)).toBe(401);
        expect(await loginStatus(hub.url, 'agent2', 'demo')).toBe(401);
      }
      await usersCommand(cluster.databaseUrl, 'enable', 'agent2');
      // Enabled again: signs in anew; the old token stays ended (its epoch was raised).
      for (const hub of [a!, b!]) expect(await loginStatus(hub.url, 'agent2', 'demo')).toBe(200);
      expect(await flightsStatus(b!.url, token)).toBe(401);
    });

    it('counts wrong guesses across hubs: the 6th, on either hub, is throttled', async () => {
      cluster = await startHubCluster(2);
      const [a, b] = cluster.hubs;
      const statuses: number[] = [];
      for (let guess = 0; guess < 5; guess += 1) {
        statuses.push(await loginStatus((guess % 2 === 0 ? a! : b!).url, 'super', 'wrong'));
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      expect(await loginStatus(b!.url, 'super', 'wrong')).toBe(429);
      // Throttled even with the right password, on the other hub too.
      expect(await loginStatus(a!.url, 'super', 'demo')).toBe(429);
    });

    it('takes no more than the limit when guesses race on both hubs', async () => {
      cluster = await startHubCluster(2);
      const [a, b] = cluster.hubs;
      const statuses = await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          loginStatus((n % 2 === 0 ? a! : b!).url, 'board', 'wrong'),
        ),
      );
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(7);
      const client = new pg.Client({ connectionString: cluster.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: number }>(
          "SELECT cardinality(times) AS count FROM login_attempts WHERE kind = 'user' AND key = 'board'",
        );
        expect(rows[0]?.count).toBe(5);
      } finally {
        await client.end();
      }
    });
  },
);
