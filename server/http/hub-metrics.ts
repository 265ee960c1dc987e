import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Change } from '../../core';
import type { ChangeOutcome, ChangeRequest, FlightStore } from '../store/flight-store';

/** One notification count: what `/metrics` reports per channel and status. */
export interface NotificationCount {
  channel: string;
  status: string;
  count: number;
}

export interface HubMetricsSources {
  /** Clients connected to this hub. */
  connectedClients: () => number;
  /** Notifications by channel and status, read at each scrape (hub-notifications.ts). */
  notificationCounts?: () => Iterable<NotificationCount>;
  /** Aircraft whose position the hub holds (server/traffic). */
  trackedAircraft?: () => number;
  /** Whether the Redis fan-out is connected; null without Redis (cluster/redis-fan-out.ts). */
  redisConnected?: () => boolean | null;
}

/** How the states of a positions body ended (`POST /api/feed/positions`). */
export type PositionResult =
  'accepted' | 'without_position' | 'out_of_order' | 'dropped' | 'refused';

/**
 * The hub's Prometheus metrics (contract section 10), in a registry of its own (several hubs
 * may run in one process, in tests). `GET /metrics` serves `registry`.
 */
export class HubMetrics {
  readonly registry = new Registry();
  readonly changesCommitted: Counter<'kind'>;
  readonly ackLatency: Histogram;
  /** For the feed (`POST /api/feed/flights`): one per message, by result. */
  readonly feedMessages: Counter<'result'>;
  /** For `POST /api/feed/positions`: one per state vector, by result. */
  readonly positions: Counter<'result'>;

  constructor(sources: HubMetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'jetbridge_' });
    new Gauge({
      name: 'jetbridge_connected_clients',
      help: 'Socket.IO clients connected to this hub',
      registers,
      collect() {
        this.set(sources.connectedClients());
      },
    });
    this.changesCommitted = new Counter({
      name: 'jetbridge_changes_committed_total',
      help: 'Flight changes this hub committed, by change kind',
      labelNames: ['kind'],
      registers,
    });
    this.ackLatency = new Histogram({
      name: 'jetbridge_change_ack_seconds',
      help: 'From a change request reaching the store to its outcome (the acknowledgement)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.feedMessages = new Counter({
      name: 'jetbridge_feed_messages_total',
      help: 'Operational feed messages taken, by result (ok, refused)',
      labelNames: ['result'],
      registers,
    });
    this.positions = new Counter({
      name: 'jetbridge_positions_total',
      help: 'Aircraft state vectors posted to the positions feed, by result (accepted, without_position, out_of_order, dropped, refused)',
      labelNames: ['result'],
      registers,
    });
    new Gauge({
      name: 'jetbridge_tracked_aircraft',
      help: 'Aircraft whose latest position this hub holds',
      registers,
      collect() {
        this.set(sources.trackedAircraft?.() ?? 0);
      },
    });
    new Gauge({
      name: 'jetbridge_redis_connected',
      help: 'Whether the Redis fan-out to the other hubs is connected (1) or not (0); absent without Redis',
      registers,
      collect() {
        this.reset();
        const connected = sources.redisConnected?.() ?? null;
        if (connected !== null) this.set(connected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'jetbridge_notifications',
      help: 'Passenger notifications known to this hub, by channel and status',
      labelNames: ['channel', 'status'],
      registers,
      collect() {
        this.reset();
        for (const { channel, status, count } of sources.notificationCounts?.() ?? []) {
          this.set({ channel, status }, count);
        }
      },
    });
  }

  /** Counts one positions body's states by how they ended. */
  countPositions(counts: {
    accepted: number;
    withoutPosition: number;
    outOfOrder: number;
    dropped: number;
    refused: number;
  }): void {
    const byResult: [PositionResult, number][] = [
      ['accepted', counts.accepted],
      ['without_position', counts.withoutPosition],
      ['out_of_order', counts.outOfOrder],
      ['dropped', counts.dropped],
      ['refused', counts.refused],
    ];
    for (const [result, count] of byResult) if (count > 0) this.positions.inc({ result }, count);
  }

  /** `store`, with every `apply` timed and every commit counted. */
  measure(store: FlightStore): FlightStore {
    return measuredStore(store, (outcomes, seconds) => {
      for (const outcome of outcomes) {
        this.ackLatency.observe(seconds);
        if (outcome.kind === 'committed')
          this.changesCommitted.inc({ kind: kindOf(outcome.change) });
      }
    });
  }
}

function kindOf(change: Change): string {
  return change.change.kind ?? 'update';
}

/** A FlightStore that reports each `apply`'s outcomes and duration, and is otherwise `store`. */
function measuredStore(
  store: FlightStore,
  report: (outcomes: readonly ChangeOutcome[], seconds: number) => void,
): FlightStore {
  const apply = async (requests: readonly ChangeRequest[]) => {
    const started = process.hrtime.bigint();
    const outcomes = await store.apply(requests);
    report(outcomes, Number(process.hrtime.bigint() - started) / 1e9);
    return outcomes;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'apply') return apply;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
