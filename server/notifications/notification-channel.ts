import type { NotificationChannelName } from '../../core';
import type { NotificationRecord } from './notification-record';

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

export const NOT_CONFIGURED_REASON: Record<NotificationChannelName, string> = {
  sms: 'SMS not configured (TWILIO_* unset)',
  email: 'e-mail not configured (SMTP_URL unset)',
  push: 'Web Push not configured',
};
