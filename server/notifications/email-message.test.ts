import { describe, expect, it } from 'vitest';
import { EmailComposer, type EmailContent } from './email-message';

const mail: EmailContent = {
  to: 'asha@example.com',
  subject: 'उड़ान 6E 2134: नया गेट 42B — बोर्डिंग जल्द शुरू होगी, कृपया गेट पर पहुँचें',
  text: 'प्रिय Asha <Rao>,\n\nगेट बदलकर 42B हो गया है.\n.\nA line that starts with a dot.',
  html: '<p>प्रिय Asha &lt;Rao&gt;,</p>',
  messageId: '<n-1@example.com>',
  date: new Date('2026-11-29T03:00:00Z'),
  headers: {
    'List-Unsubscribe': '<https://hub.example/my/unsubscribe?t=abc.def.ghi>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'X-Jetbridge-Notification': 'n-1',
  },
};

/** Headers unfolded, and each part's decoded body by content type. */
function read(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const boundary = /boundary="([^"]+)"/.exec(headers)?.[1];
  const parts: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`).slice(1, -1)) {
    const [head, body] = part.trim().split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^Content-Transfer-Encoding: base64$/m);
    const type = /^Content-Type: ([^;]+)/m.exec(head)![1]!;
    parts[type] = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, boundary, parts };
}

describe('EmailComposer', () => {
  it('writes a whole message: headers, encoded subject, text and HTML parts', async () => {
    const raw = (await new EmailComposer('Jetbridge DEL <ops@example.com>').compose(mail))!;
    const { headers, boundary, parts } = read(raw);
    expect(headers).toMatch(/^From: Jetbridge DEL <ops@example.com>$/m);
    expect(headers).toMatch(/^To: asha@example.com$/m);
    expect(headers).toMatch(/^Message-ID: <n-1@example.com>$/m);
    expect(headers).toMatch(/^Date: Sun, 29 Nov 2026 03:00:00 \+0000$/m);
    expect(headers).toMatch(
      /^List-Unsubscribe: <https:\/\/hub.example\/my\/unsubscribe\?t=abc.def.ghi>$/m,
    );
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).toMatch(/^MIME-Version: 1.0$/m);
    const subject = /^Subject: (.*)$/m.exec(headers)![1]!;
    const decoded = subject
      .split(' ')
      .map((word) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(word)![1]!, 'base64'));
    expect(Buffer.concat(decoded).toString('utf8')).toBe(mail.subject);
    expect(parts['text/plain']).toBe(mail.text);
    expect(parts['text/html']).toBe(mail.html);
    // Lines stay within RFC 5322's 78 characters; the body cannot hold the boundary.
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(raw.split(`--${boundary}`)).toHaveLength(4);
    expect(raw.endsWith('\r\n')).toBe(true);
  });

  it('writes a text-only message without a multipart', async () => {
    const { html: _html, ...textOnly } = mail;
    const raw = (await new EmailComposer('ops@example.com').compose(textOnly))!;
    const split = raw.indexOf('\r\n\r\n');
    expect(raw.slice(0, split)).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
    expect(raw).not.toMatch(/multipart/);
    expect(Buffer.from(raw.slice(split).replace(/\s+/g, ''), 'base64').toString()).toBe(mail.text);
  });

  it('encodes a sender name the way nodemailer does', async () => {
    const raw = (await new EmailComposer('Jetbridge दिल्ली <ops@example.com>').compose(mail))!;
    const { headers } = read(raw);
    expect(headers).toMatch(/^From: =\?UTF-8\?Q\?Jetbridge_=E0=A4=A6.*\?= <ops@example.com>$/m);
  });

  it('leaves to nodemailer what needs parsing or encoding (null), and never writes a header break', async () => {
    const composer = new EmailComposer('ops@example.com');
    expect(await composer.compose({ ...mail, to: 'Asha <asha@example.com>' })).toBeNull();
    expect(await composer.compose({ ...mail, to: 'आशा@example.com' })).toBeNull();
    expect(await composer.compose({ ...mail, to: 'asha@example.com\r\nBcc: x@y.z' })).toBeNull();
    const injected = { ...mail.headers, 'X-Jetbridge-Notification': 'n-1\r\nBcc: x@y.z' };
    expect(await composer.compose({ ...mail, headers: injected })).toBeNull();
    const subject = 'Gate 42B\r\nBcc: x@y.z';
    const raw = (await composer.compose({ ...mail, subject }))!;
    expect(raw).not.toMatch(/^Bcc:/m);
  });
});
