import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Flight } from '../../core';
import { fixtureSeed, request, type TestHub } from '../../test-support/hub-harness';
import { formatEstimate, formatOnDayOf } from '../src/domain/flightPresentation';
import { gridCell, launchChromium, openConsole, signInAs, startConsoleHub } from './consoleDriver';

/**
 * The duty manager's picture in the built console (issue 14): the supervisors' KPI strip follows
 * a delay as it happens, and a late inbound's suggestion is applied with one action and reaches
 * a second console.
 */
let hub: TestHub;
let browser: Browser;
const contexts: BrowserContext[] = [];
const ZONE = 'Asia/Kolkata';
const MINUTE = 60_000;
const UI_TIMEOUT = 20_000;
/** Signing in two consoles on a loaded machine takes a while. */
const TEST_TIMEOUT = 120_000;

/** Times from the real clock (the console computes "today" with it), to the minute. */
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const at = (minutes: number) => new Date(NOW + minutes * MINUTE).toISOString();

function flight(fields: Partial<Flight> & Pick<Flight, 'id' | 'flightNumber' | 'std'>): Flight {
  return {
    airline: 'XX',
    origin: 'DEL',
    destination: 'BOM',
    etd: fields.std,
    gate: null,
    status: 'SCHEDULED',
    delayCode: null,
    remark: null,
    version: 0,
    updatedAt: new Date(NOW).toISOString(),
    updatedBy: null,
    originTimeZone: ZONE,
    ...fields,
  };
}

/** An A320 (narrow-body: 35 minutes on the ground) due in 30 minutes, out again in 50. */
const INBOUND = flight({
  id: 'k-inbound',
  flightNumber: 'XX 71',
  direction: 'arrival',
  origin: 'BOM',
  destination: 'DEL',
  std: at(-90),
  sta: at(30),
  eta: at(30),
  status: 'AIRBORNE',
  registration: 'VT-KPI',
  aircraftType: '320',
  destinationTimeZone: ZONE,
});
const OUTBOUND = flight({
  id: 'k-outbound',
  flightNumber: 'XX 72',
  std: at(50),
  gate: '5',
  registration: 'VT-KPI',
  aircraftType: '320',
});
/** Left its stand time five minutes ago, still on the ground: today's, whatever the hour. */
const WAITING = flight({ id: 'k-waiting', flightNumber: 'XX 73', std: at(-5), gate: '6' });
/** Ready 35 minutes after the inbound's ETA, rounded up to 5 minutes: 15 to 20 minutes late. */
const SUGGESTED = new Date(Math.ceil((NOW + 65 * MINUTE) / (5 * MINUTE)) * 5 * MINUTE);

