import { randomBytes } from 'node:crypto';
import { encode as base64, wrap as wrapBase64 } from 'nodemailer/lib/base64';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';

/** One notification e-mail: plain text with an optional HTML alternative. */
export interface EmailContent {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** With its angle brackets. */
  messageId: string;
  date: Date;
  /** Further headers (ASCII values: RFC 8058 unsubscribe, the notification's id). */
  headers: Record<string, string>;
}

/**
 * An address written as it is in `To:` and the envelope: ASCII, no display name, nothing an
 * address parser would read differently. Anything else goes the library's general way.
 */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
/** A header name, and a value that is printable ASCII on one line (nothing to encode or fold). */
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const PLAIN_VALUE = /^[\x20-\x7e]*$/;

/**
 * Composes notification e-mails as whole RFC 5322 messages, for nodemailer's `raw`: a burst of
 * thousands of mails then costs a fraction of the CPU of nodemailer composing each one (its MIME
 * tree, header normalisation and the streams that pipe it to the socket in small writes), the
 * largest share of an e-mail's cost in the passenger-burst profile. The encoding is nodemailer's
 * own (encoded words for the subject, base64 bodies), and the `From:` line is the one nodemailer
 * writes for the configured sender. `compose` answers null for what it does not handle (an
 * address that needs parsing or encoding, a header value that is not plain ASCII): the caller
 * then lets nodemailer compose that mail.
 */
export class EmailComposer {
  /** Base64 bodies never contain `-`, so a boundary starting with `--_` cannot occur in them. */
  private readonly boundary = `--_jetbridge_${randomBytes(12).toString('hex')}`;
  private fromLine: Promise<string> | null = null;

  constructor(private readonly from: string) {}

  async compose(mail: EmailContent): Promise<string | null> {
    if (!PLAIN_ADDRESS.test(mail.to)) return null;
    for (const [name, value] of Object.entries(mail.headers)) {
      if (!HEADER_NAME.test(name) || !PLAIN_VALUE.test(value)) return null;
    }
    if (!PLAIN_VALUE.test(mail.messageId)) return null;
    this.fromLine ??= fromHeaderLine(this.from);
    const lines = [
      await this.fromLine,
      `To: ${mail.to}`,
      foldLines(
        `Subject: ${encodeWords(mail.subject.replace(/[\r\n]+/g, ' '), 'B', 52, true)}`,
        76,
      ),
      `Message-ID: ${mail.messageId}`,
      `Date: ${mail.date.toUTCString().replace(/GMT/, '+0000')}`,
      ...Object.entries(mail.headers).map(([name, value]) => `${name}: ${value}`),
      'MIME-Version: 1.0',
    ];
    if (mail.html === undefined) {
      lines.push(...bodyPart('text/plain', mail.text));
      return `${lines.join('\r\n')}\r\n`;
    }
    const b = this.boundary;
    lines.push(`Content-Type: multipart/alternative;\r\n boundary="${b}"`, '');
    lines.push(`--${b}`, ...bodyPart('text/plain', mail.text));
    lines.push(`--${b}`, ...bodyPart('text/html', mail.html));
    lines.push(`--${b}--`, '');
    return lines.join('\r\n');
  }
}

function bodyPart(type: string, content: string): string[] {
  return [
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    wrapBase64(base64(Buffer.from(content, 'utf8')), 76),
  ];
}

/** The `From:` line nodemailer writes for `from` (its address parsing and encoding). */
async function fromHeaderLine(from: string): Promise<string> {
  const built = (await new MailComposer({ from, text: '' }).compile().build()).toString();
  const headers = built.slice(0, built.search(/\r?\n\r?\n/)).split(/\r?\n(?![ \t])/);
  const line = headers.find((header) => /^From:/i.test(header));
  if (!line) throw new Error(`no From header for ${JSON.stringify(from)}`);
  return line;
}
