import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { scrubPersonalText, withPersonalDataRedacted } from './log-redaction';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: withPersonalDataRedacted(pino({ level: 'trace' }, sink)), lines };
}

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJBU0gwMDEifQ.c2lnbmF0dXJlLXN0dWZm';
const ENDPOINT = 'https://fcm.googleapis.com/fcm/send/dGhpcyBpcyBhIHB1c2ggY2FwYWJpbGl0eQ';

describe('the hub’s log redaction', () => {
  it('censors personal fields at the top and one level down, in bindings too', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        to: '+919810000001',
        record: { to: 'asha@example.in', body: 'text' },
        passenger: { name: 'Asha Verma' },
        subscription: { endpoint: ENDPOINT },
        detail: {
          phone: '+919810000002',
          email: 'rahul@example.com',
          token: TOKEN,
          lastName: 'Iyer',
        },
        flightId: 'f-ai865',
      },
      'sending',
    );
    logger.child({ endpoint: ENDPOINT }).warn('child');
    const text = lines.join('');
    for (const secret of ['+91981000000', '@example', 'Asha', 'Iyer', TOKEN, 'dGhpcyBp']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('f-ai865');
    expect(text).toContain('[redacted]');
  });

  it('scrubs error messages and stacks', () => {
    const { logger, lines } = capture();
    const error = new Error(
      `SMTP 550 asha@example.in rejected; To +919810000001; token ${TOKEN}; POST ${ENDPOINT} failed`,
    );
    logger.error({ err: error }, 'send failed');
    const text = lines.join('');
    expect(text).not.toMatch(/asha@|\+919810000001|eyJ|dGhpcyBp/);
    expect(text).toContain('https://fcm.googleapis.com/[path]');
    expect(text).toContain('send failed');
  });

  it('leaves times, seqs and flight numbers readable', () => {
    expect(scrubPersonalText('seq 1042 at 2026-11-21T14:05:00.000Z for AI 865 gate 42B')).toBe(
      'seq 1042 at 2026-11-21T14:05:00.000Z for AI 865 gate 42B',
    );
  });
});
