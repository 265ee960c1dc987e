import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Flight, ScheduleImportProgress } from '../../core';
import { request, type TestHub } from '../../test-support/hub-harness';
import { gridRow, launchChromium, openConsole, signInAs, startConsoleHub } from './consoleDriver';

/**
 * A supervisor's schedule work in the built console against a real hub (DEL, Asia/Kolkata):
 * importing a CSV through the dialog (dry run, import, the hub's progress) while an agent's
 * console shows the new flights live, a broken line refused by number, a second import at once
 * refused in plain words, and an ad hoc flight added in the dialog.
 */
let hub: TestHub;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  hub = await startConsoleHub();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

// The machine may be busy: these wait for events, so a slow run only takes longer.
const UI_TIMEOUT = 20_000;
const ZONE = 'Asia/Kolkata';
const HEADER = 'airline,flight_number,origin,destination,std,sta,from,to,days,aircraft_type';

/** `expect.poll` waiting as long as the UI may take on a busy machine. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: UI_TIMEOUT });

async function open(username: string): Promise<Page> {
  const { context, page } = await openConsole(browser, hub);
  context.setDefaultTimeout(UI_TIMEOUT);
  contexts.push(context);
  await signInAs(page, username);
  await page.getByTestId('departures-grid').locator('[role="row"][row-id]').first().waitFor();
  return page;
}

/** An agent's grid showing every flight whose number starts with `filter`. */
async function openAgentGrid(filter: string): Promise<Page> {
  const agent = await open('agent1');
  await agent.getByTestId('time-window-all').click();
  await agent.getByTestId('quick-filter').fill(filter);
  return agent;
}

/** A departure from DEL `minutesAhead` from now, as a CSV row of a one-day schedule. */
function departureRow(number: number, minutesAhead: number, destination = 'BOM') {
  const std = DateTime.now().setZone(ZONE).plus({ minutes: minutesAhead }).startOf('minute');
  const sta = std.plus({ hours: 2 });
  const date = std.toISODate()!;
  const nextDay = sta.toISODate() !== date ? '+1' : '';
  return {
    id: `D-XX${String(number).padStart(4, '0')}-${date}`,
    line: `XX,${number},DEL,${destination},${std.toFormat('HH:mm')},${sta.toFormat('HH:mm')}${nextDay},${date},${date},1234567,320`,
  };
}

const csv = (lines: string[]) => Buffer.from([HEADER, ...lines].join('\n') + '\n');

async function hubSnapshot(): Promise<{ seq: number; flights: Flight[] }> {
  const socket = await hub.connect(await hub.login('super'));
  try {
    const ack = await request(socket, 'flights:snapshot', {});
    if (!ack.ok) throw new Error(ack.error.message);
    return ack;
  } finally {
    socket.close();
  }
}
const hubSeq = async () => (await hubSnapshot()).seq;
const hubFlights = async () => (await hubSnapshot()).flights;

async function chooseFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('schedule-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

/** With JETBRIDGE_SCREENSHOTS=1, refreshes docs/screenshot-<name>.png (kept out of normal runs). */
async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.JETBRIDGE_SCREENSHOTS === '1') {
    await page.screenshot({ path: `docs/screenshot-${name}.png` });
  }
}

