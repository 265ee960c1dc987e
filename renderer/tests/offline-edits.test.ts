import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Flight } from '../../core';
import { request, type TestHub } from '../../test-support/hub-harness';
import {
  gridCell,
  gridRow,
  launchChromium,
  openConsole,
  signInAs,
  startConsoleHub,
} from './consoleDriver';

/**
 * A console loses its network (a TCP proxy between it and the hub is cut: open connections are
 * reset and new ones refused, as when a cable is pulled), keeps its edits as pending, and on
 * reconnect sends them with their original opIds; a conflict is resolved through the UI, and an
 * agent undoes their own change from the history panel.
 */
let hub: TestHub;
/** Flights a test has changed: each test that counts versions takes one no other test touched. */
const touched = new Set<string>();
let browser: Browser;
let proxy: CuttableProxy;
const contexts: BrowserContext[] = [];
const UI_TIMEOUT = 10_000;

interface CuttableProxy {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy to the hub that can be cut and restored. */
async function startProxy(targetPort: () => number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) return client.destroy();
    const upstream = tcpConnect(targetPort(), '127.0.0.1');
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        open.delete(a);
        b.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      cut = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      cut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  proxy = await startProxy(() => hub.port);
  // The browser reaches the hub under the proxy's address: one of the hub's public names.
  hub = await startConsoleHub({ demo: true, publicHosts: [new URL(proxy.url).host] });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await proxy?.close();
  await hub?.close();
});

async function openAgent(username: string, via: { url: string }): Promise<Page> {
  const { context, page } = await openConsole(browser, via as TestHub);
  context.setDefaultTimeout(UI_TIMEOUT);
  contexts.push(context);
  await signInAs(page, username);
  await page.getByTestId('departures-grid').locator('[role="row"][row-id]').first().waitFor();
  return page;
}

/** The hub's departures: the flights these tests edit in the Departures grid. */
async function hubFlights(): Promise<Flight[]> {
  const socket = await hub.connect(await hub.login('super'));
  try {
    const ack = await request(socket, 'flights:snapshot', {});
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.flights.filter((f) => f.direction !== 'arrival');
  } finally {
    socket.close();
  }
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: UI_TIMEOUT })) ?? '').trim();
}

async function expectText(locator: Locator, expected: string): Promise<void> {
  await expect.poll(() => text(locator), { timeout: UI_TIMEOUT }).toBe(expected);
}

/** With JETBRIDGE_SCREENSHOTS=1, refreshes docs/screenshot-<name>.png (kept out of normal runs). */
async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.JETBRIDGE_SCREENSHOTS === '1') {
    await page.screenshot({ path: `docs/screenshot-${name}.png` });
  }
}

async function findInGrid(page: Page, flight: Flight): Promise<void> {
  await page.getByTestId('time-window-all').click();
  await page.getByTestId('quick-filter').fill(flight.flightNumber);
  await gridRow(page, flight.id).waitFor();
}

/** The edit panel once it shows this flight (it follows the grid's selection). */
function editPanelFor(page: Page, flight: Flight): Locator {
  return page.locator(`[data-testid="edit-panel"][data-flight-id="${flight.id}"]`);
}

/** Edits one field of a flight through the grid and the edit panel, as an agent does. */
async function editField(page: Page, flight: Flight, field: 'gate' | 'remark', value: string) {
  await findInGrid(page, flight);
  await gridCell(page, flight.id, 'gate').click();
  await page.keyboard.press('Enter');
  await editPanelFor(page, flight).waitFor();
  const input = page.getByTestId(`edit-${field}`);
  await input.fill(value);
  await input.press('Enter');
}

