import type { Clock } from '../clock';
import type { NotificationOutbox } from './notification-outbox';
import type { NotificationRecord } from './notification-record';
import { isValidTwilioSignature } from './twilio-signature';
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

export interface SignedStatusReport {
  url: string;
  params: Record<string, string>;
  signature: string | undefined;
}

/**
 * `POST /api/notifications/twilio-status`: checks the signature, then applies the report. Twilio
 * can report on a message before the hub has stored the `sent` record that names it (the report
 * races the end of the send): such final reports are kept a while, bounded, and applied when the
 * record arrives (`recordChanged`).
 */
export class TwilioStatusReports {
  private readonly early = new Map<string, { params: Record<string, string>; at: number }>();

  constructor(
    private readonly deps: {
      outbox: NotificationOutbox;
      authToken: string | undefined;
      clock: Clock;
      onError?: (error: unknown) => void;
    },
    private readonly maxAgeMs = 10 * 60_000,
    private readonly maxSize = 10_000,
  ) {}

  async handle({
    url,
    params,
    signature,
  }: SignedStatusReport): Promise<
    StatusCallbackOutcome | { applied: false; forbidden: true; reason: string }
  > {
    const { outbox, authToken, clock } = this.deps;
    if (!authToken || !isValidTwilioSignature({ authToken, url, params, signature })) {
      return { applied: false, forbidden: true, reason: 'invalid X-Twilio-Signature' };
    }
    const outcome = await applyTwilioStatusCallback(outbox, params, new Date(clock.now()));
    const sid = params.MessageSid ?? params.SmsSid;
    const status = params.MessageStatus ?? params.SmsStatus ?? '';
    const final = ['delivered', 'undelivered', 'failed'].includes(status);
    if (!outcome.applied && final && sid && !outbox.findByProviderMessageId(sid)) {
      this.keep(sid, params, clock.now());
    }
    return outcome;
  }

  /** Call on every record change: a report that overtook the `sent` record is applied now. */
  recordChanged(record: NotificationRecord, previous: NotificationRecord | undefined): void {
    if (!record.providerMessageId || previous?.providerMessageId || this.early.size === 0) return;
    const now = this.deps.clock.now();
    this.expire(now);
    const params = this.early.get(record.providerMessageId)?.params;
    this.early.delete(record.providerMessageId);
    if (!params) return;
    // Not from inside the outbox's write: the report is applied as its own later write.
    setImmediate(() => {
      applyTwilioStatusCallback(this.deps.outbox, params, new Date(now)).catch((error: unknown) =>
        this.deps.onError?.(error),
      );
    });
  }

  private keep(sid: string, params: Record<string, string>, now: number): void {
    this.expire(now);
    if (this.early.size >= this.maxSize) {
      const oldest = this.early.keys().next().value;
      if (oldest !== undefined) this.early.delete(oldest);
    }
    // A later report of the same message (e.g. `sent`, then `delivered`) replaces the earlier.
    this.early.delete(sid);
    this.early.set(sid, { params, at: now });
  }

  private expire(now: number): void {
    for (const [sid, report] of this.early) {
      if (now - report.at <= this.maxAgeMs) break;
      this.early.delete(sid);
    }
  }
}
