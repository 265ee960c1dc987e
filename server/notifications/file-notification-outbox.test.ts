import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotificationDispatcher } from './dispatcher';
import { FileNotificationOutbox } from './file-notification-outbox';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { queuedRecord } from '../../test-support/notification-records';
import { waitFor } from '../../test-support/wait-for';

let folder: string;
let path: string;
let twilio: FakeTwilioServer;
const open: FileNotificationOutbox[] = [];

async function openOutbox(options = {}) {
  const outbox = await FileNotificationOutbox.open(path, options);
  open.push(outbox);
  return outbox;
}

function dispatcherFor(outbox: FileNotificationOutbox) {
  return new NotificationDispatcher({
    outbox,
    channels: {
      sms: new TwilioSmsChannel({
        settings: twilio.settings(),
        listingDelayMs: 0,
      }),
    },
    retry: { baseMs: 5, capMs: 20, maxAttempts: 5 },
  });
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jetbridge-outbox-'));
  path = join(folder, 'notifications.ndjson');
  twilio = new FakeTwilioServer();
  await twilio.start();
});
afterEach(async () => {
  for (const outbox of open.splice(0)) await outbox.close();
  await twilio.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('FileNotificationOutbox', () => {
  it('keeps records, opt-outs, windows and told states across a re-open', async () => {
    const first = await openOutbox();
    const record = queuedRecord();
    await first.add([record]);
    await first.update({ ...record, status: 'failed', attempts: 1, error: 'Twilio error 21211' });
    await first.optOuts.optOut({
      phone: '+447700900123',
      reason: 'Twilio error 21610',
      at: new Date().toISOString(),
    });
    const pending = {
      flightId: 'F2',
      before: { gate: '1', etd: '2026-11-21T08:35:00.000Z', status: null },
      firstChangeAt: '2026-11-21T06:00:00.000Z',
      lastChangeAt: '2026-11-21T06:00:05.000Z',
      dueAt: '2026-11-21T06:00:35.000Z',
    };
    await first.savePendingWindow(pending);
    const told = { gate: '7', etd: '2026-11-21T08:35:00.000Z', status: 'BOARDING' as const };
    const windowRecord = queuedRecord({ flightId: 'F3' });
    await first.closeWindow('F3', [windowRecord], [{ pnr: 'ABC123', told }]);
    await first.close();
    open.length = 0;

    const second = await openOutbox();
    expect(second.get(record.id)).toMatchObject({ status: 'failed', error: 'Twilio error 21211' });
    expect(second.optOuts.isOptedOut('+447700900123')).toBe(true);
    expect(second.listPendingWindows()).toEqual([pending]);
    expect(second.getToldState('F3', 'ABC123')).toEqual(told);
    expect(second.listByFlight('F3').map((r) => r.id)).toEqual([windowRecord.id]);
  });

  it('closes a big window encoded over several turns, in order with the writes around it', async () => {
    const first = await openOutbox();
    const pending = {
      flightId: 'F3',
      before: { gate: '1', etd: '2026-11-21T08:35:00.000Z', status: null },
      firstChangeAt: '2026-11-21T06:00:00.000Z',
      lastChangeAt: '2026-11-21T06:00:05.000Z',
      dueAt: '2026-11-21T06:00:35.000Z',
    };
    await first.savePendingWindow(pending, 7);
    const records = Array.from({ length: 30 }, (_, i) =>
      queuedRecord({ flightId: 'F3', pnr: `P${i}`, html: '<p>é "q"</p>' }),
    );
    const told = records.map((record) => ({ pnr: record.pnr, told: pending.before }));
    let yields = 0;
    const slicer = {
      due: true,
      yield: async () => {
        yields += 1;
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const closing = first.closeWindow('F3', records, told, { slicer });
    // Nothing is applied while the line is being encoded...
    expect(first.get(records[0]!.id)).toBeUndefined();
    expect(first.getPendingWindow('F3')).toBeDefined();
    await expect(closing).resolves.toBe(true);
    expect(yields).toBeGreaterThanOrEqual(30);
    // ...then the records are there, and written after what came before, before what follows.
    await first.update({ ...records[0]!, status: 'sending', attempts: 1 });
    await first.close();
    open.length = 0;
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { t: string }).t)).toEqual([
      'window',
      'window-closed',
      'notification',
    ]);

    const second = await openOutbox();
    expect(second.getPendingWindow('F3')).toBeUndefined();
    expect(second.listByFlight('F3')).toHaveLength(30);
    expect(second.get(records[0]!.id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(second.get(records[1]!.id)).toEqual(records[1]);
    expect(second.getToldState('F3', 'P29')).toEqual(pending.before);
  });

  it('stores nothing of a window close its owner no longer wants', async () => {
    const first = await openOutbox();
    const record = queuedRecord({ flightId: 'F3' });
    const told = [{ pnr: record.pnr, told: { gate: '2', etd: record.createdAt, status: null } }];
    const slicer = { due: true, yield: () => new Promise<void>((r) => setImmediate(r)) };
    let wanted = true;
    const closing = first.closeWindow('F3', [record], told, { slicer, stillWanted: () => wanted });
    wanted = false; // the window slid while the line was encoded
    await expect(closing).resolves.toBe(false);
    expect(first.get(record.id)).toBeUndefined();
    expect(first.getToldState('F3', record.pnr)).toBeUndefined();
    await first.close();
    open.length = 0;
    expect(await readFile(path, 'utf8').catch(() => '')).toBe('');
  });

  it('never sends a sent record again after a re-open, and sends what was still queued', async () => {
    const first = await openOutbox();
    const sent = queuedRecord();
    await first.add([sent]);
    const before = dispatcherFor(first);
    await before.start();
    await waitFor(() => first.get(sent.id)?.status === 'sent', 'the first SMS to be sent');
    await before.stop();
    const queued = queuedRecord({ to: '+447700900123' });
    await first.add([queued]); // stored, then the hub stops before sending it
    await first.close();
    open.length = 0;

    const second = await openOutbox();
    const after = dispatcherFor(second);
    await after.start();
    await waitFor(
      () => second.get(queued.id)?.status === 'sent',
      'the queued SMS to be sent after restart',
    );
    await after.stop();
    expect(twilio.requests.map((r) => r.to)).toEqual(['+919876543210', '+447700900123']);
    expect(second.get(sent.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('records as sent a record found `sending` at start that Twilio had taken', async () => {
    const first = await openOutbox();
    const record = queuedRecord();
    await first.add([record]);
    const startedAt = new Date().toISOString();
    await first.update({ ...record, status: 'sending', attempts: 1, attemptStartedAt: startedAt });
    // Twilio took it; the hub died before the answer was stored.
    await new TwilioSmsChannel({
      settings: twilio.settings(),
    }).send(record);
    await first.close();
    open.length = 0;

    const second = await openOutbox();
    const dispatcher = dispatcherFor(second);
    await dispatcher.start();
    await waitFor(() => second.get(record.id)?.status === 'sent', 'the SMS to be settled');
    await dispatcher.stop();
    expect(twilio.requests).toHaveLength(1);
    expect(second.get(record.id)).toMatchObject({
      attempts: 1,
      providerMessageId: twilio.messages[0]!.sid,
      sentAt: startedAt,
    });
  });

  it('keeps an unconfirmed attempt across a restart, and checks it before any resend', async () => {
    const first = await openOutbox();
    const record = queuedRecord();
    await first.add([record]);
    const since = new Date().toISOString();
    await new TwilioSmsChannel({
      settings: twilio.settings(),
    }).send(record);
    // The answer was lost; the hub stopped before the check.
    await first.update({
      ...record,
      attempts: 1,
      attemptStartedAt: since,
      unconfirmedSince: since,
    });
    await first.close();
    open.length = 0;

    const second = await openOutbox();
    expect(second.get(record.id)?.unconfirmedSince).toBe(since);
    const dispatcher = dispatcherFor(second);
    await dispatcher.start();
    await waitFor(() => second.get(record.id)?.status === 'sent', 'the SMS to be settled');
    await dispatcher.stop();
    expect(twilio.requests).toHaveLength(1);
    expect(second.get(record.id)?.providerMessageId).toBe(twilio.messages[0]!.sid);
  });

  it('resends a record found `sending` at start that Twilio never got', async () => {
    const first = await openOutbox();
    const record = queuedRecord();
    await first.add([record]);
    await first.update({ ...record, status: 'sending', attempts: 1 }); // crash before the answer was stored
    await first.close();
    open.length = 0;

    const second = await openOutbox();
    const dispatcher = dispatcherFor(second);
    await dispatcher.start();
    await waitFor(
      () => second.get(record.id)?.status === 'sent',
      'the interrupted SMS to be resent',
    );
    await dispatcher.stop();
    expect(second.get(record.id)).toMatchObject({
      attempts: 2,
      lastError: 'the hub stopped while this was being sent',
    });
    expect(twilio.listCalls).toHaveLength(1);
    expect(twilio.requests).toHaveLength(1);
  });

  it('writes a send outcome ahead of larger writes already waiting', async () => {
    const outbox = await openOutbox();
    const record = queuedRecord();
    await outbox.add([record]);
    const finished: string[] = [];
    // The first write is under way; the others wait for it, the prompt one goes next.
    const first = outbox.add([queuedRecord({ id: 'under-way' })]);
    await new Promise((resolve) => setImmediate(resolve));
    const big = outbox.add(
      Array.from({ length: 200 }, (_, i) => queuedRecord({ id: `big-${i}`, flightId: 'F9' })),
    );
    const outcome = outbox.update({ ...record, status: 'sent', attempts: 1 }, { promptly: true });
    await Promise.all([
      first.then(() => finished.push('under way')),
      big.then(() => finished.push('big')),
      outcome.then(() => finished.push('outcome')),
    ]);
    expect(finished).toEqual(['under way', 'outcome', 'big']);
    const ids = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { record: { id: string } }).record.id);
    expect(ids.slice(0, 3)).toEqual([record.id, 'under-way', record.id]);
    expect(ids.slice(3)).toHaveLength(200);
  });

  it('drops a torn last line, but refuses a corrupt file without touching it', async () => {
    const first = await openOutbox();
    const record = queuedRecord();
    await first.add([record]);
    await first.close();
    open.length = 0;
    await appendFile(path, '{"t":"notification","record":{"id":"half'); // crash mid-write
    const second = await openOutbox();
    expect(second.listByFlight('F1').map((r) => r.id)).toEqual([record.id]);
    await second.add([queuedRecord({ id: 'after-torn' })]);
    await second.close();
    open.length = 0;
    expect((await openOutbox()).get('after-torn')).toBeDefined();

    const corrupt = '{"t":"notification","record":{"id":"x"}}\n' + (await readFile(path, 'utf8'));
    await writeFile(path, corrupt);
    await expect(FileNotificationOutbox.open(path)).rejects.toThrow(
      /notifications\.ndjson: line 1 is not a valid entry/,
    );
    expect(await readFile(path, 'utf8')).toBe(corrupt);
  });

  it('compacts the journal to the live state', async () => {
    const outbox = await openOutbox({ compactAfterExtraLines: 10 });
    const record = queuedRecord();
    await outbox.add([record]);
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      await outbox.update({ ...record, attempts: attempt });
    }
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    await outbox.close();
    open.length = 0;
    expect((await openOutbox()).get(record.id)?.attempts).toBe(30);
  });

  it('commits concurrent writes together and loses none', async () => {
    const outbox = await openOutbox();
    const records = Array.from({ length: 200 }, () => queuedRecord());
    await Promise.all(records.map((r) => outbox.add([r])));
    await outbox.close();
    open.length = 0;
    const reopened = await openOutbox();
    expect(reopened.listByFlight('F1')).toHaveLength(200);
  });
});
