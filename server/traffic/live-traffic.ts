/**
 * The hub's live traffic (contract section 8): positions posted by feed keys go into one
 * PositionTracker, matched to live flights through a LiveFlightIndex kept current from the
 * store's changes; matched inbound aircraft get an estimate (position-estimate.ts), applied to the
 * flight's `eta` in `apply` mode (position-eta-updates.ts). Memory only: positions are not changes
 * and never reach the change log or the store. Each hub keeps the positions posted to it.
 */
import type { Logger } from 'pino';
import type { Change } from '../../core';
import type { PositionEstimate, PositionsSnapshot, PositionsUpdate } from '../../core/positions';
import type { FeedPrincipal } from '../feed/api-keys';
import { findAirlineByIcao } from '../reference/reference-data';
import { TokenBucket } from '../token-bucket';
import type { Airport } from '../store/file-schemas';
import { isArchival, type FlightStore } from '../store/flight-store';
import { LiveFlightIndex, matchCallsign } from './callsign-match';
import type { OpenSkyState, PositionsBody, RejectedState } from './opensky-states';
import { estimateFromPosition } from './position-estimate';
import { PositionEtaUpdates, type EtaFromPositionMode } from './position-eta-updates';
import {
  PositionTracker,
  startPositionsBroadcast,
  type FlightMatcher,
  type IngestResult,
} from './position-tracker';

/**
 * Bodies a key may post: a tracker posts about one a second; a few receivers sharing a key, or a
 * catch-up after an outage, fit in the burst. Beyond it, `429` (each body may be 5 MB).
 */
export const POSITIONS_RATE = { perSecond: 5, burst: 20 };

/** The answer of `POST /api/feed/positions`. */
export interface PositionsAnswer extends IngestResult {
  /** State vectors refused (all of them counted). */
  refused: number;
  /** The refused ones by index and field, at most POSITIONS_MAX_REPORTED_REJECTIONS. */
  refusals: RejectedState[];
}

export interface LiveTrafficOptions {
  store: Pick<FlightStore, 'flights' | 'flight' | 'subscribe'>;
  airport: Airport;
  now: () => Date;
  logger: Logger;
  /** `JETBRIDGE_ETA_FROM_POSITION` (default `suggest`: the hub changes no flight). */
  etaMode?: EtaFromPositionMode;
  /** Sets a flight's `eta` as a key would (FeedProcessor.applyFields); needed for `apply`. */
  applyEta?: ConstructorParameters<typeof PositionEtaUpdates>[0]['applyEta'];
  /** How long an aircraft not heard of stays (default 60 s). */
  expiryMs?: number;
  /**
   * Hands each body's states to the other hubs (several hubs: cluster/redis-fan-out.ts), which
   * take them with `ingestShared`: a producer posts to any one hub, every hub's consoles see it.
   */
  share?: (shared: SharedPositions) => void;
  maxAircraft?: number;
}

/** A positions body as one hub hands it to the others: the key's airlines and its states. */
export interface SharedPositions {
  airlines: readonly string[] | null;
  states: OpenSkyState[];
}

/**
 * A message from another hub is what its `share` sent: the shape only, and of each state what
 * keeps it apart from others (its icao24) and orders it (its last contact). The states were
 * validated by the hub that took them, and Redis is the hubs' own.
 */
export function isSharedPositions(value: unknown): value is SharedPositions {
  if (typeof value !== 'object' || value === null) return false;
  const { airlines, states } = value as Record<string, unknown>;
  return (
    Array.isArray(states) &&
    states.every(
      (state: unknown) =>
        typeof state === 'object' &&
        state !== null &&
        typeof (state as Partial<OpenSkyState>).icao24 === 'string' &&
        Number.isFinite((state as Partial<OpenSkyState>).lastContact),
    ) &&
    (airlines === null || (Array.isArray(airlines) && airlines.every((a) => typeof a === 'string')))
  );
}

export class LiveTraffic {
  readonly tracker: PositionTracker;
  private readonly index: LiveFlightIndex;
  private readonly etaUpdates: PositionEtaUpdates | null;
  private readonly matchAny: FlightMatcher;
  /** Estimates made during one `ingest`, for `apply` mode. */
  private fresh: { flightId: string; estimate: PositionEstimate }[] = [];
  private readonly unsubscribe: () => void;
  private stopBroadcast: (() => void) | null = null;
  /** Once stopping, positions are still taken but change no flight (the store is draining). */
  private stopped = false;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly nowMs: () => number;
  private readonly share: ((shared: SharedPositions) => void) | undefined;

