import type { NotificationCounts } from '../../../../core';

export type CountTone = 'queued' | 'sent' | 'delivered' | 'failed' | 'skipped';

/** The counts a console shows, in this order: queued includes those being sent right now. */
export function visibleCounts(counts: NotificationCounts): Array<{
  tone: CountTone;
  label: string;
  value: number;
}> {
  return [
    { tone: 'queued' as const, label: 'queued', value: counts.queued + counts.sending },
    { tone: 'sent' as const, label: 'sent', value: counts.sent },
    { tone: 'delivered' as const, label: 'delivered', value: counts.delivered },
    { tone: 'failed' as const, label: 'failed', value: counts.failed },
    { tone: 'skipped' as const, label: 'not sent', value: counts.skipped },
  ];
}

export function describeCounts(counts: NotificationCounts): string {
  return visibleCounts(counts)
    .map(({ label, value }) => `${value} ${label}`)
    .join(', ');
}
