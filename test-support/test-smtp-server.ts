import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The decoded text/plain part. */
  text: string;
}

/**
 * A real SMTP server on a free port (smtp-server), without TLS or auth. `rcptAnswers` scripts
 * answers to RCPT TO, consumed in order (e.g. [451] or [550]); then mail is accepted.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  rcptAnswers: number[] = [];
  rcptCommands = 0;
  /** Wait this long before accepting a message (a slow relay). */
  delayMs = 0;
  /** Connections open now, and the most that were open at once. */
  openSessions = 0;
  mostOpenSessions = 0;
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        this.openSessions += 1;
        this.mostOpenSessions = Math.max(this.mostOpenSessions, this.openSessions);
        callback();
      },
      onClose: () => {
        this.openSessions -= 1;
      },
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        this.rcptCommands += 1;
        const code = this.rcptAnswers.shift();
        if (code === undefined) return callback();
        const error = Object.assign(
          new Error(code >= 500 ? `${address.address}: mailbox unavailable` : 'try again later'),
          {
            responseCode: code,
          },
        );
        callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          this.received.push({
            from,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            subject: decodeSubject(raw),
            text: decodeTextPart(raw),
          });
          if (this.delayMs > 0) setTimeout(callback, this.delayMs);
          else callback();
        });
      },
    });
  }

  get url(): string {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Enough MIME to check a test's mail: an unfolded Subject (RFC 2047 B/Q words decoded). */
function decodeSubject(raw: string): string {
  const headers = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  return subject
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_whole, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    )
    .trim();
}

function decodeTextPart(raw: string): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const parts = boundary ? raw.split(`--${boundary}`) : [raw];
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
    if (!/^Content-Type: text\/plain/im.test(headers)) continue;
    const body = part.slice(split).trim();
    const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(headers)?.[1]?.toLowerCase();
    if (encoding === 'base64')
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
    return body;
  }
  return '';
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_whole, hex: string) => `%${hex}`);
  try {
    return decodeURIComponent(bytes);
  } catch {
    return text;
  }
}