  constructor(options: LiveTrafficOptions) {
    this.share = options.share;
    const { store, airport } = options;
    this.nowMs = () => options.now().getTime();
    const flightOf = (flightId: string) => store.flight(flightId);
    this.index = new LiveFlightIndex(store.flights());
    this.unsubscribe = store.subscribe((changes) => this.follow(changes));
    this.matchAny = (callsign, now) =>
      matchCallsign(callsign, now, this.index, findAirlineByIcao)?.id;
    this.etaUpdates =
      options.etaMode === 'apply' && options.applyEta
        ? new PositionEtaUpdates({
            flight: flightOf,
            applyEta: options.applyEta,
            now: () => options.now().getTime(),
            logger: options.logger,
          })
        : null;
    this.tracker = new PositionTracker({
      now: () => options.now().getTime(),
      matchFlight: this.matchAny,
      estimate: (position) => {
        const estimate = estimateFromPosition(position, flightOf(position.flightId!), airport);
        if (estimate && this.etaUpdates) {
          this.fresh.push({ flightId: position.flightId!, estimate });
        }
        return estimate;
      },
      ...(options.expiryMs !== undefined ? { expiryMs: options.expiryMs } : {}),
      ...(options.maxAircraft !== undefined ? { maxAircraft: options.maxAircraft } : {}),
    });
  }

  /** Whether the key may post another body now (POSITIONS_RATE); false: refuse it unread. */
  admit(principal: FeedPrincipal): boolean {
    const now = this.nowMs();
    let bucket = this.buckets.get(principal.name);
    if (!bucket) this.buckets.set(principal.name, (bucket = new TokenBucket(POSITIONS_RATE, now)));
    return bucket.take(now);
  }

  /**
   * Takes a parsed positions body from a key, and shares it with the other hubs. A key limited
   * to some airlines matches only their flights: its other aircraft are kept, unmatched.
   */
  ingest(principal: FeedPrincipal, body: PositionsBody): PositionsAnswer {
    this.fresh = [];
    const result = this.tracker.ingest(body.states, this.matcherFor(principal.airlines));
    const fresh = this.fresh;
    this.fresh = [];
    if (!this.stopped) {
      for (const { flightId, estimate } of fresh) {
        this.etaUpdates?.consider(principal, flightId, estimate);
      }
    }
    this.share?.({ airlines: principal.airlines, states: body.states });
    return { ...result, refused: body.rejectedCount, refusals: body.rejected };
  }

  /**
   * States another hub took (its `share`): kept and shown like this hub's own, matched the same
   * way. Only the hub the body was posted to changes an ETA from them (`apply` mode), once.
   */
  ingestShared(shared: SharedPositions): void {
    this.fresh = [];
    this.tracker.ingest(shared.states, this.matcherFor(shared.airlines));
    this.fresh = [];
  }

  /** A key limited to some airlines matches only their flights (its other aircraft stay). */
  private matcherFor(airlines: readonly string[] | null | undefined): FlightMatcher {
    if (!airlines) return this.matchAny;
    return (callsign, now) => {
      const flight = matchCallsign(callsign, now, this.index, findAirlineByIcao);
      return flight && airlines.includes(flight.airline) ? flight.id : undefined;
    };
  }

  snapshot(): PositionsSnapshot {
    return this.tracker.snapshot();
  }

  /** Sends `positions:update` through `emit` when one is due (at most once a second). */
  start(emit: (update: PositionsUpdate) => void): void {
    this.stopBroadcast ??= startPositionsBroadcast(this.tracker, emit);
  }

  /** Stops the updates and the following of flight changes; resolves once `eta` changes settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopBroadcast?.();
    this.stopBroadcast = null;
    this.unsubscribe();
    await this.etaUpdates?.settled();
  }

  private follow(changes: readonly Change[]): void {
    for (const { flight, change } of changes) {
      if (isArchival(change)) {
        this.index.remove(flight.id);
        this.etaUpdates?.forget(flight.id);
      } else {
        this.index.upsert(flight);
      }
    }
  }
}
