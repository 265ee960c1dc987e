import type { NotificationSummary, Passenger } from '../../core';
import type { NotificationOutbox } from './notification-outbox';

/**
 * What consoles see of notifications per flight (`notifications:summary`): the manifest's size
 * and the notifications by status, broadcast when they change, at most every interval per flight.
 */
export class NotificationSummaries {
  private broadcast: ((summary: NotificationSummary) => void) | null = null;
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      outbox: Pick<NotificationOutbox, 'countsFor' | 'flightIds' | 'listByFlight'>;
      passengers: { list(flightId: string): readonly Passenger[] };
      /** Default 250 ms. */
      intervalMs?: number;
    },
  ) {}

  /** Where live summaries go (the hub's `io.emit('notifications:summary', …)`). */
  onSummary(broadcast: (summary: NotificationSummary) => void): void {
    this.broadcast = broadcast;
  }

  summary(flightId: string): NotificationSummary {
    return {
      flightId,
      passengers: this.deps.passengers.list(flightId).length,
      counts: this.deps.outbox.countsFor(flightId),
    };
  }

  /** Every flight of `flightIds` with a manifest or notifications. */
  summaries(flightIds: readonly string[]): NotificationSummary[] {
    return flightIds
      .map((flightId) => this.summary(flightId))
      .filter(
        (summary) =>
          summary.passengers > 0 || Object.values(summary.counts).some((count) => count > 0),
      );
  }

  /** Every notification counted by channel and status (`/metrics`, read at each scrape). */
  countsByChannel(): { channel: string; status: string; count: number }[] {
    const counts = new Map<string, { channel: string; status: string; count: number }>();
    for (const flightId of this.deps.outbox.flightIds()) {
      for (const { channel, status } of this.deps.outbox.listByFlight(flightId)) {
        const key = `${channel}\u0000${status}`;
        const entry = counts.get(key) ?? { channel, status, count: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
    }
    return [...counts.values()];
  }

  /** The flight's summary changed (its counts or its manifest). */
  markDirty(flightId: string): void {
    this.dirty.add(flightId);
    if (this.flushTimer || this.stopped) return;
    // Summaries go out at most every interval: a burst of thousands of sends is a few events.
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const flights = [...this.dirty];
      this.dirty.clear();
      for (const flightId of flights) this.broadcast?.(this.summary(flightId));
    }, this.deps.intervalMs ?? 250);
    this.flushTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }
}
