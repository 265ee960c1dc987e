/**
 * ETA from position, applied by the hub (`JETBRIDGE_ETA_FROM_POSITION=apply`): when an inbound
 * aircraft's estimate (position-estimate.ts) is ETA_SUGGESTION_THRESHOLD_MINUTES or more away from
 * its flight's `eta` (else `sta`), the hub sets `eta` through the feed's own path (same rules,
 * hold for agents, change log, broadcast, passenger notifications, `by = "feed:<key>"`). With
 * hysteresis: a flight is tried at most once per `minIntervalMs`, and a new estimate must move
 * the threshold away from the last one applied, so an aircraft wobbling around the line does not
 * rewrite `eta` every second. In `suggest` mode (the default) the hub changes nothing: the console
 * shows the estimate and an agent decides.
 */
import type { Logger } from 'pino';
import type { Flight } from '../../core/flight';
import { ETA_SUGGESTION_THRESHOLD_MINUTES, type PositionEstimate } from '../../core/positions';
import type { FeedPrincipal } from '../feed/api-keys';
import type { ChangeOutcome } from '../store/flight-store';
import { etaSuggestion } from '../../core/eta-suggestion';

export const ETA_FROM_POSITION_MODES = ['suggest', 'apply'] as const;
export type EtaFromPositionMode = (typeof ETA_FROM_POSITION_MODES)[number];

/** A flight's `eta` is set from its position at most this often. */
export const ETA_APPLY_MIN_INTERVAL_MS = 5 * 60_000;

export interface PositionEtaUpdatesOptions {
  /** The live flight, as the store has it now. */
  flight: (flightId: string) => Flight | undefined;
  /** Sets `eta` as the key would (FeedProcessor.applyFields). */
  applyEta: (
    principal: FeedPrincipal,
    flightId: string,
    eta: string,
    opId: string,
  ) => Promise<{ outcome: ChangeOutcome; held: string[] }>;
  now: () => number;
  logger: Logger;
  minIntervalMs?: number;
  thresholdMinutes?: number;
}

interface Attempt {
  /** When the hub last tried (hub clock). */
  at: number;
  /** The last estimate that became the flight's `eta`, if any did. */
  appliedEta?: string;
}

export class PositionEtaUpdates {
  private readonly attempts = new Map<string, Attempt>();
  private readonly running = new Set<Promise<void>>();
  private readonly minIntervalMs: number;
  private readonly thresholdMinutes: number;

  constructor(private readonly options: PositionEtaUpdatesOptions) {
    this.minIntervalMs = options.minIntervalMs ?? ETA_APPLY_MIN_INTERVAL_MS;
    this.thresholdMinutes = options.thresholdMinutes ?? ETA_SUGGESTION_THRESHOLD_MINUTES;
  }

  /** Applies the estimate of a matched inbound aircraft if it is due (see the module comment). */
  consider(principal: FeedPrincipal, flightId: string, estimate: PositionEstimate): void {
    const flight = this.options.flight(flightId);
    if (!flight) return;
    // The console's rule, in one place: an arrival still on its way, far enough off its ETA.
    if (!etaSuggestion(flight, estimate, this.thresholdMinutes)) return;
    const now = this.options.now();
    const last = this.attempts.get(flightId);
    if (last && now - last.at < this.minIntervalMs) return;
    if (last?.appliedEta !== undefined) {
      const moved = (Date.parse(estimate.eta) - Date.parse(last.appliedEta)) / 60_000;
      if (Math.abs(moved) < this.thresholdMinutes) return;
    }
    const attempt: Attempt = {
      at: now,
      ...(last?.appliedEta ? { appliedEta: last.appliedEta } : {}),
    };
    this.attempts.set(flightId, attempt);
    const opId = `feed:${principal.name}:eta-from-position:${flightId}:${now}`;
    const running = this.options
      .applyEta(principal, flightId, estimate.eta, opId)
      .then(({ outcome, held }) => {
        if (outcome.kind === 'committed') attempt.appliedEta = estimate.eta;
        else if (outcome.kind === 'refused' || held.length > 0) {
          this.options.logger.info(
            {
              flightId,
              eta: estimate.eta,
              held,
              refused: outcome.kind === 'refused' ? outcome.error.message : undefined,
            },
            'ETA from position not applied',
          );
        }
      })
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error, flightId }, 'applying the ETA from position failed');
      })
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  /** An archived flight's hysteresis is forgotten. */
  forget(flightId: string): void {
    this.attempts.delete(flightId);
  }

  /** Resolves when every change under way has its outcome (the hub waits before closing). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
