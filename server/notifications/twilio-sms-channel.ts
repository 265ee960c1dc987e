import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import type { TwilioSettings } from './notification-config';
import type {
  ChannelTwin,
  SendContext,
  SendResult,
  ThreadableChannel,
} from './notification-channel';
import type { NotificationRecord } from './notification-record';

/** Twilio error codes that mean "do not try this number again". */
export const TWILIO_INVALID_NUMBER = 21211;
export const TWILIO_UNSUBSCRIBED = 21610;

/**
 * How long a request may take. Twilio publishes no bound on the Messages API's answer time; its
 * own Node library (twilio-node's RequestClient) waits 30 s, so the hub does too. A slower
 * answer is not lost: the attempt is then unconfirmed and checked before any resend.
 */
export const TWILIO_TIMEOUT_MS = 30_000;
/**
 * How long after an attempt began before its message is trusted to show in the Messages list.
 * Twilio documents no such delay; this is a cautious margin, paid only by unconfirmed attempts.
 */
export const TWILIO_LISTING_DELAY_MS = 15_000;
/** Clock difference between the hub and Twilio tolerated when matching `date_created`. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Pages of the recipient's messages read at most in one check (50 each). */
const MAX_LIST_PAGES = 20;

export interface TwilioSmsChannelOptions {
  settings: TwilioSettings;
  /** Per-request timeout. Default TWILIO_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default: the settings', else TWILIO_LISTING_DELAY_MS; tests use 0. */
  listingDelayMs?: number;
  /** Connections kept open to Twilio (default 50, the dispatcher's SMS concurrency). */
  maxSockets?: number;
}

interface Answer {
  status: number;
  headers: { 'retry-after'?: string | string[] | undefined };
  text: string;
}

/** A request that got no answer; `written`: the whole request had gone out to the network. */
class NoAnswer extends Error {
  constructor(
    readonly failure: Error & { code?: string },
    readonly written: boolean,
  ) {
    super(failure.message);
  }
}

// One page of `GET .../Messages.json` (only the fields the check reads).
const messagePageSchema = z.object({
  messages: z.array(
    z.object({
      sid: z.string().min(1),
      to: z.string().nullable(),
      body: z.string().nullable(),
      direction: z.string().nullable(),
      date_created: z.string().nullable(),
    }),
  ),
  next_page_uri: z.string().nullable().optional(),
});

