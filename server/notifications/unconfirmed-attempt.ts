import type { NotificationChannel } from './notification-channel';
import type { NotificationOutbox } from './notification-outbox';
import type { NotificationRecord } from './notification-record';

/**
 * An attempt whose answer was lost (a timeout, a reset after the request went out, a gateway
 * error, the hub stopped meanwhile) may have reached the provider. Before it is sent again, the
 * dispatcher asks the provider (`NotificationChannel.findSent`) and settles the record by what
 * it says: sent under the provider's id, or sent again, or — when the provider cannot be asked —
 * asked again later, bounded like send attempts.
 */
export interface UnconfirmedCheckDeps {
  outbox: NotificationOutbox;
  now(): number;
  /** Checks that fail in a row before the record fails; also the send attempts allowed. */
  maxAttempts: number;
  backoffMs(failures: number): number;
}

/**
 * `claimed` is a record just claimed for a new attempt (`sending`, its attempt counted). Settles
 * it (sent with the provider's id, failed, or queued for another check: the claimed attempt not
 * counted) and returns null; or returns it cleared of the unconfirmed attempt when the provider
 * never got it: then send it. Every write goes in its own small journal batch (`promptly`): the
 * record's earlier lines are durable, since its claim was.
 */
export async function checkUnconfirmedAttempt(
  claimed: NotificationRecord,
  channel: NotificationChannel,
  deps: UnconfirmedCheckDeps,
): Promise<NotificationRecord | null> {
  const promptly = { promptly: true, claimed: true };
  // The claimed attempt is made only if the check says so.
  const record: NotificationRecord = {
    ...claimed,
    status: 'queued',
    attempts: claimed.attempts - 1,
  };
  let found: string[];
  try {
    found = await channel.findSent!(record, new Date(record.unconfirmedSince!));
  } catch (error) {
    const now = deps.now();
    const failures = (record.checkFailures ?? 0) + 1;
    const reason = `cannot tell whether an earlier attempt was sent: ${(error as Error).message}`;
    const next: NotificationRecord =
      failures >= deps.maxAttempts
        ? { ...record, status: 'failed', error: `gave up: ${reason}` }
        : { ...record, nextAttemptAt: new Date(now + deps.backoffMs(failures)).toISOString() };
    await deps.outbox.update(
      {
        ...next,
        lastError: reason,
        checkFailures: failures,
        updatedAt: new Date(now).toISOString(),
      },
      promptly,
    );
    return null;
  }
  const at = new Date(deps.now()).toISOString();
  // Not one another record claimed already (two records with the same text to one phone).
  const providerMessageId = found.find((id) => !deps.outbox.findByProviderMessageId(id));
  const cleared = withoutCheck(record);
  if (providerMessageId) {
    const sent: NotificationRecord = {
      ...cleared,
      status: 'sent',
      providerMessageId,
      sentAt: record.unconfirmedSince!,
      updatedAt: at,
    };
    delete sent.error;
    await deps.outbox.update(sent, promptly);
    return null;
  }
  if (cleared.attempts >= deps.maxAttempts) {
    const error = `gave up after ${cleared.attempts} attempts: ${cleared.lastError ?? 'no answer'}`;
    await deps.outbox.update({ ...cleared, status: 'failed', error, updatedAt: at }, promptly);
    return null;
  }
  return withoutCheck(claimed);
}

/** The record without the marks of an unconfirmed attempt. */
export function withoutCheck(record: NotificationRecord): NotificationRecord {
  const cleared = { ...record };
  delete cleared.unconfirmedSince;
  delete cleared.checkFailures;
  return cleared;
}

/** When an attempt begun at `since` can be checked: once the provider is sure to list it. */
export function checkableAt(
  channel: NotificationChannel | undefined,
  since: string,
  notBefore: number,
): number {
  const listingDelayMs = channel?.findSent ? (channel.listingDelayMs ?? 0) : 0;
  return Math.max(notBefore, Date.parse(since) + listingDelayMs);
}
