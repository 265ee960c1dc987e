import nodemailer, { type Transporter } from 'nodemailer';
import { EmailComposer } from './email-message';
import { DEFAULT_SMTP_CONNECTIONS, type SmtpSettings } from './notification-config';
import type {
  ChannelTwin,
  SendContext,
  SendResult,
  ThreadableChannel,
} from './notification-channel';
import type { NotificationRecord } from './notification-record';

export interface SmtpEmailChannelOptions {
  settings: SmtpSettings;
  /** Connection, greeting and socket timeouts. Default 15 s. */
  timeoutMs?: number;
  /** Headers to add to a record's mail (e.g. RFC 8058 one-click unsubscribe). */
  headersFor?: (record: NotificationRecord) => Promise<Record<string, string>>;
}

/** E-mail through SMTP (nodemailer), plain text with an HTML alternative. */
export class SmtpEmailChannel implements ThreadableChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;
  /** The sender's address and domain (for the SMTP envelope and Message-IDs). */
  private readonly sender: { address: string; domain: string };
  private readonly composer: EmailComposer;

  constructor(private readonly options: SmtpEmailChannelOptions) {
    const timeout = options.timeoutMs ?? 15_000;
    const address =
      /<([^<>\s]+@[^<>\s]+)>/.exec(options.settings.from)?.[1] ?? options.settings.from;
    this.sender = { address, domain: address.split('@')[1] ?? 'jetbridge.invalid' };
    this.composer = new EmailComposer(options.settings.from);
    this.transport = nodemailer.createTransport({
      url: options.settings.url,
      // A pool of kept connections (the dispatcher's e-mail concurrency): a burst of thousands
      // of mails does not open and greet a new connection for each one.
      pool: true,
      maxConnections: options.settings.maxConnections ?? DEFAULT_SMTP_CONNECTIONS,
      maxMessages: 500,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  get twin(): ChannelTwin {
    const { headersFor: _hubOnly, ...options } = this.options;
    return { name: 'email', options };
  }

  async prepare(record: NotificationRecord): Promise<SendContext> {
    const headers = await this.options.headersFor?.(record);
    return headers ? { headers } : {};
  }

  async send(record: NotificationRecord): Promise<SendResult> {
    let context: SendContext;
    try {
      context = await this.prepare(record);
    } catch (error) {
      return classifySmtpError(error);
    }
    return this.sendPrepared(record, context);
  }

  async sendPrepared(record: NotificationRecord, context: SendContext): Promise<SendResult> {
    try {
      const headers = { ...context.headers, 'X-Jetbridge-Notification': record.id };
      // The notification's own id: a mail sent again after a crash mid-send carries the same
      // Message-ID, which lets mail systems drop the duplicate (and saves generating one).
      const messageId = `<${record.id}@${this.sender.domain}>`;
      const envelope = { from: this.sender.address, to: [record.to] };
      const content = {
        to: record.to,
        subject: record.subject ?? '',
        text: record.body,
        ...(record.html ? { html: record.html } : {}),
      };
      // Composed here when it can be (email-message.ts: most of an e-mail's CPU otherwise).
      const raw = await this.composer.compose({ ...content, messageId, date: new Date(), headers });
      const info = (await this.transport.sendMail(
        raw !== null
          ? // messageId: nodemailer would otherwise make one up (random bytes) it never sends.
            { envelope, raw, messageId }
          : { from: this.options.settings.from, ...content, headers, messageId, envelope },
      )) as { rejected?: unknown[] };
      if (info.rejected && info.rejected.length > 0) {
        return { ok: false, temporary: false, reason: `SMTP rejected ${record.to}` };
      }
      return { ok: true, providerMessageId: messageId };
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * SMTP 4xx, lost connections and timeouts are temporary; 5xx and configuration problems
 * (authentication, TLS) permanent.
 */
export function classifySmtpError(error: unknown): SendResult {
  const err = error as Error & { responseCode?: number; response?: string; code?: string };
  const code = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const reason = `SMTP ${code ?? err.code ?? 'error'}: ${(err.response ?? err.message ?? String(error)).trim()}`;
  if (code !== undefined) return { ok: false, temporary: code >= 400 && code < 500, reason };
  const temporaryCodes = [
    'ECONNECTION',
    'ETIMEDOUT',
    'ESOCKET',
    'EDNS',
    'ECONNREFUSED',
    'ECONNRESET',
  ];
  return {
    ok: false,
    temporary: err.code === undefined || temporaryCodes.includes(err.code),
    reason,
  };
}
