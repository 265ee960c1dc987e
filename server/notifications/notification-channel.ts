import type { NotificationChannelName } from '../../core';
import type { NotificationRecord } from './notification-record';
import type { PushSubscriptionJson } from './push-subscription';
import type { SmtpEmailChannelOptions } from './smtp-email-channel';
import type { TwilioSmsChannelOptions } from './twilio-sms-channel';
import type { WebPushChannelOptions } from './web-push-channel';

/** How one send ended, classified by the channel so the dispatcher can decide on a retry. */
export type SendResult =
  | { ok: true; providerMessageId?: string }
  | {
      ok: false;
      /** Temporary (429, 5xx, SMTP 4xx, network): retried with backoff. Otherwise final. */
      temporary: boolean;
      /** The provider's reason, shown as the notification's error. */
      reason: string;
      /** The recipient unsubscribed (Twilio 21610): later messages to it are skipped. */
      optedOut?: boolean;
      /** The provider asked to wait this long before retrying (HTTP Retry-After). */
      retryAfterMs?: number;
      /** The push subscription no longer exists (HTTP 404/410): remove it, never retry. */
      gone?: boolean;
      /**
       * The request may have reached the provider (a timeout or a reset after the request was
       * written, a gateway error): it may have been sent. Unset: it provably was not.
       */
      unconfirmed?: boolean;
    };

/** A way to reach a passenger. `send` classifies failures and does not throw. */
export interface NotificationChannel {
  readonly name: NotificationChannelName;
  send(record: NotificationRecord): Promise<SendResult>;
  /**
   * The provider's ids of messages it accepted for `record` (same recipient and text) since
   * `since`, oldest first; rejects when the provider cannot be asked. Channels whose provider
   * cannot be asked (SMTP) leave it out, and an unconfirmed attempt is then sent again.
   */
  findSent?(record: NotificationRecord, since: Date): Promise<string[]>;
  /** How long after an attempt began its message is sure to show in `findSent` (ms). */
  readonly listingDelayMs?: number;
  close?(): Promise<void>;
}

/**
 * What one send needs from the hub's state, read on the hub's thread (`prepare`) and handed to the
 * send with the request itself (`sendPrepared`), which may run on the sending thread
 * (sending-thread.ts). Plain data: it crosses threads by structured clone.
 */
export interface SendContext {
  /** push: the stored subscription the record's `to` names; absent once it was removed. */
  subscription?: PushSubscriptionJson;
  /** push: the flight's departure (ISO 8601) as the hub knows it now, for the TTL. */
  departure?: string;
  /** email: headers to add (RFC 8058 one-click unsubscribe). */
  headers?: Record<string, string>;
}

/** The options a channel's twin on the sending thread is built from (plain data). */
export type ChannelTwin =
  | { name: 'sms'; options: TwilioSmsChannelOptions }
  | { name: 'email'; options: Omit<SmtpEmailChannelOptions, 'headersFor'> }
  | {
      name: 'push';
      options: Omit<WebPushChannelOptions, 'subscriptionFor' | 'departureOf' | 'now'>;
    };

/**
 * A channel whose sends can run on another thread: `send(record)` is
 * `sendPrepared(record, await prepare(record))`, and a twin built from `twin` on that thread does
 * the `sendPrepared` half (and `findSent`) as well as this one would.
 */
export interface ThreadableChannel extends NotificationChannel {
  prepare(record: NotificationRecord): Promise<SendContext>;
  sendPrepared(record: NotificationRecord, context: SendContext): Promise<SendResult>;
  readonly twin: ChannelTwin;
}

export const NOT_CONFIGURED_REASON: Record<NotificationChannelName, string> = {
  sms: 'SMS not configured (TWILIO_* unset)',
  email: 'e-mail not configured (SMTP_URL unset)',
  push: 'Web Push not configured',
};