describe('schedule import and ad hoc flights in the console', { timeout: 120_000 }, () => {
  it('a supervisor imports a CSV (dry run, import, progress) and the agent grid shows it live', async () => {
    const agent = await openAgentGrid('XX 9');
    const supervisor = await open('super');
    const rows = [departureRow(901, 60), departureRow(903, 90, 'BLR'), departureRow(905, 120)];
    const before = await hubSeq();

    await supervisor.getByTestId('open-schedule-import').click();
    await chooseFile(supervisor, 'charters.csv', csv(rows.map((row) => row.line)));
    const report = supervisor.getByTestId('import-report');
    await poll(() => report.getAttribute('data-dry-run')).toBe('true');
    await poll(() => supervisor.getByTestId('report-created').textContent()).toBe('3');
    expect(await supervisor.getByTestId('report-legs').textContent()).toBe('3');
    expect(await supervisor.getByTestId('report-cancelled').textContent()).toBe('0');
    expect(await supervisor.getByTestId('schedule-format').inputValue()).toBe('csv');
    await screenshot(supervisor, 'import');
    // A dry run changes nothing: no seq used, nothing new in the agent's grid.
    expect(await hubSeq()).toBe(before);
    expect(await gridRow(agent, rows[0]!.id).count()).toBe(0);

    await supervisor.getByTestId('schedule-import').click();
    await poll(() => report.getAttribute('data-dry-run')).toBe('false');
    expect(await supervisor.getByTestId('report-created').textContent()).toBe('3');
    // The bar was fed by the hub's schedules:progress: its last event, applying 3 of 3.
    const progress = supervisor.getByTestId('import-progress');
    await poll(() => supervisor.getByTestId('import-progress-label').textContent()).toBe(
      'Applying to the live flights… 3 of 3',
    );
    expect(await progress.getAttribute('data-phase')).toBe('applying');
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');

    for (const row of rows) await gridRow(agent, row.id).waitFor();
    expect(await hubSeq()).toBe(before + 3);
  });

  it('a broken line in a dropped file shows its line number, and nothing changes', async () => {
    const supervisor = await open('super');
    const before = await hubSeq();
    const good = departureRow(911, 60);
    const broken = departureRow(913, 70, 'QQQ');

    await supervisor.getByTestId('open-schedule-import').click();
    // Dropped on the dialog this time, as a file from the desktop; .txt, so told by its header.
    // A string, as this file is typed without the DOM: it runs in the page.
    const dataTransfer = await supervisor.evaluateHandle(
      `(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([${JSON.stringify(csv([good.line, broken.line]).toString())}], 'broken.txt', { type: 'text/plain' }));
        return transfer;
      })()`,
    );
    await supervisor.getByTestId('schedule-drop').dispatchEvent('drop', { dataTransfer });
    const errorLine = supervisor.getByTestId('import-error-line');
    await errorLine.first().waitFor();
    expect(await errorLine.count()).toBe(1);
    expect(await errorLine.getAttribute('data-line')).toBe('3');
    expect(await errorLine.textContent()).toContain('QQQ');
    expect(await supervisor.getByTestId('import-errors').textContent()).toMatch(
      /1 invalid leg.*nothing was imported/,
    );
    expect(await supervisor.getByTestId('schedule-format').inputValue()).toBe('csv');
    expect(await supervisor.getByTestId('schedule-import').isDisabled()).toBe(true);
    expect(await hubSeq()).toBe(before);
  });

  it('refuses a file over 50 MB before sending it', async () => {
    const supervisor = await open('super');
    await supervisor.getByTestId('open-schedule-import').click();
    // Playwright hands a file this big over by path.
    const folder = await mkdtemp(join(tmpdir(), 'jetbridge-huge-'));
    const path = join(folder, 'huge.csv');
    await writeFile(path, Buffer.alloc(50 * 1024 * 1024 + 1, 'x'));
    try {
      await supervisor.getByTestId('schedule-file').setInputFiles(path);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    expect(await supervisor.getByTestId('import-refused').textContent()).toMatch(
      /50\.0 MB; the hub takes schedule files up to 50\.0 MB/,
    );
    expect(await supervisor.getByTestId('schedule-dry-run').isDisabled()).toBe(true);
  });

  it('a second import while one runs shows the hub refusal in plain words', async () => {
    const supervisor = await open('super');
    const watcher = await hub.connect(await hub.login('super'));
    const started = new Promise<ScheduleImportProgress>((resolve) =>
      watcher.once('schedules:progress', resolve),
    );
    // A long dry run holds the hub's one import slot: legs for next year read, none applied.
    const year = DateTime.now().setZone(ZONE).year + 1;
    const big = Array.from(
      { length: 60_000 },
      (_, n) =>
        `X${'ABCDEFGH'[Math.floor(n / 9000)]},${1 + (n % 9000)},DEL,BOM,09:10,11:20,${year}-03-01,${year}-03-02,1234567,320`,
    );
    const blocker = fetch(`${hub.url}/api/schedules?format=csv&dryRun=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await hub.login('super')}`, 'content-type': 'text/csv' },
      body: csv(big),
    });
    await supervisor.getByTestId('open-schedule-import').click();
    expect((await started).phase).toBe('reading');
    await chooseFile(supervisor, 'second.csv', csv([departureRow(921, 60).line]));
    expect(await supervisor.getByTestId('import-refused').textContent()).toMatch(
      /^Another schedule import is running on the hub \(started by super\)|^Another schedule import is running on the hub\./,
    );
    expect((await blocker).status).toBe(200);
    watcher.close();
  });

  it('an ad hoc flight added in the dialog appears in the agent grid; a second one is refused by field', async () => {
    const agent = await openAgentGrid('XX 95');
    const supervisor = await open('super');
    const std = DateTime.now().setZone(ZONE).plus({ minutes: 100 }).startOf('minute');
    const date = std.toISODate()!;
    const flightId = `D-XX0951-${date}`;

    const fill = async () => {
      await supervisor.getByTestId('adhoc-airline').fill('XX');
      await supervisor.getByTestId('adhoc-flightNumber').fill('951');
      await supervisor.getByTestId('adhoc-date').fill(date);
      await supervisor.getByTestId('adhoc-otherAirport').fill('BOM');
      await supervisor.getByTestId('adhoc-std').fill(std.toFormat('HH:mm'));
      await supervisor.getByTestId('adhoc-sta').fill(std.plus({ minutes: 130 }).toFormat('HH:mm'));
      await supervisor.getByTestId('adhoc-aircraftType').fill('321');
      await supervisor.getByTestId('adhoc-terminal').fill('T3');
    };
    await supervisor.getByTestId('open-adhoc-flight').click();
    // An unknown airport is named under its field before anything is sent.
    await supervisor.getByTestId('adhoc-otherAirport').fill('QQQ');
    await supervisor.getByTestId('adhoc-submit').click();
    await poll(() =>
      supervisor.locator('.adhoc-field-invalid .adhoc-error').allTextContents(),
    ).toContain('unknown airport "QQQ"');

    await fill();
    await supervisor.getByTestId('adhoc-submit').click();
    expect(await supervisor.getByTestId('adhoc-created').textContent()).toMatch(
      new RegExp(`XX 951 DEL→BOM on ${date} is added`),
    );
    await gridRow(agent, flightId).waitFor();
    // What flight:create does not take followed as an update.
    await poll(async () =>
      (await hubFlights()).find((flight) => flight.id === flightId),
    ).toMatchObject({ aircraftType: '321', terminal: 'T3', source: 'adhoc' });

    await supervisor.getByRole('button', { name: 'Add another' }).click();
    await fill();
    await supervisor.getByTestId('adhoc-submit').click();
    await poll(() =>
      supervisor.locator('.adhoc-field-invalid .adhoc-error').allTextContents(),
    ).toEqual([expect.stringMatching(/XX 951 on .* exists already/)]);
  });
});
