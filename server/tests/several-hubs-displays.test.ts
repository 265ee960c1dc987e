import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DISPLAY_NAMESPACE,
  type DisplayBoard,
  type DisplayClientToServerEvents,
  type DisplayServerToClientEvents,
} from '../../core';
import { startHubCluster, type TestHubCluster } from '../../test-support/hub-cluster';
import type { TestHub } from '../../test-support/hub-harness';
import { stopSharedPostgres } from '../../test-support/postgres';
import { runDisplaysCommand } from '../cli/displays-command';

type DisplaySocket = Socket<DisplayServerToClientEvents, DisplayClientToServerEvents>;

let cluster: TestHubCluster | undefined;
const sockets: DisplaySocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await cluster?.close();
  cluster = undefined;
});
afterAll(stopSharedPostgres);

/** `npm run hub -- displays …` against the cluster's database (no data folder named). */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDisplaysCommand(args, {
    env: { JETBRIDGE_DATABASE_URL: cluster!.databaseUrl },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

/** A display connection to `hub` (retried until the hub has heard of the display); its board. */
async function openDisplay(hub: TestHub, token: string) {
  const socket: DisplaySocket = io(`${hub.url}${DISPLAY_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 50,
  });
  sockets.push(socket);
  let tries = 0;
  socket.on('connect_error', () => {
    if (++tries < 200) setTimeout(() => socket.connect(), 25);
  });
  const board = await new Promise<DisplayBoard>((resolve) => socket.once('display:board', resolve));
  return { socket, board };
}

function connectError(hub: TestHub, token: string): Promise<string> {
  const socket: DisplaySocket = io(`${hub.url}${DISPLAY_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, expected connect_error')));
    socket.once('connect_error', (error) => resolve(error.message));
  });
}

describe('the displays of hubs sharing a database', () => {
  it('are one list: a display added once opens on every hub, and a revoke blanks it on every hub', async () => {
    cluster = await startHubCluster(2);
    const [a, b] = cluster.hubs as [TestHub, TestHub];
    const added = await cli('add', 'lobby', '--url', 'http://board.example');
    expect(added.code, added.err.join('\n')).toBe(0);
    const token = added.out[0]!.split('/display/')[1]!;
    const onA = await openDisplay(a, token);
    const onB = await openDisplay(b, token);
    expect(onB.board.display).toMatchObject({ name: 'lobby', kind: 'departures' });

    // Refused input changes nothing: the same name twice, an unknown display.
    const again = await cli('add', 'lobby', '--url', 'http://board.example');
    expect(again).toMatchObject({ code: 1, err: [expect.stringMatching(/exists already/)] });
    expect((await cli('revoke', 'nobody')).code).toBe(1);
    const listed = await cli('list');
    expect(listed.out).toHaveLength(1);
    expect(listed.out[0]).toMatch(/^lobby\tdepartures\t\*\t/);

    const revoked = [onA, onB].map(
      ({ socket }) => new Promise<void>((resolve) => socket.once('display:revoked', resolve)),
    );
    expect((await cli('revoke', 'lobby')).code).toBe(0);
    await Promise.all(revoked);
    expect(await connectError(b, token)).toBe('UNAUTHORIZED');
    expect(await connectError(a, token)).toBe('UNAUTHORIZED');
  });
});
