import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../core';
import { parseAllowedOrigins } from './http/allowed-origins';
import { parsePublicHosts } from './http/host-allow-list';
import { readPassengerSettings, type PassengerSettings } from './passengers/passenger-settings';
import {
  NotificationConfigError,
  readNotificationSettings,
  type NotificationSettings,
} from './notifications/notification-config';
import { ETA_FROM_POSITION_MODES, type EtaFromPositionMode } from './traffic/position-eta-updates';

/** Settings of `npm run hub`, from the environment (contract section 1). */
export interface HubSettings {
  host: string;
  port: number;
  dataDir: string;
  demo: boolean;
  secret: string | undefined;
  notifyCoalesceMs: number;
  notifyDelayMin: number;
  /**
   * Providers' requests (Twilio, SMTP, Web Push) on a thread of their own, off the event loop that
   * acknowledges edits (`JETBRIDGE_NOTIFY_THREAD`, default on).
   */
  notifyThread: boolean;
  sessionHours: number;
  /** Extra browser origins allowed to call the hub (`JETBRIDGE_ALLOWED_ORIGINS`). */
  allowedOrigins: string[];
  /** Names the hub answers under besides its own (`JETBRIDGE_PUBLIC_HOSTS`, `host[:port]`). */
  publicHosts: string[];
  /** Certificate and key files: the hub serves https/wss when both are set. */
  tlsFiles: { cert: string; key: string } | null;
  /** TWILIO_*, SMTP_URL, MAIL_FROM: the providers passenger notifications go through. */
  notifications: NotificationSettings;
  /** (v2) IATA code of the airport this hub serves; unset: the data folder's (or DEL with the demo). */
  airport: string | undefined;
  /** (v2) Days after today whose flights are kept ready in the live table. */
  daysAhead: number;
  /** (v2) Hours a finished flight stays in the live table before it is archived. */
  keepHours: number;
  /** (v2) Minutes a gate stays blocked after one flight before the next may use it. */
  gateBufferMin: number;
  /** (v2) Minutes a field set by hand is not overwritten by the feed. */
  feedHoldMin: number;
  /** (v2) `suggest`: an ETA from position is only shown to agents; `apply`: the hub sets `eta`. */
  etaFromPosition: EtaFromPositionMode;
  /** (v2) `postgres://…`: flight state in PostgreSQL, shared by several hubs; unset: the data folder. */
  databaseUrl: string | undefined;
  /** (v2) `redis://…`: fan-out between hubs sharing a database (Redis Streams). */
  redisUrl: string | undefined;
  /** JETBRIDGE_PASSENGER_DAYS, JETBRIDGE_PUBLIC_URL, JETBRIDGE_PUSH_*, VAPID_*. */
  passengers: PassengerSettings;
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A URL of one of `protocols`; the message never repeats the value (it may hold a password). */
const serviceUrl = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((text) => {
      try {
        return protocols.includes(new URL(text).protocol);
      } catch {
        return false;
      }
    }, `must be a URL such as ${example}`)
    .optional();

const envSchema = z.object({
  JETBRIDGE_HOST: z.string().trim().min(1).default('127.0.0.1'),
  JETBRIDGE_PORT: wholeNumber(0, 65535).default(4300),
  JETBRIDGE_DATA_DIR: z.string().trim().min(1).optional(),
  JETBRIDGE_DEMO: z
    .enum(['0', '1', 'true', 'false'], 'must be 1 (on) or 0 (off)')
    .transform((value) => value === '1' || value === 'true')
    .default(false),
  JETBRIDGE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JETBRIDGE_NOTIFY_COALESCE_MS: wholeNumber(0, 24 * 3600 * 1000).default(30_000),
  JETBRIDGE_NOTIFY_DELAY_MIN: wholeNumber(1, 24 * 60).default(15),
  JETBRIDGE_NOTIFY_THREAD: z
    .enum(['0', '1', 'true', 'false'], 'must be 1 (on) or 0 (off)')
    .transform((value) => value === '1' || value === 'true')
    .default(true),
  JETBRIDGE_SESSION_HOURS: wholeNumber(1, 7 * 24).default(12),
  JETBRIDGE_ALLOWED_ORIGINS: z.string().optional(),
  JETBRIDGE_PUBLIC_HOSTS: z
    .string()
    .transform((text, context) => {
      try {
        return parsePublicHosts(text);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .default([]),
  JETBRIDGE_TLS_CERT: z.string().trim().min(1).optional(),
  JETBRIDGE_TLS_KEY: z.string().trim().min(1).optional(),
  JETBRIDGE_AIRPORT: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'must be a 3-letter IATA airport code such as DEL')
    .optional(),
  JETBRIDGE_DAYS_AHEAD: wholeNumber(0, 14).default(2),
  JETBRIDGE_KEEP_HOURS: wholeNumber(1, 7 * 24).default(12),
  JETBRIDGE_GATE_BUFFER_MIN: wholeNumber(0, 240).default(15),
  JETBRIDGE_FEED_HOLD_MIN: wholeNumber(0, 24 * 60).default(30),
  JETBRIDGE_ETA_FROM_POSITION: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(
      z.enum(
        ETA_FROM_POSITION_MODES,
        'must be suggest (the console suggests an ETA from position) or apply (the hub sets it)',
      ),
    )
    .default('suggest'),
  JETBRIDGE_DATABASE_URL: serviceUrl(
    ['postgres:', 'postgresql:'],
    'postgres://user@host:5432/jetbridge',
  ),
  JETBRIDGE_REDIS_URL: serviceUrl(['redis:', 'rediss:'], 'redis://host:6379'),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the settings; an empty variable counts as unset. Throws ConfigError naming the variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): HubSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name.startsWith('JETBRIDGE_') && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(describeZodError(parsed.error, 'environment'));
  const settings = parsed.data;
  if (settings.JETBRIDGE_REDIS_URL && !settings.JETBRIDGE_DATABASE_URL) {
    throw new ConfigError(
      'environment: JETBRIDGE_REDIS_URL is for hubs sharing a database: set JETBRIDGE_DATABASE_URL too',
    );
  }
  if (!settings.JETBRIDGE_TLS_CERT !== !settings.JETBRIDGE_TLS_KEY) {
    throw new ConfigError(
      'environment: JETBRIDGE_TLS_CERT and JETBRIDGE_TLS_KEY must be set together (or neither)',
    );
  }
  let notifications: NotificationSettings;
  let passengers: PassengerSettings;
  try {
    notifications = readNotificationSettings(env);
    passengers = readPassengerSettings(env);
  } catch (error) {
    // Its message names the variable, like every other refusal here.
    if (error instanceof NotificationConfigError) throw new ConfigError(error.message);
    throw error;
  }
  return {
    host: settings.JETBRIDGE_HOST,
    port: settings.JETBRIDGE_PORT,
    dataDir: settings.JETBRIDGE_DATA_DIR ?? defaultDataDir(),
    demo: settings.JETBRIDGE_DEMO,
    secret: settings.JETBRIDGE_SECRET,
    notifyCoalesceMs: settings.JETBRIDGE_NOTIFY_COALESCE_MS,
    notifyDelayMin: settings.JETBRIDGE_NOTIFY_DELAY_MIN,
    notifyThread: settings.JETBRIDGE_NOTIFY_THREAD,
    sessionHours: settings.JETBRIDGE_SESSION_HOURS,
    allowedOrigins: parseAllowedOrigins(settings.JETBRIDGE_ALLOWED_ORIGINS),
    publicHosts: settings.JETBRIDGE_PUBLIC_HOSTS,
    tlsFiles:
      settings.JETBRIDGE_TLS_CERT && settings.JETBRIDGE_TLS_KEY
        ? { cert: settings.JETBRIDGE_TLS_CERT, key: settings.JETBRIDGE_TLS_KEY }
        : null,
    notifications,
    airport: settings.JETBRIDGE_AIRPORT,
    daysAhead: settings.JETBRIDGE_DAYS_AHEAD,
    keepHours: settings.JETBRIDGE_KEEP_HOURS,
    gateBufferMin: settings.JETBRIDGE_GATE_BUFFER_MIN,
    feedHoldMin: settings.JETBRIDGE_FEED_HOLD_MIN,
    etaFromPosition: settings.JETBRIDGE_ETA_FROM_POSITION,
    databaseUrl: settings.JETBRIDGE_DATABASE_URL,
    redisUrl: settings.JETBRIDGE_REDIS_URL,
    passengers,
  };
}

/** The per-user data folder of the platform. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Jetbridge');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Jetbridge');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'jetbridge');
}
