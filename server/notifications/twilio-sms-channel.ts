import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { TwilioSettings } from './notification-config';
import type { NotificationChannel, SendResult } from './notification-channel';
import type { NotificationRecord } from './outbox';

/** Twilio error codes that mean "do not try this number again". */
export const TWILIO_INVALID_NUMBER = 21211;
export const TWILIO_UNSUBSCRIBED = 21610;

export interface TwilioSmsChannelOptions {
  settings: TwilioSettings;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Connections kept open to Twilio (default 50, the dispatcher's SMS concurrency). */
  maxSockets?: number;
}

interface FormAnswer {
  status: number;
  headers: { 'retry-after'?: string | string[] | undefined };
  text: string;
}

/** SMS through Twilio's Messages API (contract section 6). */
export class TwilioSmsChannel implements NotificationChannel {
  readonly name = 'sms' as const;
  private readonly url: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  // node:http with a keep-alive pool rather than fetch: a burst of thousands of SMS costs the
  // hub's event loop about half the CPU, which keeps flight edits answered quickly meanwhile.
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly options: TwilioSmsChannelOptions) {
    const { accountSid, authToken, apiBase } = options.settings;
    this.url = `${apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 50 };
    this.agent = this.url.startsWith('https:')
      ? new HttpsAgent(agentOptions)
      : new HttpAgent(agentOptions);
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  /** POSTs the form; rejects on a network error or after the timeout. */
  private postForm(body: string): Promise<FormAnswer> {
    const send = this.url.startsWith('https:') ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const request = send(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            Authorization: this.authorization,
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
            Accept: 'application/json',
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
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
      const timer = setTimeout(() => {
        request.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
      }, this.timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(body);
    });
  }

  async send(record: NotificationRecord): Promise<SendResult> {
    const { from, statusCallbackUrl } = this.options.settings;
    const form = new URLSearchParams({ To: record.to, Body: record.body });
    // A Messaging Service SID goes in its own parameter; numbers and sender IDs in From.
    if (/^MG[0-9a-zA-Z]+$/.test(from)) form.set('MessagingServiceSid', from);
    else form.set('From', from);
    if (statusCallbackUrl) form.set('StatusCallback', statusCallbackUrl);

    let answer: FormAnswer;
    try {
      answer = await this.postForm(form.toString());
    } catch (error) {
      return { ok: false, temporary: true, reason: describeNetworkError(error, this.timeoutMs) };
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
}

/** Turns a Twilio error answer into a SendResult: 429/5xx temporary, other 4xx permanent. */
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

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as Error & { code?: string };
  if (err.name === 'TimeoutError') return `Twilio did not answer within ${timeoutMs} ms`;
  return `Twilio unreachable: ${err.message}${err.code && !err.message.includes(err.code) ? ` (${err.code})` : ''}`;
}
