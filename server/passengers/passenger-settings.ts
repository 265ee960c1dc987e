import { NotificationConfigError } from '../notifications/notification-config';
import { readVapidSettings, type VapidSettings } from '../notifications/vapid-keys';
import { parsePushServiceOrigins } from './push-endpoint-policy';

/** The passengers' side of the hub, from the environment (contract sections 1 and 9). */
export interface PassengerSettings {
  /** Days after a flight is archived that its manifest and its passengers' settings are kept. */
  retentionDays: number;
  /** The hub's address as passengers reach it (links in e-mails); default: where it listens. */
  publicUrl: string | null;
  /** https origins of private push services allowed besides the public ones. */
  pushServices: string[];
  /** JETBRIDGE_PUSH_CA: a PEM file of CAs trusted for push requests (push-service-trust.ts). */
  pushCaFile: string | null;
  vapid: VapidSettings;
}

export const DEFAULT_PASSENGER_DAYS = 7;

/** Throws NotificationConfigError naming the variable. */
export function readPassengerSettings(
  env: Record<string, string | undefined> = process.env,
): PassengerSettings {
  const daysText = env.JETBRIDGE_PASSENGER_DAYS?.trim();
  let retentionDays = DEFAULT_PASSENGER_DAYS;
  if (daysText) {
    if (!/^\d+$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > 3650) {
      throw new NotificationConfigError(
        'JETBRIDGE_PASSENGER_DAYS',
        'must be a whole number of days from 1 to 3650',
      );
    }
    retentionDays = Number(daysText);
  }
  const publicText = env.JETBRIDGE_PUBLIC_URL?.trim();
  let publicUrl: string | null = null;
  if (publicText) {
    let url: URL | null = null;
    try {
      url = new URL(publicText);
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol)) {
      throw new NotificationConfigError('JETBRIDGE_PUBLIC_URL', 'must be an http(s) URL');
    }
    publicUrl = url.href.replace(/\/+$/, '');
  }
  let pushServices: string[];
  try {
    pushServices = parsePushServiceOrigins(env.JETBRIDGE_PUSH_SERVICES);
  } catch (error) {
    throw new NotificationConfigError('JETBRIDGE_PUSH_SERVICES', (error as Error).message);
  }
  return {
    retentionDays,
    publicUrl,
    pushServices,
    pushCaFile: env.JETBRIDGE_PUSH_CA?.trim() || null,
    vapid: readVapidSettings(env),
  };
}
