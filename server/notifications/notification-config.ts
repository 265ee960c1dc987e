import { z } from 'zod';

/** Twilio credentials; present only when SMS is switched on. */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** A phone number in E.164, or a Messaging Service SID (`MG…`). */
  from: string;
  apiBase: string;
  /** Public URL Twilio posts delivery reports to; unset: no status callbacks are asked for. */
  statusCallbackUrl: string | null;
  /** How long before an unconfirmed send is checked (not from the environment: tests use 0). */
  listingDelayMs?: number;
}

/** SMTP settings; present only when e-mail is switched on. */
export interface SmtpSettings {
  url: string;
  from: string;
  /**
   * Connections kept open to the relay, and so e-mails sent at once (SMTP_MAX_CONNECTIONS,
   * default 40: under Postfix's default limit of 50 connections from one client).
   */
  maxConnections?: number;
}

export const DEFAULT_SMTP_CONNECTIONS = 40;

export interface NotificationSettings {
  twilio: TwilioSettings | null;
  smtp: SmtpSettings | null;
  coalesceMs: number;
  delayThresholdMinutes: number;
  /** Hubs sharing a database: how long a send's claim lasts (JETBRIDGE_NOTIFY_LEASE_MS). */
  claimLeaseMs?: number;
  /** Hubs sharing a database: how often each looks for due messages (JETBRIDGE_NOTIFY_POLL_MS). */
  claimPollMs?: number;
}

export const DEFAULT_MAIL_FROM = 'Jetbridge <no-reply@jetbridge.invalid>';

export class NotificationConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'NotificationConfigError';
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((text) => (text === '' ? undefined : text))
  .optional();

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const settingSchemas = {
  TWILIO_ACCOUNT_SID: optionalText.pipe(
    z
      .string()
      .regex(/^AC[0-9a-zA-Z]{8,64}$/, 'must be a Twilio account SID (AC…)')
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_FROM: optionalText.pipe(
    z
      .string()
      .regex(
        /^(\+[1-9]\d{6,14}|MG[0-9a-zA-Z]{8,64}|[A-Za-z0-9 ]{1,11})$/,
        'must be an E.164 number, a Messaging Service SID (MG…) or an alphanumeric sender ID',
      )
      .optional(),
  ),
  TWILIO_API_BASE: optionalText.pipe(httpUrl.optional()),
  TWILIO_STATUS_CALLBACK_URL: optionalText.pipe(httpUrl.optional()),
  SMTP_URL: optionalText.pipe(
    z
      .url({
        protocol: /^smtps?$/,
        error: 'must be smtp://host:port or smtps://user:pass@host:port',
      })
      .optional(),
  ),
  MAIL_FROM: optionalText,
  SMTP_MAX_CONNECTIONS: optionalText.pipe(
    z.coerce
      .number<string>({ error: 'must be a whole number of connections' })
      .int('must be a whole number of connections')
      .min(1, 'must be at least 1')
      .max(500, 'must be at most 500')
      .optional(),
  ),
  JETBRIDGE_NOTIFY_COALESCE_MS: optionalText.pipe(
    z.coerce
      .number<string>({ error: 'must be a whole number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(0, 'must not be negative')
      .max(24 * 3_600_000, 'must be at most one day')
      .optional(),
  ),
  JETBRIDGE_NOTIFY_DELAY_MIN: optionalText.pipe(
    z.coerce
      .number<string>({ error: 'must be a whole number of minutes' })
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1')
      .max(24 * 60, 'must be at most 1440')
      .optional(),
  ),
  JETBRIDGE_NOTIFY_LEASE_MS: optionalText.pipe(
    z.coerce
      .number<string>({ error: 'must be a whole number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(100, 'must be at least 100')
      .max(3_600_000, 'must be at most one hour')
      .optional(),
  ),
  JETBRIDGE_NOTIFY_POLL_MS: optionalText.pipe(
    z.coerce
      .number<string>({ error: 'must be a whole number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(50, 'must be at least 50')
      .max(600_000, 'must be at most 10 minutes')
      .optional(),
  ),
};
type SettingName = keyof typeof settingSchemas;

function read<N extends SettingName>(
  env: Record<string, string | undefined>,
  name: N,
): z.output<(typeof settingSchemas)[N]> {
  const result = settingSchemas[name].safeParse(env[name]);
  if (!result.success) {
    throw new NotificationConfigError(name, result.error.issues[0]?.message ?? 'is invalid');
  }
  return result.data as z.output<(typeof settingSchemas)[N]>;
}

/**
 * Reads the notification settings of contract section 1 from the environment. SMS is on only
 * when all three TWILIO_* credentials are set; setting some of them is a mistake worth refusing
 * to start for, so the error names the missing one. Throws NotificationConfigError.
 */
export function readNotificationSettings(
  env: Record<string, string | undefined> = process.env,
): NotificationSettings {
  const accountSid = read(env, 'TWILIO_ACCOUNT_SID');
  const authToken = read(env, 'TWILIO_AUTH_TOKEN');
  const from = read(env, 'TWILIO_FROM');
  const apiBase = read(env, 'TWILIO_API_BASE') ?? 'https://api.twilio.com';
  const statusCallbackUrl = read(env, 'TWILIO_STATUS_CALLBACK_URL') ?? null;
  let twilio: TwilioSettings | null = null;
  if (accountSid || authToken || from) {
    if (!accountSid)
      throw new NotificationConfigError(
        'TWILIO_ACCOUNT_SID',
        'is required when TWILIO_AUTH_TOKEN or TWILIO_FROM is set',
      );
    if (!authToken)
      throw new NotificationConfigError(
        'TWILIO_AUTH_TOKEN',
        'is required when TWILIO_ACCOUNT_SID is set',
      );
    if (!from)
      throw new NotificationConfigError(
        'TWILIO_FROM',
        'is required when TWILIO_ACCOUNT_SID is set',
      );
    twilio = {
      accountSid,
      authToken,
      from,
      apiBase: apiBase.replace(/\/+$/, ''),
      statusCallbackUrl,
    };
  }

  const smtpUrl = read(env, 'SMTP_URL');
  const mailFrom = read(env, 'MAIL_FROM');
  const smtp = smtpUrl
    ? {
        url: smtpUrl,
        from: mailFrom ?? DEFAULT_MAIL_FROM,
        maxConnections: read(env, 'SMTP_MAX_CONNECTIONS') ?? DEFAULT_SMTP_CONNECTIONS,
      }
    : null;

  const claimLeaseMs = read(env, 'JETBRIDGE_NOTIFY_LEASE_MS');
  const claimPollMs = read(env, 'JETBRIDGE_NOTIFY_POLL_MS');
  return {
    twilio,
    smtp,
    coalesceMs: read(env, 'JETBRIDGE_NOTIFY_COALESCE_MS') ?? 30_000,
    delayThresholdMinutes: read(env, 'JETBRIDGE_NOTIFY_DELAY_MIN') ?? 15,
    ...(claimLeaseMs !== undefined ? { claimLeaseMs } : {}),
    ...(claimPollMs !== undefined ? { claimPollMs } : {}),
  };
}