beforeAll(async () => {
  hub = await startConsoleHub({
    seed: () => {
      const seed = fixtureSeed(new Date(NOW));
      return { ...seed, flights: [...seed.flights, INBOUND, OUTBOUND, WAITING] };
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function open(username: string): Promise<Page> {
  const { context, page } = await openConsole(browser, hub);
  context.setDefaultTimeout(UI_TIMEOUT);
  contexts.push(context);
  await signInAs(page, username);
  await page.getByTestId('departures-grid').waitFor({ timeout: 3 * UI_TIMEOUT });
  return page;
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: UI_TIMEOUT })) ?? '').trim();
}

/** Clicks a download button; the file's name and text. */
async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

async function hubFlight(flightId: string): Promise<Flight> {
  const socket = await hub.connect(await hub.login('board'));
  try {
    const ack = await request(socket, 'flights:snapshot', {});
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.flights.find((f) => f.id === flightId)!;
  } finally {
    socket.close();
  }
}

describe('the KPI strip and turnarounds', () => {
  it(
    'moves the KPI strip when a flight is delayed, for supervisors only',
    async () => {
      const supervisor = await open('super');
      const delayed = supervisor.getByTestId('kpi-delayed-value');
      await expect.poll(() => text(delayed), { timeout: UI_TIMEOUT }).toBe('0');
      expect(await text(supervisor.getByTestId('kpi-average-delay-value'))).toBe('0.0');
      await expect(
        supervisor.getByTestId('kpi-delay-chart').getAttribute('data-groups'),
      ).resolves.toBe('');

      const agent = await hub.connect(await hub.login('agent1'));
      const ack = await request(agent, 'flight:update', {
        flightId: WAITING.id,
        baseVersion: 0,
        opId: randomUUID(),
        changes: { etd: at(35), delayCode: '93' },
      });
      expect(ack.ok).toBe(true);

      await expect.poll(() => text(delayed), { timeout: UI_TIMEOUT }).toBe('1');
      await expect
        .poll(() => supervisor.getByTestId('kpi-delay-chart').getAttribute('data-groups'))
        .toBe('Reactionary 40');
      expect(Number(await text(supervisor.getByTestId('kpi-average-delay-value')))).toBeGreaterThan(
        0,
      );

      // The KPI report and the grid, as CSV downloads.
      const report = await download(supervisor, 'export-kpi-csv');
      expect(report.name).toMatch(/^kpis-DEL-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(report.text).toContain('departures,delayed 15 min or more,1\r\n');
      expect(report.text).toContain('delay minutes by group,Reactionary,40\r\n');
      const grid = await download(supervisor, 'export-grid-csv');
      const [header, ...rows] = grid.text.trim().split(/\r?\n/);
      expect(header).toContain('"Flight"');
      expect(header).toContain('"Turn"');
      expect(header).not.toContain('"Manifest"');
      // The ETD as the grid shows it: "+1" when it falls after the airport's midnight.
      expect(rows.find((row) => row.includes('"XX 73"'))).toContain(
        `"${formatEstimate({ ...WAITING, etd: at(35) }, ZONE)}"`,
      );

      // Agents work the grid without the strip.
      const agentPage = await open('agent2');
      await gridCell(agentPage, WAITING.id, 'etd').waitFor();
      expect(await agentPage.getByTestId('kpi-strip').count()).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'links the inbound to its outbound and applies a late-inbound suggestion in one action',
    async () => {
      const supervisor = await open('super');
      const watcher = await open('agent1');
      // Times as the console shows them beside a flight: "+1" when after the airport's midnight.
      const suggested = formatOnDayOf(SUGGESTED.toISOString(), OUTBOUND, ZONE);
      const inboundEta = formatOnDayOf(INBOUND.eta!, OUTBOUND, ZONE);
      // The inbound left its origin 90 minutes ago: outside "next 3 hours" (a departures' window).
      await supervisor.getByTestId('time-window-all').click();
      await watcher.getByTestId('time-window-all').click();

      // The link on both flights.
      await expect
        .poll(() => text(gridCell(supervisor, OUTBOUND.id, 'turnaround')), { timeout: UI_TIMEOUT })
        .toBe(`← XX 71 ${inboundEta}${suggested} · 93`);
      // The inbound is an arrival: its link is in the Arrivals grid.
      await supervisor.getByTestId('view-arrivals').click();
      await supervisor.getByTestId('time-window-all').click();
      await expect
        .poll(() => text(gridCell(supervisor, INBOUND.id, 'turnaround', 'arrivals-grid')), {
          timeout: UI_TIMEOUT,
        })
        .toBe(`→ XX 72 ${formatOnDayOf(OUTBOUND.etd, INBOUND, ZONE)}`);
      await supervisor.getByTestId('view-grid').click();

      // The panel explains it; one button applies it.
      await gridCell(supervisor, OUTBOUND.id, 'flightNumber').click();
      const line = supervisor.getByTestId('turnaround-line');
      await expect.poll(() => text(line)).toContain('Late inbound');
      await supervisor.getByTestId('apply-turnaround-suggestion').click();

      await expect
        .poll(async () => {
          const stored = await hubFlight(OUTBOUND.id);
          return { etd: stored.etd, delayCode: stored.delayCode };
        })
        .toEqual({ etd: SUGGESTED.toISOString(), delayCode: '93' });
      // A second console sees it at once, and the suggestion is gone: the inbound makes it now.
      // As the grid shows an estimate: "+1" when the suggestion falls after the airport's midnight.
      const suggestedEtd = formatEstimate({ ...OUTBOUND, etd: SUGGESTED.toISOString() }, ZONE);
      await expect
        .poll(() => text(gridCell(watcher, OUTBOUND.id, 'etd')), { timeout: UI_TIMEOUT })
        .toBe(suggestedEtd);
      await expect
        .poll(() => text(gridCell(watcher, OUTBOUND.id, 'turnaround')))
        .toBe(`← XX 71 ${inboundEta}`);
      await expect
        .poll(() => supervisor.getByTestId('apply-turnaround-suggestion').count())
        .toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'shows the KPI strip on the demo day (JETBRIDGE_SCREENSHOTS=1 refreshes docs/screenshot-kpis.png)',
    async () => {
      if (process.env.JETBRIDGE_SCREENSHOTS !== '1') return;
      const demo = await startConsoleHub({ demo: true });
      try {
        const { context, page } = await openConsole(browser, demo);
        contexts.push(context);
        await signInAs(page, 'super');
        await page.getByTestId('kpi-delay-chart').locator('canvas').first().waitFor();
        await page.getByTestId('departures-grid').locator('[role="row"][row-id]').first().waitFor();
        await page.screenshot({ path: 'docs/screenshot-kpis.png' });
      } finally {
        await demo.close();
      }
    },
    TEST_TIMEOUT,
  );
});
