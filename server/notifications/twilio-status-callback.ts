import type { NotificationOutbox } from './notification-outbox';
import type { NotificationRecord } from './notification-record';
import { TWILIO_UNSUBSCRIBED } from './twilio-sms-channel';

export type StatusCallbackOutcome =
  { applied: true; record: NotificationRecord } | { applied: false; reason: string };

/**
 * Applies a Twilio delivery report (`POST /api/notifications/twilio-status`, signature already
 * checked with isValidTwilioSignature) to the matching notification: `delivered` → delivered,
 * `undelivered`/`failed` → failed with the ErrorCode. Interim statuses (queued, sent, ...) and
 * reports for unknown messages change nothing; a final status is never overwritten.
 */
export async function applyTwilioStatusCallback(
  outbox: NotificationOutbox,
  params: Readonly<Record<string, string | undefined>>,
  now: Date = new Date(),
): Promise<StatusCallbackOutcome> {
  const sid = params.MessageSid ?? params.SmsSid;
  const status = params.MessageStatus ?? params.SmsStatus;
  if (!sid || !status) return { applied: false, reason: 'MessageSid or MessageStatus missing' };
  const record = outbox.findByProviderMessageId(sid);
  if (!record) return { applied: false, reason: `no notification for message ${sid}` };
  if (record.status === 'delivered' || record.status === 'failed') {
    return { applied: false, reason: `notification is already ${record.status}` };
  }
  const at = now.toISOString();
  let updated: NotificationRecord;
  if (status === 'delivered') {
    updated = { ...record, status: 'delivered', deliveredAt: at, updatedAt: at };
  } else if (status === 'undelivered' || status === 'failed') {
    const code = params.ErrorCode ? ` (Twilio error ${params.ErrorCode})` : '';
    const message = params.ErrorMessage ? `: ${params.ErrorMessage}` : '';
    updated = { ...record, status: 'failed', error: `${status}${code}${message}`, updatedAt: at };
    if (params.ErrorCode === String(TWILIO_UNSUBSCRIBED)) {
      await outbox.optOuts.optOut({ phone: record.to, reason: updated.error!, at });
    }
  } else {
    return { applied: false, reason: `interim status ${status}` };
  }
  await outbox.update(updated);
  return { applied: true, record: updated };
}
