import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotificationDispatcher } from './dispatcher';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import { renderNotification } from './message-templates';
import { SmtpEmailChannel, classifySmtpError } from './smtp-email-channel';
import { TestSmtpServer } from '../../test-support/test-smtp-server';
import { queuedRecord } from '../../test-support/notification-records';
import { waitFor } from '../../test-support/wait-for';
import { delhiFlight } from '../../test-support/flight-fixture';

let smtp: TestSmtpServer;
let outbox: MemoryNotificationOutbox;
let dispatcher: NotificationDispatcher;
let channel: SmtpEmailChannel;

const rendered = renderNotification({
  flight: delhiFlight({ gate: '42B' }),
  notice: {
    kind: 'GATE_CHANGE',
    gateChanged: true,
    timeMove: null,
    gate: '42B',
    etd: '2026-11-21T08:35:00.000Z',
    told: { gate: '42B', etd: '2026-11-21T08:35:00.000Z', status: null },
  },
  passenger: { name: 'Asha <Rao>', locale: 'hi' },
});
const emailRecord = () =>
  queuedRecord({
    channel: 'email',
    to: 'asha@example.com',
    subject: rendered.email.subject,
    body: rendered.email.text,
    html: rendered.email.html,
    language: 'hi',
  });
/** How long a record may take to settle here: a limit for a hang, never a wait. */
const SETTLE_MS = 20_000;
const settled = (id: string) => () => ['sent', 'failed'].includes(outbox.get(id)?.status ?? '');

beforeEach(async () => {
  smtp = new TestSmtpServer();
  await smtp.start();
  outbox = new MemoryNotificationOutbox();
  channel = new SmtpEmailChannel({
    settings: { url: smtp.url, from: 'Jetbridge <ops@jetbridge.test>' },
    // Far above a loaded machine's SMTP round trip: these tests are about answers, not timeouts.
    timeoutMs: 10_000,
  });
  dispatcher = new NotificationDispatcher({
    outbox,
    channels: { email: channel },
    retry: { baseMs: 5, capMs: 20, maxAttempts: 5 },
    random: () => 0.5,
  });
});
afterEach(async () => {
  await dispatcher.stop();
  await channel.close();
  await smtp.stop();
});

describe('e-mail through SMTP', () => {
  it('delivers subject, plain text and HTML to the passenger', async () => {
    const record = emailRecord();
    await outbox.add([record]);
    await dispatcher.start();
    await waitFor(settled(record.id), 'the e-mail to be sent', SETTLE_MS);

    expect(outbox.get(record.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: expect.any(String),
    });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toBe('ops@jetbridge.test');
    expect(mail.to).toEqual(['asha@example.com']);
    expect(mail.subject).toBe('उड़ान 6E 2134: नया गेट 42B');
    expect(mail.text).toContain('गेट बदलकर 42B');
    expect(mail.text).toContain('प्रिय Asha <Rao>,');
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
  });

  it('retries a 451 and sends once', async () => {
    smtp.rcptAnswers = [451];
    const record = emailRecord();
    await outbox.add([record]);
    await dispatcher.start();
    await waitFor(settled(record.id), 'the e-mail to be sent', SETTLE_MS);
    expect(outbox.get(record.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: expect.stringMatching(/^SMTP 451/),
    });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.rcptCommands).toBe(2);
  });

  it('fails a 550 at once, with the server reason', async () => {
    smtp.rcptAnswers = [550];
    const record = emailRecord();
    await outbox.add([record]);
    await dispatcher.start();
    await waitFor(settled(record.id), 'the e-mail to fail', SETTLE_MS);
    await dispatcher.stop();
    expect(outbox.get(record.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: expect.stringMatching(/^SMTP 550: .*mailbox unavailable/),
    });
    expect(smtp.received).toHaveLength(0);
    expect(smtp.rcptCommands).toBe(1);
  });
});

describe('classifySmtpError', () => {
  it('treats 4xx and lost connections as temporary, 5xx and bad credentials as permanent', () => {
    const error = (props: object) => Object.assign(new Error('x'), props);
    expect(classifySmtpError(error({ responseCode: 421 }))).toMatchObject({ temporary: true });
    expect(classifySmtpError(error({ responseCode: 554 }))).toMatchObject({ temporary: false });
    expect(classifySmtpError(error({ code: 'ECONNECTION' }))).toMatchObject({ temporary: true });
    expect(classifySmtpError(error({ code: 'ETIMEDOUT' }))).toMatchObject({ temporary: true });
    expect(classifySmtpError(error({ code: 'EAUTH' }))).toMatchObject({ temporary: false });
  });
});
