import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { NotificationDispatcher, systemClock, type RetryPolicy } from './dispatcher';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import type { NotificationOutbox } from './notification-outbox';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { refusingPort } from '../../test-support/child-processes';
import { FakeTwilioServer } from '../../test-support/fake-twilio-server';
import { queuedRecord } from '../../test-support/notification-records';
import { waitFor } from '../../test-support/wait-for';

const fastRetry: RetryPolicy = { baseMs: 5, capMs: 20, maxAttempts: 8 };
let twilio: FakeTwilioServer;
let outbox: MemoryNotificationOutbox;
let dispatcher: NotificationDispatcher | undefined;

function channel(
  overrides: { apiBase?: string; statusCallbackUrl?: string; timeoutMs?: number } = {},
) {
  return new TwilioSmsChannel({
    settings: twilio.settings({
      ...(overrides.apiBase ? { apiBase: overrides.apiBase } : {}),
      statusCallbackUrl: overrides.statusCallbackUrl ?? null,
    }),
    timeoutMs: overrides.timeoutMs ?? 2_000,
    listingDelayMs: 0,
  });
}

async function startDispatcher(
  options: {
    retry?: RetryPolicy;
    concurrency?: number;
    sms?: TwilioSmsChannel | null;
    box?: NotificationOutbox;
  } = {},
) {
  const sms = options.sms === null ? undefined : (options.sms ?? channel());
  dispatcher = new NotificationDispatcher({
    outbox: options.box ?? outbox,
    channels: sms ? { sms } : {},
    retry: options.retry ?? fastRetry,
    concurrency: { sms: options.concurrency ?? 50 },
    random: () => 0.5,
  });
  await dispatcher.start();
  return dispatcher;
}

const settled = (id: string) => () =>
  ['sent', 'failed', 'skipped'].includes(outbox.get(id)?.status ?? '');

beforeEach(async () => {
  twilio = new FakeTwilioServer();
  await twilio.start();
  outbox = new MemoryNotificationOutbox();
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  await twilio.stop();
});

