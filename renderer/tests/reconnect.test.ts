import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Flight } from '../../core';
import { startHub, type Hub, type HubOptions } from '../../server/hub';
import { request, type HubClient } from '../../test-support/hub-harness';
import { connectAt, loginAt } from '../../test-support/hub-client';
import { WEB_ROOT, gridCell, gridRow, launchChromium, signInAs } from './consoleDriver';

/**
 * The hub goes away and comes back while an agent's console stays open: the console says so,
 * reconnects on its own and catches up with `sync:since`, without a reload.
 */
let dataDir: string;
let browser: Browser;
let hub: Hub | null = null;

const options = (port: number): HubOptions => ({
  dataDir,
  port,
  demo: true,
  webRoot: WEB_ROOT,
  secret: 'reconnect-test-secret-0123456789abcdef',
  logger: pino({ level: 'silent' }),
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jetbridge-console-'));
  hub = await startHub(options(0));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function connect(url: string, username: string): Promise<HubClient> {
  return connectAt(url, await loginAt(url, username));
}

it('catches up after the hub restarts, without a reload', async () => {
  const { url, port } = hub!;
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(url);
  await signInAs(page, 'agent1');
  const indicator = page.getByTestId('connection-indicator');
  await expect.poll(() => indicator.getAttribute('data-status')).toBe('connected');

  const socket = await connect(url, 'super');
  const snapshot = await request(socket, 'flights:snapshot', {});
  socket.close();
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const flight = snapshot.flights.find(
    (f: Flight) =>
      f.direction !== 'arrival' &&
      f.status === 'SCHEDULED' &&
      Date.parse(f.std) > Date.now() + 60 * 60_000,
  )!;
  await page.getByTestId('time-window-all').click();
  await page.getByTestId('quick-filter').fill(flight.flightNumber);
  await gridRow(page, flight.id).waitFor();

  // The hub stops: the console notices and keeps trying.
  await hub!.close();
  hub = null;
  await expect.poll(() => indicator.getAttribute('data-status')).toBe('reconnecting');

  // A change is made while the console cannot hear it (same data folder, another port) ...
  const elsewhere = await startHub(options(0));
  const other = await connect(elsewhere.url, 'agent2');
  const ack = await request(other, 'flight:update', {
    flightId: flight.id,
    baseVersion: flight.version,
    opId: crypto.randomUUID(),
    changes: { gate: '88R', remark: 'Changed while you were away' },
  });
  other.close();
  expect(ack.ok).toBe(true);
  await elsewhere.close();

  // ... and the hub comes back where the console looks for it.
  hub = await startHub(options(port));
  await expect
    .poll(() => indicator.getAttribute('data-status'), { timeout: 15_000 })
    .toBe('connected');
  await expect
    .poll(() => gridCell(page, flight.id, 'gate').textContent(), { timeout: 10_000 })
    .toBe('88R');
  await expect
    .poll(() => gridCell(page, flight.id, 'remark').textContent())
    .toBe('Changed while you were away');
  await context.close();
});