it('keeps offline edits pending, resends them on reconnect, and both consoles converge', async () => {
  const flights = (await hubFlights()).filter(
    (f) =>
      f.status === 'SCHEDULED' && f.gate && f.delayCode === null && Date.parse(f.std) > Date.now(),
  );
  const [f1, f2, f3] = flights.slice(-3) as [Flight, Flight, Flight];
  for (const flight of [f1, f2, f3]) touched.add(flight.id);
  const cutConsole = await openAgent('agent1', proxy);
  const otherConsole = await openAgent('agent2', hub);
  const indicator = cutConsole.getByTestId('connection-indicator');
  await expect.poll(() => indicator.getAttribute('data-status')).toBe('connected');

  // The network goes: the console says so at once, with how long since it last synced.
  proxy.cut();
  await expect
    .poll(() => indicator.getAttribute('data-status'), { timeout: 3_000 })
    .not.toBe('connected');
  await expect.poll(() => text(indicator)).toMatch(/last sync \d+ s ago/);

  // Meanwhile the other console moves f1's gate and f3's gate.
  await editField(otherConsole, f1, 'gate', '71A');
  await expectText(gridCell(otherConsole, f1.id, 'gate'), '71A');
  await editField(otherConsole, f3, 'gate', '73C');
  await expectText(gridCell(otherConsole, f3.id, 'gate'), '73C');

  // The cut console keeps working: three edits, each kept as pending, visibly.
  await editField(cutConsole, f1, 'remark', 'Offline remark');
  await editField(cutConsole, f2, 'gate', '72B');
  await editField(cutConsole, f3, 'gate', '75X');
  const items = cutConsole.getByTestId('pending-item');
  await expect.poll(() => items.count()).toBe(3);
  for (const flight of [f1, f2, f3]) {
    expect(
      await cutConsole
        .locator(`[data-testid="pending-item"][data-flight-id="${flight.id}"]`)
        .getAttribute('data-state'),
    ).toBe('queued');
  }
  await gridRow(cutConsole, f3.id).getByTestId('row-pending').waitFor();
  await expectText(gridCell(cutConsole, f3.id, 'gate'), '75X');
  await expect
    .poll(() => text(cutConsole.getByTestId('pending-list')))
    .toContain('3 pending changes');
  await screenshot(cutConsole, 'offline-pending');
  expect((await hubFlights()).find((f) => f.id === f2.id)?.gate).toBe(f2.gate);

  // The network comes back: the console catches up and sends what waited.
  proxy.restore();
  await expect
    .poll(() => indicator.getAttribute('data-status'), { timeout: 15_000 })
    .toBe('connected');
  // f1 (other field) and f2 went through; f3 was changed meanwhile: a conflict for the agent.
  await expect.poll(() => items.count(), { timeout: UI_TIMEOUT }).toBe(1);
  const conflictItem = cutConsole.locator(
    `[data-testid="pending-item"][data-flight-id="${f3.id}"]`,
  );
  await expect.poll(() => conflictItem.getAttribute('data-state')).toBe('conflict');

  let hubNow = new Map((await hubFlights()).map((f) => [f.id, f]));
  expect(hubNow.get(f1.id)).toMatchObject({ gate: '71A', remark: 'Offline remark' });
  expect(hubNow.get(f2.id)).toMatchObject({ gate: '72B', version: f2.version + 1 });
  expect(hubNow.get(f3.id)).toMatchObject({ gate: '73C' });
  for (const page of [cutConsole, otherConsole]) {
    for (const flight of [f1, f2]) {
      await findInGrid(page, flight);
      await expectText(gridCell(page, flight.id, 'gate'), hubNow.get(flight.id)!.gate!);
      await expectText(gridCell(page, flight.id, 'remark'), hubNow.get(flight.id)!.remark ?? '');
    }
  }

  // The conflict, resolved by the agent: their value, the current one, who and when.
  await findInGrid(cutConsole, f3);
  await gridCell(cutConsole, f3.id, 'flightNumber').click();
  const conflict = cutConsole.getByTestId('conflict');
  await expectText(conflict.getByTestId('conflict-mine'), '75X');
  await expectText(conflict.getByTestId('conflict-current'), '73C');
  await expect
    .poll(() => text(conflict.getByTestId('conflict-by')))
    .toMatch(/^agent2 at \d\d:\d\d/);
  await screenshot(cutConsole, 'conflict');
  await conflict.getByTestId('conflict-keep-mine').click();
  await expectText(gridCell(cutConsole, f3.id, 'gate'), '75X');
  await findInGrid(otherConsole, f3);
  await expectText(gridCell(otherConsole, f3.id, 'gate'), '75X');
  await expect.poll(() => items.count()).toBe(0);
  hubNow = new Map((await hubFlights()).map((f) => [f.id, f]));
  expect(hubNow.get(f3.id)).toMatchObject({ gate: '75X', updatedBy: 'agent1' });

  // Take the current value: a remark on f2 races one from the other console.
  await findInGrid(cutConsole, f2);
  await gridCell(cutConsole, f2.id, 'gate').click();
  await cutConsole.keyboard.press('Enter');
  await editPanelFor(cutConsole, f2).waitFor();
  const remark = cutConsole.getByTestId('edit-remark');
  await remark.fill('Mine');
  await expect.poll(() => remark.inputValue()).toBe('Mine');
  const other = await hub.connect(await hub.login('agent2'));
  const theirs = await request(other, 'flight:update', {
    flightId: f2.id,
    baseVersion: hubNow.get(f2.id)!.version,
    opId: crypto.randomUUID(),
    changes: { remark: 'Theirs' },
  });
  other.close();
  expect(theirs.ok).toBe(true);
  // The panel has seen their change while the agent was typing: sending now must conflict.
  await cutConsole.getByTestId('changed-meanwhile').waitFor();
  await remark.press('Enter');
  await expectText(conflict.getByTestId('conflict-current'), 'Theirs');
  await conflict.getByTestId('conflict-take-theirs').click();
  await conflict.waitFor({ state: 'detached' });
  await expectText(gridCell(cutConsole, f2.id, 'remark'), 'Theirs');
  expect((await hubFlights()).find((f) => f.id === f2.id)?.remark).toBe('Theirs');
}, 60_000);