describe('SMS through Twilio', () => {
  it('posts To, From and Body with Basic auth to the account Messages endpoint', async () => {
    const record = queuedRecord();
    await outbox.add([record]);
    await startDispatcher({
      sms: channel({
        statusCallbackUrl: 'https://hub.example.com/api/notifications/twilio-status',
      }),
    });
    await waitFor(settled(record.id), 'the SMS to be sent');

    expect(twilio.rejected).toEqual([]);
    expect(twilio.requests).toHaveLength(1);
    expect(twilio.requests[0]).toMatchObject({
      to: '+919876543210',
      from: '+15005550006',
      body: record.body,
    });
    expect(twilio.requests[0]!.form.get('StatusCallback')).toBe(
      'https://hub.example.com/api/notifications/twilio-status',
    );
    const sent = outbox.get(record.id)!;
    expect(sent).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: expect.stringMatching(/^SM/),
    });
    expect(Date.parse(sent.sentAt!)).not.toBeNaN();
  });

  it('retries 500s with backoff and sends once, counting the attempts', async () => {
    twilio.failWith500(3);
    const record = queuedRecord();
    await outbox.add([record]);
    await startDispatcher();
    await waitFor(settled(record.id), 'the SMS to be sent');
    expect(outbox.get(record.id)).toMatchObject({
      status: 'sent',
      attempts: 4,
      lastError: expect.stringContaining('20500'),
    });
    expect(twilio.requests).toHaveLength(4);
    expect(twilio.requests.filter((r) => r.to === record.to)).toHaveLength(4);
  });

  it('gives up on temporary failures after the max attempts', async () => {
    twilio.failWith500(10);
    const record = queuedRecord();
    await outbox.add([record]);
    await startDispatcher({ retry: { ...fastRetry, maxAttempts: 3 } });
    await waitFor(settled(record.id), 'the SMS to fail');
    expect(outbox.get(record.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: expect.stringMatching(/^gave up after 3 attempts: Twilio error 20500/),
    });
    expect(twilio.requests).toHaveLength(3);
  });

  it('sends a record that comes due while the dispatcher is claiming, without another wake-up', async () => {
    // The claims take a minute here (the clock jumps during the first one that finds nothing):
    // the record, due 30 s in, was not seen by that claim and is due when it ends.
    let skew = 0;
    const clock = { ...systemClock, now: () => Date.now() + skew };
    class SlowClaims extends MemoryNotificationOutbox {
      override async claimDue(...args: Parameters<NotificationOutbox['claimDue']>) {
        const due = await super.claimDue(...args);
        if (due.length === 0 && skew === 0) skew = 60_000;
        return due;
      }
    }
    outbox = new SlowClaims();
    const record = queuedRecord({ nextAttemptAt: new Date(Date.now() + 30_000).toISOString() });
    await outbox.add([record]);
    dispatcher = new NotificationDispatcher({
      outbox,
      channels: { sms: channel() },
      retry: fastRetry,
      clock,
    });
    await dispatcher.start();
    await waitFor(settled(record.id), 'the SMS to be sent');
    expect(outbox.get(record.id)?.status).toBe('sent');
    expect(twilio.requests).toHaveLength(1);
  });

  it('fails an invalid number (21211) at once, without retrying', async () => {
    twilio.answers.push(
      FakeTwilioServer.errorAnswer(
        21211,
        "The 'To' number +919876543210 is not a valid phone number.",
      ),
    );
    const record = queuedRecord();
    await outbox.add([record]);
    await startDispatcher();
    await waitFor(settled(record.id), 'the SMS to fail');
    expect(outbox.get(record.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: "Twilio error 21211: The 'To' number +919876543210 is not a valid phone number.",
    });
    await dispatcher!.stop();
    expect(twilio.requests).toHaveLength(1);
  });

  it('marks an unsubscribed phone (21610) as opted out and skips later SMS to it', async () => {
    twilio.answersByRecipient.set(
      '+919876543210',
      FakeTwilioServer.errorAnswer(21610, 'Attempt to send to unsubscribed recipient'),
    );
    const first = queuedRecord();
    await outbox.add([first]);
    await startDispatcher();
    await waitFor(settled(first.id), 'the SMS to fail');
    expect(outbox.get(first.id)).toMatchObject({
      status: 'failed',
      error: 'Twilio error 21610: Attempt to send to unsubscribed recipient',
    });
    expect(outbox.optOuts.isOptedOut('+919876543210')).toBe(true);

    const later = queuedRecord();
    const other = queuedRecord({ to: '+447700900123' });
    await outbox.add([later, other]);
    dispatcher!.kick();
    await waitFor(() => settled(later.id)() && settled(other.id)(), 'the later SMS to settle');
    expect(outbox.get(later.id)).toMatchObject({
      status: 'skipped',
      attempts: 0,
      error: expect.stringMatching(/^recipient opted out: Twilio error 21610/),
    });
    expect(outbox.get(other.id)!.status).toBe('sent');
    expect(twilio.requests.filter((r) => r.to === '+919876543210')).toHaveLength(1);
  });

  it('treats an unreachable Twilio as temporary', async () => {
    const record = queuedRecord();
    await outbox.add([record]);
    const refusing = await refusingPort();
    onTestFinished(refusing.release);
    const apiBase = `http://127.0.0.1:${refusing.port}`;
    await startDispatcher({ sms: channel({ apiBase }), retry: { ...fastRetry, maxAttempts: 2 } });
    await waitFor(settled(record.id), 'the SMS to fail', 10_000);
    expect(outbox.get(record.id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: expect.stringMatching(/^gave up after 2 attempts: Twilio unreachable/),
    });
  });

  it('times out a Twilio that does not answer, and retries', async () => {
    // The answer never comes and nothing was taken (a 500 held past the timeout).
    twilio.delayMs = 300;
    twilio.failWith500(2);
    const record = queuedRecord();
    await outbox.add([record]);
    await startDispatcher({
      sms: channel({ timeoutMs: 50 }),
      retry: { ...fastRetry, maxAttempts: 2 },
    });
    await waitFor(settled(record.id), 'the SMS to fail');
    expect(outbox.get(record.id)!.error).toMatch(
      /^gave up after 2 attempts: Twilio did not answer within 50 ms/,
    );
    // Each unanswered attempt was checked before the next one.
    expect(twilio.listCalls.map((query) => query.get('To'))).toEqual([record.to, record.to]);
    expect(twilio.messages).toEqual([]);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    twilio.delayMs = 25;
    const records = Array.from({ length: 30 }, (_, i) =>
      queuedRecord({ to: `+9198765432${String(i).padStart(2, '0')}` }),
    );
    await outbox.add(records);
    await startDispatcher({ concurrency: 4 });
    await waitFor(() => records.every((r) => settled(r.id)()), 'all 30 SMS to be sent');
    expect(twilio.maxInFlight).toBe(4);
    expect(twilio.requests).toHaveLength(30);
    expect(records.every((r) => outbox.get(r.id)!.status === 'sent')).toBe(true);
  });

  it('stops cleanly, recording the sends under way', async () => {
    twilio.delayMs = 100;
    const records = [queuedRecord(), queuedRecord({ to: '+447700900123' })];
    await outbox.add(records);
    await startDispatcher();
    await waitFor(() => twilio.inFlight === 2, 'both requests to be under way');
    await dispatcher!.stop();
    expect(records.map((r) => outbox.get(r.id)!.status)).toEqual(['sent', 'sent']);
  });
});