/** SMS through Twilio's Messages API (contract section 6). */
export class TwilioSmsChannel implements ThreadableChannel {
  readonly name = 'sms' as const;
  readonly listingDelayMs: number;
  private readonly apiBase: string;
  private readonly messagesUrl: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  // node:http with a keep-alive pool rather than fetch: a burst of thousands of SMS costs the
  // hub's event loop about half the CPU, which keeps flight edits answered quickly meanwhile.
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly options: TwilioSmsChannelOptions) {
    const { accountSid, authToken, apiBase } = options.settings;
    this.apiBase = apiBase.replace(/\/+$/, '');
    this.messagesUrl = `${this.apiBase}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? TWILIO_TIMEOUT_MS;
    this.listingDelayMs =
      options.listingDelayMs ?? options.settings.listingDelayMs ?? TWILIO_LISTING_DELAY_MS;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 50 };
    this.agent = this.apiBase.startsWith('https:')
      ? new HttpsAgent(agentOptions)
      : new HttpAgent(agentOptions);
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  /**
   * One request; rejects with NoAnswer on a network error or after the timeout, telling whether
   * the request had been written out in full ('finish': handed to the OS) before it failed.
   */
  private call(method: 'GET' | 'POST', url: string, body?: string): Promise<Answer> {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let written = false;
      const request = send(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: this.authorization,
            Accept: 'application/json',
            ...(body === undefined
              ? {}
              : {
                  'Content-Type': 'application/x-www-form-urlencoded',
                  'Content-Length': Buffer.byteLength(body),
                }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => {
            clearTimeout(timer);
            reject(new NoAnswer(error, written));
          });
          response.on('end', () => {
            clearTimeout(timer);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      request.on('finish', () => (written = true));
      const timer = setTimeout(() => {
        request.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
      }, this.timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(new NoAnswer(error, written));
      });
      request.end(body);
    });
  }

  get twin(): ChannelTwin {
    return { name: 'sms', options: this.options };
  }

  /** An SMS needs nothing from the hub's state beyond its record. */
  async prepare(): Promise<SendContext> {
    return {};
  }

  send(record: NotificationRecord): Promise<SendResult> {
    return this.sendPrepared(record);
  }

  async sendPrepared(record: NotificationRecord): Promise<SendResult> {
    const { from, statusCallbackUrl } = this.options.settings;
    const form = new URLSearchParams({ To: record.to, Body: record.body });
    // A Messaging Service SID goes in its own parameter; numbers and sender IDs in From.
    if (/^MG[0-9a-zA-Z]+$/.test(from)) form.set('MessagingServiceSid', from);
    else form.set('From', from);
    if (statusCallbackUrl) form.set('StatusCallback', statusCallbackUrl);

    let answer: Answer;
    try {
      answer = await this.call('POST', this.messagesUrl, form.toString());
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      const reason = describeNetworkError(error.failure, this.timeoutMs);
      // Refused, not resolved, or cut before the whole request went out: Twilio cannot have
      // accepted it. Anything later (a timeout, a reset after sending) may have been accepted.
      return error.written
        ? { ok: false, temporary: true, unconfirmed: true, reason }
        : { ok: false, temporary: true, reason };
    }
    const body = parseJson(answer.text);
    if (answer.status >= 200 && answer.status < 300) {
      const sid = typeof body?.sid === 'string' ? body.sid : undefined;
      return sid ? { ok: true, providerMessageId: sid } : { ok: true };
    }
    const retryAfter = answer.headers['retry-after'];
    return classifyTwilioError(
      answer.status,
      body,
      (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null,
    );
  }

  /**
   * Twilio's Messages list for the recipient (`GET Messages.json?To=…`, every page up to a
   * bound), matched on text, direction and `date_created` since the attempt. No `DateSent>=`
   * filter: a message Twilio still holds queued has no `date_sent` and would be missed.
   */
  async findSent(record: NotificationRecord, since: Date): Promise<string[]> {
    const cutoff = since.getTime() - CLOCK_SKEW_MS;
    const found: Array<{ sid: string; created: number }> = [];
    let url: string | null =
      `${this.messagesUrl}?${new URLSearchParams({ To: record.to, PageSize: '50' })}`;
    for (let page = 0; url !== null; page += 1) {
      if (page === MAX_LIST_PAGES) {
        throw new Error(`Twilio lists more than ${MAX_LIST_PAGES * 50} messages to ${record.to}`);
      }
      let answer: Answer;
      try {
        answer = await this.call('GET', url);
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error;
        throw new Error(describeNetworkError(error.failure, this.timeoutMs));
      }
      if (answer.status !== 200) {
        const problem = classifyTwilioError(answer.status, parseJson(answer.text));
        throw new Error(problem.ok ? `Twilio HTTP ${answer.status}` : problem.reason);
      }
      const parsed = messagePageSchema.safeParse(parseJson(answer.text));
      if (!parsed.success) throw new Error('Twilio answered the Messages list in an unknown shape');
      for (const message of parsed.data.messages) {
        const created = Date.parse(message.date_created ?? '');
        if (
          message.to === record.to &&
          message.body === record.body &&
          message.direction?.startsWith('outbound') &&
          created >= cutoff
        ) {
          found.push({ sid: message.sid, created });
        }
      }
      const next = parsed.data.next_page_uri;
      url = next ? `${this.apiBase}${next}` : null;
    }
    return found.sort((a, b) => a.created - b.created).map((message) => message.sid);
  }
}

/**
 * Turns a Twilio error answer into a SendResult: 429/5xx temporary, other 4xx permanent. A 500,
 * 502 or 504 may come after Twilio (or a gateway in front of it) took the message: unconfirmed.
 */
export function classifyTwilioError(
  status: number,
  body: Record<string, unknown> | undefined,
  retryAfter: string | null = null,
): SendResult {
  const code = typeof body?.code === 'number' ? body.code : undefined;
  const message = typeof body?.message === 'string' ? body.message : undefined;
  const reason = `Twilio ${code !== undefined ? `error ${code}` : `HTTP ${status}`}${message ? `: ${message}` : ''}`;
  const temporary = status === 429 || status >= 500;
  const result: SendResult = { ok: false, temporary, reason };
  if ([500, 502, 504].includes(status)) result.unconfirmed = true;
  if (code === TWILIO_UNSUBSCRIBED) result.optedOut = true;
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (temporary && Number.isFinite(seconds) && seconds > 0) result.retryAfterMs = seconds * 1000;
  return result;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: Error & { code?: string }, timeoutMs: number): string {
  if (error.name === 'TimeoutError') return `Twilio did not answer within ${timeoutMs} ms`;
  return `Twilio unreachable: ${error.message}${error.code && !error.message.includes(error.code) ? ` (${error.code})` : ''}`;
}
