import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DISPLAY_NAMESPACE,
  displayBoardSchema,
  displayStatusListSchema,
  publicFlightSchema,
  type DisplayBoard,
  type DisplayClientToServerEvents,
  type DisplayServerToClientEvents,
  type Flight,
  type PublicFlight,
} from '../../core';
import { fixtureSeed, request, startTestHub, type TestHub } from '../../test-support/hub-harness';
import { runDisplaysCommand } from '../cli/displays-command';

type DisplaySocket = Socket<DisplayServerToClientEvents, DisplayClientToServerEvents>;

let hub: TestHub | null = null;
const sockets: DisplaySocket[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await hub?.close();
  hub = null;
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** The fixture's departures (no terminal) plus arrivals and departures in terminals T1 and T3. */
function seedWithTerminals(now = new Date()) {
  const seed = fixtureSeed(now);
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const base = seed.flights[0]!;
  const extra: Flight[] = [
    { ...base, id: 'd-t1', flightNumber: 'AI 101', airline: 'AI', terminal: 'T1', gate: '11' },
    { ...base, id: 'd-t3', flightNumber: 'AI 303', airline: 'AI', terminal: 'T3', gate: '11' },
    {
      ...base,
      id: 'a-t3',
      direction: 'arrival',
      flightNumber: 'AI 888',
      airline: 'AI',
      origin: 'BOM',
      destination: 'DEL',
      std: at(-90),
      etd: at(-90),
      sta: at(20),
      eta: at(35),
      terminal: 'T3',
      gate: null,
      belt: null,
      delayCode: '93',
      updatedBy: 'agent1',
    },
  ];
  return {
    ...seed,
    airport: { ...seed.airport, country: 'India' },
    flights: [...seed.flights, ...extra],
  };
}

async function cli(dataDir: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDisplaysCommand([...args, '--data-dir', dataDir], {
    env: {},
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

/** Adds a display through the CLI; resolves with its token. */
async function addDisplay(dataDir: string, ...args: string[]): Promise<string> {
  const added = await cli(dataDir, 'add', ...args, '--url', 'http://board.example');
  expect(added.code, added.err.join('\n')).toBe(0);
  const url = added.out[0]!;
  expect(url).toMatch(/^http:\/\/board\.example\/display\/jbd_[A-Za-z0-9_-]{43}$/);
  return url.split('/display/')[1]!;
}

/** A display connection (retried until the running hub has read the file); its first board. */
async function openDisplay(token: string): Promise<{ socket: DisplaySocket; board: DisplayBoard }> {
  const socket: DisplaySocket = io(`${hub!.url}${DISPLAY_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 50,
  });
  sockets.push(socket);
  // The hub reads the displays file a moment after the CLI wrote it: until then, UNAUTHORIZED.
  let tries = 0;
  socket.on('connect_error', () => {
    if (++tries < 100) setTimeout(() => socket.connect(), 20);
  });
  const board = await new Promise<DisplayBoard>((resolve) => socket.once('display:board', resolve));
  return { socket, board: displayBoardSchema.parse(board) };
}

function connectError(token: unknown): Promise<string> {
  const socket: DisplaySocket = io(`${hub!.url}${DISPLAY_NAMESPACE}`, {
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

async function changeGate(flightId: string, gate: string): Promise<void> {
  const agent = await hub!.connect(await hub!.login('agent1'));
  const flight = (await request(agent, 'flights:snapshot', {})) as { flights: Flight[] };
  const current = flight.flights.find((f) => f.id === flightId)!;
  const ack = await request(agent, 'flight:update', {
    flightId,
    baseVersion: current.version,
    opId: crypto.randomUUID(),
    changes: { gate },
  });
  expect(ack.ok).toBe(true);
}

describe('displays (contract section 12)', () => {
  it('the CLI adds (URL once, token hashed), lists and revokes displays, and refuses bad input', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-displays-'));
    folders.push(dataDir);
    const token = await addDisplay(
      dataDir,
      'gate-hall-t3',
      '--kind',
      'arrivals',
      '--terminal',
      't3',
    );
    const { readFile } = await import('node:fs/promises');
    const stored = await readFile(join(dataDir, 'displays.json'), 'utf8');
    expect(stored).not.toContain(token);
    expect(stored).toMatch(/"hash": "[0-9a-f]{64}"/);

    const listed = await cli(dataDir, 'list');
    expect(listed.out).toEqual([
      expect.stringMatching(/^gate-hall-t3\tarrivals\tT3\tdefault\tadded /),
    ]);
    expect((await cli(dataDir, 'add', 'gate-hall-t3')).err.join()).toMatch(/exists already/);
    expect((await cli(dataDir, 'add', 'x', '--kind', 'gates')).err.join()).toMatch(
      /--kind must be one of departures, arrivals, both/,
    );
    expect((await cli(dataDir, 'add', 'bad name')).code).toBe(1);
    expect((await cli(dataDir, 'revoke', 'gate-hall-t3')).code).toBe(0);
    expect((await cli(dataDir, 'list')).out).toEqual([]);
    expect((await cli(dataDir, 'revoke', 'gate-hall-t3')).err.join()).toMatch(/no display named/);
  });

  it('a display reads only its own board, public fields only, and follows changes to it', async () => {
    hub = await startTestHub({ seed: () => seedWithTerminals() });
    const t3 = await addDisplay(hub.dataDir, 't3-departures', '--terminal', 'T3');
    const arrivals = await addDisplay(hub.dataDir, 'arrivals', '--kind', 'arrivals');
    const { socket, board } = await openDisplay(t3);
    expect(board.display).toEqual({
      name: 't3-departures',
      kind: 'departures',
      terminal: 'T3',
      languages: ['en', 'hi'],
    });
    expect(board.flights.map((f) => f.id)).toEqual(['d-t3']);
    // Nothing staff-only crosses: the public shape exactly (no versions, delay codes, names).
    expect(Object.keys(board.flights[0]!).sort()).toEqual(
      Object.keys(publicFlightSchema.shape).sort(),
    );
    const arrivalBoard = (await openDisplay(arrivals)).board;
    expect(arrivalBoard.flights.map((f) => f.id)).toEqual(['a-t3']);
    expect(JSON.stringify(arrivalBoard)).not.toMatch(/agent1|"93"/);

    const heard: PublicFlight[] = [];
    socket.on('display:flight', (flight) => heard.push(flight));
    await changeGate('d-t1', '14'); // another terminal's flight: not this board's business
    await changeGate('d-t3', '22');
    await expect.poll(() => heard.map((f) => f.id)).toEqual(['d-t3']);
    expect(heard[0]).toMatchObject({ gate: '22', gateChange: { from: '11' } });
  });

  it('a display opened after a gate change, even after a restart, is told of it by the hub', async () => {
    hub = await startTestHub({ seed: () => seedWithTerminals(), keepDataDir: true });
    folders.push(hub.dataDir);
    const token = await addDisplay(hub.dataDir, 'all', '--kind', 'both');
    await changeGate('f-ai865', '18');
    await hub.restart();
    const { board } = await openDisplay(token);
    const moved = board.flights.find((f) => f.id === 'f-ai865')!;
    expect(moved.gate).toBe('18');
    expect(moved.gateChange).toMatchObject({ from: '12' });
    // A flight whose gate never moved has none.
    expect(board.flights.find((f) => f.id === 'f-uk955')!.gateChange).toBeNull();

    const staff = await hub.login('board');
    const changes = await fetch(`${hub.url}/api/board/gate-changes`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(await changes.json()).toEqual({
      gateChanges: [{ flightId: 'f-ai865', from: '12', at: expect.any(String) }],
    });
  });

  it('a revoked display is told so and cut off at once; its token opens nothing any more', async () => {
    hub = await startTestHub();
    const token = await addDisplay(hub.dataDir, 'lobby');
    const { socket } = await openDisplay(token);
    const revoked = new Promise<void>((resolve) => socket.once('display:revoked', resolve));
    expect((await cli(hub.dataDir, 'revoke', 'lobby')).code).toBe(0);
    await revoked;
    socket.close();
    expect(await connectError(token)).toBe('UNAUTHORIZED');
  });

  it('a display token is refused on staff routes and sockets, and staff tokens on /display', async () => {
    hub = await startTestHub();
    const token = await addDisplay(hub.dataDir, 'lobby');
    await openDisplay(token);
    for (const path of ['/api/flights', '/api/displays', '/api/board/gate-changes']) {
      const answer = await fetch(`${hub.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.status, path).toBe(401);
    }
    expect(await hub.connectError({ token })).toBe('UNAUTHORIZED');
    expect(await connectError(await hub.login('super'))).toBe('UNAUTHORIZED');
    expect(await connectError(`jbd_${'A'.repeat(43)}`)).toBe('UNAUTHORIZED');
    expect(await connectError(undefined)).toBe('UNAUTHORIZED');
  });

  it('supervisors see which displays are connected and when each was last seen', async () => {
    hub = await startTestHub();
    const lobby = await addDisplay(hub.dataDir, 'lobby');
    await addDisplay(hub.dataDir, 'pier-b', '--kind', 'arrivals');
    await openDisplay(lobby);
    const statuses = async (username: string) =>
      fetch(`${hub!.url}/api/displays`, {
        headers: { authorization: `Bearer ${await hub!.login(username)}` },
      });
    expect((await statuses('agent1')).status).toBe(403);
    const answer = displayStatusListSchema.parse(await (await statuses('super')).json());
    expect(answer.displays).toEqual([
      expect.objectContaining({
        name: 'lobby',
        connections: 1,
        lastSeenAt: expect.any(String),
        lastUpdateAt: expect.any(String),
      }),
      expect.objectContaining({
        name: 'pier-b',
        kind: 'arrivals',
        connections: 0,
        lastSeenAt: null,
      }),
    ]);
  });

  it('serves the display page for any token, uncached and unframed', async () => {
    const webRoot = await mkdtemp(join(tmpdir(), 'jetbridge-display-web-'));
    folders.push(webRoot);
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>board</title>');
    hub = await startTestHub({ displayWebRoot: webRoot });
    const page = await fetch(`${hub.url}/display/jbd_anything`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(await page.text()).toContain('<title>board</title>');
  });
});