describe('a lost answer (sent once, also when the answer is lost)', () => {
  it('Twilio takes the message, then the connection drops: checked, recorded sent, not resent', async () => {
    twilio.answers.push('drop');
    const record = queuedRecord();
    await outbox.add([record]);
    await startDispatcher();
    await waitFor(settled(record.id), 'the SMS to settle');
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.requests).toHaveLength(1);
    expect(outbox.get(record.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: twilio.messages[0]!.sid,
      lastError: expect.stringContaining('it may have been sent'),
    });
    expect(outbox.get(record.id)!.unconfirmedSince).toBeUndefined();
    expect(twilio.listCalls).toHaveLength(1);
    expect(twilio.listCalls[0]!.get('To')).toBe(record.to);
  });

  it('Twilio answers after the timeout: checked, recorded sent, not resent', async () => {
    twilio.delayMs = 300;
    const record = queuedRecord();
    await outbox.add([record]);
    await startDispatcher({ sms: channel({ timeoutMs: 50 }) });
    await waitFor(settled(record.id), 'the SMS to settle');
    expect(twilio.messages).toHaveLength(1);
    expect(outbox.get(record.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: twilio.messages[0]!.sid,
    });
  });

  it('a refused connection never reached Twilio: retried without checking, sent once', async () => {
    const record = queuedRecord();
    await outbox.add([record]);
    const { port } = new URL(twilio.apiBase);
    const sms = channel();
    await twilio.stop();
    await startDispatcher({ sms, retry: { baseMs: 20, capMs: 100, maxAttempts: 30 } });
    await waitFor(() => (outbox.get(record.id)?.attempts ?? 0) >= 2, 'two refused attempts');
    await twilio.start(Number(port));
    await waitFor(settled(record.id), 'the SMS to be sent');
    expect(outbox.get(record.id)).toMatchObject({
      status: 'sent',
      lastError: expect.stringContaining('Twilio unreachable'),
    });
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.listCalls).toEqual([]);
  });

  it('checks again when Twilio cannot be asked, then settles', async () => {
    twilio.answers.push('drop');
    twilio.listAnswers.push({
      status: 503,
      body: { code: 20503, message: 'Service Unavailable', status: 503 },
    });
    const record = queuedRecord();
    await outbox.add([record]);
    await startDispatcher();
    await waitFor(settled(record.id), 'the SMS to settle');
    expect(twilio.listCalls).toHaveLength(2);
    expect(twilio.messages).toHaveLength(1);
    expect(outbox.get(record.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(outbox.get(record.id)!.checkFailures).toBeUndefined();
  });

  it('gives one accepted message to one record when two carry the same text to one phone', async () => {
    twilio.answers.push('drop', { status: 500, body: { code: 20500, message: 'Internal' } });
    const records = [queuedRecord(), queuedRecord()];
    await outbox.add(records);
    await startDispatcher({ concurrency: 1 });
    await waitFor(() => records.every((r) => settled(r.id)()), 'both SMS to settle');
    expect(records.map((r) => outbox.get(r.id)!.status)).toEqual(['sent', 'sent']);
    const sids = records.map((r) => outbox.get(r.id)!.providerMessageId);
    expect(new Set(sids).size).toBe(2);
    expect(twilio.messages.map((m) => m.sid).sort()).toEqual([...sids].sort());
  });

  it('pages through the Messages list', async () => {
    const record = queuedRecord();
    // 120 other messages to the same phone: every page is read (where Twilio lists a message
    // it still holds queued is not documented, so no page is skipped).
    const sms = channel();
    for (let i = 0; i < 120; i += 1) await sms.send({ ...record, body: `another text ${i}` });
    await outbox.add([record]);
    twilio.answers.push('drop');
    await startDispatcher({ sms });
    await waitFor(settled(record.id), 'the SMS to settle');
    expect(outbox.get(record.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(twilio.listCalls.map((q) => q.get('Page') ?? '0')).toEqual(['0', '1', '2']);
  });
});

describe('without providers', () => {
  it('stores each notification and marks it skipped with the reason', async () => {
    const sms = queuedRecord();
    const email = queuedRecord({ channel: 'email', to: 'asha@example.com', subject: 'New gate' });
    await outbox.add([sms, email]);
    await startDispatcher({ sms: null });
    await waitFor(() => settled(sms.id)() && settled(email.id)(), 'both to be skipped');
    expect(outbox.get(sms.id)).toMatchObject({
      status: 'skipped',
      attempts: 0,
      error: 'SMS not configured (TWILIO_* unset)',
    });
    expect(outbox.get(email.id)).toMatchObject({
      status: 'skipped',
      error: 'e-mail not configured (SMTP_URL unset)',
    });
  });
});

describe('backoff', () => {
  it('uses full jitter under an exponentially growing, capped ceiling', () => {
    const draws = [0.999, 0.5, 0];
    let next = 0;
    const d = new NotificationDispatcher({
      outbox: new MemoryNotificationOutbox(),
      channels: {},
      retry: { baseMs: 1_000, capMs: 300_000, maxAttempts: 8 },
      random: () => draws[next++ % draws.length]!,
    });
    expect(d.backoffMs(1)).toBe(999); // ceiling 1 s
    expect(d.backoffMs(4)).toBe(4_000); // half of 8 s
    expect(d.backoffMs(3)).toBe(0);
    expect(d.backoffMs(20)).toBe(299_700); // capped at 5 min
  });
});
