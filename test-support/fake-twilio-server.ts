import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTwilioRequest {
  to: string;
  from: string | null;
  body: string;
  form: URLSearchParams;
}

export type FakeTwilioAnswer = { status: number; body: Record<string, unknown> };

/**
 * A local stand-in for Twilio's Messages API. It checks what the real one would refuse (path,
 * Basic auth, form encoding, To/From/Body) and answers from a script: `answers` is consumed
 * in order, then every request succeeds with 201. It measures the requests in flight.
 */
export class FakeTwilioServer {
  readonly requests: FakeTwilioRequest[] = [];
  readonly rejected: string[] = [];
  answers: FakeTwilioAnswer[] = [];
  /** Answer per recipient, taking precedence over `answers`. */
  answersByRecipient = new Map<string, FakeTwilioAnswer>();
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  private server: Server | null = null;
  private sidCounter = 0;

  constructor(
    readonly accountSid = 'AC0123456789abcdef0123456789abcdef',
    readonly authToken = 'test-auth-token',
  ) {}

  get apiBase(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** 500 `times` times, then success. */
  failWith500(times: number): void {
    for (let i = 0; i < times; i += 1) {
      this.answers.push({
        status: 500,
        body: { code: 20500, message: 'Internal Server Error', status: 500 },
      });
    }
  }

  static errorAnswer(code: number, message: string): FakeTwilioAnswer {
    return {
      status: 400,
      body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 },
    };
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body }) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(request: IncomingMessage): Promise<FakeTwilioAnswer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const problem = this.check(request, Buffer.concat(chunks).toString('utf8'));
    if (problem) {
      this.rejected.push(problem.body.message as string);
      return problem;
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const entry: FakeTwilioRequest = {
      to: form.get('To')!,
      from: form.get('From'),
      body: form.get('Body')!,
      form,
    };
    this.requests.push(entry);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const scripted = this.answersByRecipient.get(entry.to) ?? this.answers.shift();
      if (scripted) return scripted;
      this.sidCounter += 1;
      const sid = `SM${String(this.sidCounter).padStart(32, '0')}`;
      return { status: 201, body: { sid, status: 'queued', to: entry.to, body: entry.body } };
    } finally {
      this.inFlight -= 1;
    }
  }

  private check(request: IncomingMessage, raw: string): FakeTwilioAnswer | null {
    const fail = (status: number, code: number, message: string) => ({
      status,
      body: { code, message, status },
    });
    if (request.method !== 'POST') return fail(405, 20004, `method ${request.method}`);
    if (request.url !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      return fail(404, 20404, `unknown path ${request.url}`);
    }
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return fail(401, 20003, 'Authenticate');
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return fail(400, 21000, `content type ${request.headers['content-type']}`);
    }
    const form = new URLSearchParams(raw);
    if (!/^\+[1-9]\d{6,14}$/.test(form.get('To') ?? ''))
      return fail(400, 21604, "A 'To' phone number is required.");
    if (!form.get('From') && !form.get('MessagingServiceSid'))
      return fail(400, 21603, "A 'From' phone number is required.");
    if (!form.get('Body')) return fail(400, 21602, 'Message body is required.');
    return null;
  }
}