it('undoes the agent’s own last change from the history panel', async () => {
  const flight = (await hubFlights()).find(
    (f) =>
      !touched.has(f.id) && f.status === 'SCHEDULED' && f.gate && f.delayCode === null && !f.remark,
  )!;
  touched.add(flight.id);
  const page = await openAgent('agent1', hub);
  await editField(page, flight, 'gate', '81D');
  await expectText(gridCell(page, flight.id, 'gate'), '81D');

  const history = page.getByTestId('history');
  const entries = history.getByTestId('history-entry');
  // The panel lists the flight's trail as the hub answers it; the agent's change comes first
  // once its answer is in (until then the first entry can be the schedule's creation).
  await expect
    .poll(() => text(entries.first()))
    .toMatch(new RegExp(`agent1.*Gate ${flight.gate} → 81D`));
  await screenshot(page, 'history');
  await history.getByTestId('undo-last').click();

  await expectText(gridCell(page, flight.id, 'gate'), flight.gate!);
  await expect.poll(() => text(entries.first())).toMatch(/undo/);
  await expect.poll(() => text(history.getByTestId('undo-message'))).toMatch(/^Undone/);
  const stored = (await hubFlights()).find((f) => f.id === flight.id)!;
  expect(stored).toMatchObject({ gate: flight.gate, version: flight.version + 2 });
  // Nothing more of agent1's to undo on this flight.
  expect(await history.getByTestId('undo-last').isDisabled()).toBe(true);
});

it('keeps an unsent edit through a closed console and sends it at the next sign-in', async () => {
  const flight = (await hubFlights()).find(
    (f) =>
      !touched.has(f.id) &&
      f.status === 'SCHEDULED' &&
      f.gate &&
      f.gate !== '64K' &&
      f.delayCode === null &&
      Date.parse(f.std) > Date.now() + 60 * 60_000,
  )!;
  touched.add(flight.id);
  const page = await openAgent('agent2', proxy);
  const indicator = page.getByTestId('connection-indicator');
  await expect.poll(() => indicator.getAttribute('data-status')).toBe('connected');
  proxy.cut();
  await expect
    .poll(() => indicator.getAttribute('data-status'), { timeout: 3_000 })
    .not.toBe('connected');
  await editField(page, flight, 'gate', '64K');
  await page.locator(`[data-testid="pending-item"][data-flight-id="${flight.id}"]`).waitFor();

  // The window closes (or the console crashes) with the edit unsent; then the network is back.
  const context = page.context();
  await page.close();
  proxy.restore();
  expect((await hubFlights()).find((f) => f.id === flight.id)?.gate).toBe(flight.gate);

  const reopened = await context.newPage();
  await reopened.goto(proxy.url);
  await signInAs(reopened, 'agent2');
  await expect
    .poll(async () => (await hubFlights()).find((f) => f.id === flight.id)?.gate, {
      timeout: 15_000,
    })
    .toBe('64K');
  await findInGrid(reopened, flight);
  await expectText(gridCell(reopened, flight.id, 'gate'), '64K');
  await expect.poll(() => reopened.getByTestId('pending-item').count()).toBe(0);
  // Applied once: one new version, not one per console that held the edit.
  expect((await hubFlights()).find((f) => f.id === flight.id)?.version).toBe(flight.version + 1);
}, 45_000);

it('drops damaged stored edits and still sends the intact one', async () => {
  // A flight no other test in this file touched: a console left open by another test may still
  // hold (and resend) an edit of its own, which would move the version this test counts.
  const flight = (await hubFlights()).find(
    (f) =>
      !touched.has(f.id) &&
      f.status === 'SCHEDULED' &&
      f.gate &&
      f.gate !== '66M' &&
      f.delayCode === null &&
      Date.parse(f.std) > Date.now() + 60 * 60_000,
  )!;
  touched.add(flight.id);
  const { context, page } = await openConsole(browser, hub);
  context.setDefaultTimeout(UI_TIMEOUT);
  contexts.push(context);
  const intact = {
    opId: crypto.randomUUID(),
    flightId: flight.id,
    flightNumber: flight.flightNumber,
    baseVersion: flight.version,
    changes: { gate: '66M' },
    createdAt: Date.now(),
    state: 'sending',
    attempts: 1,
    message: null,
    current: null,
    conflicts: [],
  };
  const stored = [
    { ...intact, opId: 'not-a-uuid' },
    { ...intact, opId: crypto.randomUUID(), changes: { gate: '<img src=x>' } },
    { __proto__: { state: 'queued' } },
    'garbage',
    intact,
  ];
  const key = `jetbridge.pendingEdits.v1 ${hub.url} agent1`;
  await page.evaluate(
    `localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify(stored))})`,
  );
  await signInAs(page, 'agent1');

  await expect
    .poll(async () => (await hubFlights()).find((f) => f.id === flight.id)?.gate, {
      timeout: 15_000,
    })
    .toBe('66M');
  await expect.poll(() => page.getByTestId('pending-item').count()).toBe(0);
  expect((await hubFlights()).find((f) => f.id === flight.id)?.version).toBe(flight.version + 1);
  // Once sent, nothing is left in storage to send again.
  await expect
    .poll(() => page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(key)})`))
    .toBeNull();
});
