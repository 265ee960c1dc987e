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
  fetch?: typeof fetch;
}

/** SMS through Twilio's Messages API (contract section 6). */
export class TwilioSmsChannel implements NotificationChannel {
  readonly name = 'sms' as const;
  private readonly url: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: TwilioSmsChannelOptions) {
    const { accountSid, authToken, apiBase } = options.settings;
    this.url = `${apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? fetch;
  }

  async send(record: NotificationRecord): Promise<SendResult> {
    const { from, statusCallbackUrl } = this.options.settings;
    const form = new URLSearchParams({ To: record.to, Body: record.body });
    // A Messaging Service SID goes in its own parameter; numbers and sender IDs in From.
    if (/^MG[0-9a-zA-Z]+$/.test(from)) form.set('MessagingServiceSid', from);
    else form.set('From', from);
    if (statusCallbackUrl) form.set('StatusCallback', statusCallbackUrl);

    let response: Response;
    let text: string;
    try {
      response = await this.fetch(this.url, {
        method: 'POST',
        headers: {
          Authorization: this.authorization,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      return { ok: false, temporary: true, reason: describeNetworkError(error, this.timeoutMs) };
    }
    const body = parseJson(text);
    if (response.ok) {
      const sid = typeof body?.sid === 'string' ? body.sid : undefined;
      return sid ? { ok: true, providerMessageId: sid } : { ok: true };
    }
    return classifyTwilioError(response.status, body, response.headers.get('retry-after'));
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
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `Twilio did not answer within ${timeoutMs} ms`;
  const cause = err.cause?.code ?? err.cause?.message;
  return `Twilio unreachable: ${err.message}${cause ? ` (${cause})` : ''}`;
}
