import { appendFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NotificationDispatcher } from './dispatcher';
import { FileNotificationOutbox } from './file-notification-outbox';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { ManualClock } from '../../test-support/manual-clock';
import { queuedRecord } from '../../test-support/notification-records';
import { canMountTmpfs, fillDisk, mountTmpfs } from '../../test-support/tmpfs';
import { waitFor } from '../../test-support/wait-for';

const BODY = ' '.repeat(5000);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Fills the disk to the last byte. tmpfs hands out whole pages, so a line still fits in the
 * journal's last page: the records here are longer than a page (BODY).
 */
async function fillCompletely(folder: string): Promise<string> {
  const filler = await fillDisk(folder, 8);
  try {
    for (;;) await appendFile(filler, Buffer.alloc(256));
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
  return filler;
}

/** A notification journal on a 1 MB tmpfs, and a fake Twilio; both go away after the test. */
async function outboxOnSmallDisk() {
  const disk = await mountTmpfs(1024);
  cleanups.push(disk.unmount);
  const folder = join(disk.path, 'data');
  await mkdir(folder, { mode: 0o700 });
  const twilio = new FakeTwilioServer();
  await twilio.start();
  cleanups.push(() => twilio.stop());
  const outbox = await FileNotificationOutbox.open(join(folder, 'notifications.ndjson'), {
    probeMs: 20,
  });
  cleanups.push(() => outbox.close());
  return { disk, folder, twilio, outbox };
}

function smsChannel(twilio: FakeTwilioServer): TwilioSmsChannel {
  return new TwilioSmsChannel({
    settings: twilio.settings(),
    listingDelayMs: 0,
  });
}

/**
 * The notification journal on a disk that fills up: a record whose write failed was applied in
 * memory first, and must never be sent; a record stored before is sent once when space returns.
 */
describe.skipIf(!canMountTmpfs)('the notification journal on a full disk', () => {
  it('never sends a record that was not stored, and resumes by itself when space returns', async () => {
    const { disk, folder, twilio, outbox } = await outboxOnSmallDisk();
    const clock = new ManualClock(Date.now());
    const dispatcher = new NotificationDispatcher({
      outbox,
      clock,
      channels: {
        sms: smsChannel(twilio),
      },
      retry: { baseMs: 5, capMs: 20, maxAttempts: 5 },
    });
    cleanups.push(() => dispatcher.stop());
    outbox.onResumed(() => void dispatcher.resume());
    await dispatcher.start();

    // Stored, due in a minute.
    const stored = queuedRecord({
      to: '+919800000001',
      body: 'stored before the disk filled' + BODY,
      nextAttemptAt: new Date(clock.now() + 60_000).toISOString(),
    });
    await outbox.add([stored]);
    const filler = await fillCompletely(disk.path);

    // Never stored: the write is refused, though the outbox applied it in memory first.
    const unstored = queuedRecord({ to: '+919800000002', body: 'never stored' + BODY });
    await expect(outbox.add([unstored])).rejects.toThrow(/ENOSPC|no space/i);
    expect(outbox.writable).toBe(false);
    await waitFor(() => outbox.get(unstored.id) === undefined, 'the journal to be read again');
    clock.advance(60_000);
    dispatcher.kick();
    // Writes are refused meanwhile, with the record stored as it was.
    await expect(outbox.update({ ...stored, lastError: 'x' })).rejects.toThrow(
      /folder takes writes/,
    );
    expect(outbox.get(stored.id)?.status).toBe('queued');

    // Space returns: the outbox finds out by itself, the stored record goes out once.
    await rm(filler);
    await waitFor(() => outbox.writable, 'the journal to take writes again');
    await waitFor(() => outbox.get(stored.id)?.status === 'sent', 'the stored record to be sent');
    const after = queuedRecord({ to: '+919800000003', body: 'after space returned' + BODY });
    await outbox.add([after]);
    dispatcher.kick();
    await waitFor(() => outbox.get(after.id)?.status === 'sent', 'a new record to be sent');
    expect(twilio.messages.map((message) => message.body.trim()).sort()).toEqual([
      'after space returned',
      'stored before the disk filled',
    ]);
    expect(outbox.get(unstored.id)).toBeUndefined();

    // And the journal on disk says the same.
    await outbox.close();
    const reopened = await FileNotificationOutbox.open(join(folder, 'notifications.ndjson'));
    cleanups.push(() => reopened.close());
    expect(reopened.get(stored.id)?.status).toBe('sent');
    expect(reopened.get(unstored.id)).toBeUndefined();
  });

  it('re-queues a send whose outcome could not be stored, checking with Twilio first', async () => {
    const { disk, twilio, outbox } = await outboxOnSmallDisk();
    let filler: Promise<string> | null = null;
    const channel = smsChannel(twilio);
    // The disk fills while Twilio is answering: `sending` is stored, `sent` cannot be.
    const send = channel.send.bind(channel);
    channel.send = async (record) => {
      const result = await send(record);
      filler ??= fillCompletely(disk.path);
      await filler;
      return result;
    };
    const dispatcher = new NotificationDispatcher({
      outbox,
      channels: { sms: channel },
      retry: { baseMs: 5, capMs: 20, maxAttempts: 5 },
    });
    cleanups.push(() => dispatcher.stop());
    outbox.onResumed(() => void dispatcher.resume());
    await dispatcher.start();
    const record = queuedRecord({ to: '+919800000004', body: 'answer lost to a full disk' + BODY });
    await outbox.add([record]);
    dispatcher.kick();
    await waitFor(() => filler !== null && !outbox.writable, 'the outcome write to fail');
    await rm(await filler!);
    await waitFor(() => outbox.get(record.id)?.status === 'sent', 'the record to be settled');
    // Twilio was asked, found the message, and nothing was sent twice.
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.listCalls.length).toBeGreaterThan(0);
  });
});
