import type { NotificationCounts } from '../../../../core';

export type CountTone = 'queued' | 'sent' | 'delivered' | 'failed' | 'skipped';

/** The counts a console shows, in this order: queued includes those being sent right now. */
export function visibleCounts(counts: NotificationCounts): Array<{
  tone: CountTone;
  label: string;
  /** For the grid's narrow cell. */
  short: string;
  value: number;
}> {
  return [
    { tone: 'queued', label: 'queued', short: 'queue', value: counts.queued + counts.sending },
    { tone: 'sent', label: 'sent', short: 'sent', value: counts.sent },
    { tone: 'delivered', label: 'delivered', short: 'dlvd', value: counts.delivered },
    { tone: 'failed', label: 'failed', short: 'fail', value: counts.failed },
    { tone: 'skipped', label: 'not sent', short: 'skip', value: counts.skipped },
  ];
}

export function describeCounts(counts: NotificationCounts): string {
  return visibleCounts(counts)
    .map(({ label, value }) => `${value} ${label}`)
    .join(', ');
}
