import type { TwilioSettings } from '../server/notifications/notification-config';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface FakeTwilioRequest {
  to: string;
  from: string | null;
  body: string;
  form: URLSearchParams;
}

/** A Message resource as Twilio's API returns it (`GET`/`POST .../Messages.json`). */
export interface FakeTwilioMessage {
  account_sid: string;
  api_version: '2010-04-01';
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: 'outbound-api';
  error_code: null;
  error_message: null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: '0';
  num_segments: '1';
  price: null;
  price_unit: 'USD';
  sid: string;
  status: 'queued';
  subresource_uris: { media: string };
  to: string;
  uri: string;
}

/**
 * What the fake does with a well-formed POST: answer (status and body), or take the message and
 * then cut the connection without answering (`drop`), as a reset after sending looks.
 */
export type FakeTwilioAnswer = { status: number; body: Record<string, unknown> } | 'drop';

/**
 * A local stand-in for Twilio's Messages API. It checks what the real one would refuse (path,
 * Basic auth, form encoding, To/From/Body), keeps every message it accepts (readable through the
 * real list call, `GET Messages.json?To=…&PageSize=…&Page=…&PageToken=…`, with Twilio's paging
 * shape) and answers from a script: `answers` is consumed in order, then every request succeeds
 * with 201. A message is accepted as soon as its request has arrived, whether the answer then
 * reaches the client or not (a late answer, a cut connection, the client killed). It measures
 * the requests in flight.
 */
export class FakeTwilioServer {
  /** Every well-formed POST, accepted or not. */
  readonly requests: FakeTwilioRequest[] = [];
  /** The messages accepted, oldest first. */
  readonly messages: FakeTwilioMessage[] = [];
  readonly rejected: string[] = [];
  /** `GET` list calls, by their query. */
  readonly listCalls: URLSearchParams[] = [];
  answers: FakeTwilioAnswer[] = [];
  /** Answer per recipient, taking precedence over `answers`. */
  answersByRecipient = new Map<string, FakeTwilioAnswer>();
  /** Answers of the list call to script (e.g. a 503), consumed in order before real pages. */
  listAnswers: Array<{ status: number; body: Record<string, unknown> }> = [];
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** POSTs whose connection closed before their answer was sent. */
  cutBeforeAnswer = 0;
  /**
   * The next this many POSTs are held: never answered and never accepted, as a request still on
   * its way when its sender died. Each is told as `held` (see `events`).
   */
  holdRequests = 0;
  /** `held` (a FakeTwilioRequest held) and `message` (a FakeTwilioMessage accepted). */
  readonly events = new EventEmitter();
  private server: Server | null = null;
  private sidCounter = 0;

  constructor(
    readonly accountSid = 'AC0123456789abcdef0123456789abcdef',
    readonly authToken = 'test-auth-token',
  ) {}

  /** Settings of a TwilioSmsChannel that sends here (server/notifications/twilio-sms-channel.ts). */
  settings(overrides: Partial<TwilioSettings> = {}): TwilioSettings {
    return {
      accountSid: this.accountSid,
      authToken: this.authToken,
      from: '+15005550006',
      apiBase: this.apiBase,
      statusCallbackUrl: null,
      ...overrides,
    };
  }

  get apiBase(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  private get messagesPath(): string {
    return `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
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

  /** Listens on `port` (default: a free one; a test may bring a stopped fake back on its port). */
  async start(port = 0): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? '/', 'http://fake');
    const problem = this.check(request, url, raw);
    if (problem) {
      this.rejected.push(problem.body.message as string);
      return reply(problem.status, problem.body);
    }
    if (request.method === 'GET') return this.list(url.searchParams, reply);

    const form = new URLSearchParams(raw);
    const entry: FakeTwilioRequest = {
      to: form.get('To')!,
      from: form.get('From'),
      body: form.get('Body')!,
      form,
    };
    this.requests.push(entry);
    if (this.holdRequests > 0) {
      this.holdRequests -= 1;
      response.once('close', () => (this.cutBeforeAnswer += 1));
      this.events.emit('held', entry);
      return;
    }
    const scripted = this.answersByRecipient.get(entry.to) ?? this.answers.shift();
    // Twilio takes the message once the request is in, whatever becomes of the answer.
    const message = scripted === undefined || scripted === 'drop' ? this.accept(entry) : null;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let answered = false;
    response.once('close', () => {
      if (!answered) this.cutBeforeAnswer += 1;
    });
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (scripted === 'drop') {
        request.socket.destroy();
        return;
      }
      if (response.destroyed) return;
      answered = true;
      if (message) reply(201, message);
      else if (scripted) reply(scripted.status, scripted.body);
    } finally {
      this.inFlight -= 1;
    }
  }

  private accept(request: FakeTwilioRequest): FakeTwilioMessage {
    this.sidCounter += 1;
    const sid = `SM${String(this.sidCounter).padStart(32, '0')}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `${this.messagesPath.replace(/\.json$/, '')}/${sid}.json`;
    const message: FakeTwilioMessage = {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: request.body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: request.from,
      messaging_service_sid: request.form.get('MessagingServiceSid'),
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
      to: request.to,
      uri,
    };
    this.messages.push(message);
    this.events.emit('message', message);
    return message;
  }

  /** Twilio's list: newest first, `PageSize` (default 50, at most 1000) per page, paged by URI. */
  private list(query: URLSearchParams, reply: (status: number, body: unknown) => void): void {
    this.listCalls.push(query);
    const scripted = this.listAnswers.shift();
    if (scripted) return reply(scripted.status, scripted.body);
    const to = query.get('To');
    const from = query.get('From');
    const matching = this.messages
      .filter((m) => (to === null || m.to === to) && (from === null || m.from === from))
      .reverse();
    const pageSize = Math.min(1000, Math.max(1, Number(query.get('PageSize') ?? 50)));
    const page = Math.max(0, Number(query.get('Page') ?? 0));
    const items = matching.slice(page * pageSize, (page + 1) * pageSize);
    const pageUri = (number: number) => {
      const params = new URLSearchParams();
      if (to !== null) params.set('To', to);
      if (from !== null) params.set('From', from);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(number));
      if (number > 0) params.set('PageToken', `PA${matching[number * pageSize - 1]!.sid}`);
      return `${this.messagesPath}?${params}`;
    };
    const hasNext = (page + 1) * pageSize < matching.length;
    reply(200, {
      end: page * pageSize + Math.max(0, items.length - 1),
      first_page_uri: pageUri(0),
      next_page_uri: hasNext ? pageUri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      messages: items,
      start: page * pageSize,
      uri: pageUri(page),
    });
  }

  private check(
    request: IncomingMessage,
    url: URL,
    raw: string,
  ): { status: number; body: Record<string, unknown> } | null {
    const fail = (status: number, code: number, message: string) => ({
      status,
      body: { code, message, status },
    });
    if (request.method !== 'POST' && request.method !== 'GET') {
      return fail(405, 20004, `method ${request.method}`);
    }
    if (url.pathname !== this.messagesPath) return fail(404, 20404, `unknown path ${url.pathname}`);
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return fail(401, 20003, 'Authenticate');
    if (request.method === 'GET') {
      const pageSize = url.searchParams.get('PageSize');
      if (pageSize !== null && !/^\d+$/.test(pageSize)) return fail(400, 20001, 'Invalid PageSize');
      return null;
    }
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
