/**
 * The demo's ADS-B feed: every `intervalMs` it works out where each airborne flight of the day
 * is and POSTs the batch to the hub's `/api/feed/positions` as an OpenSky `/states/all` body,
 * with its feed key, like any tracker integration. Flights are re-read every `refreshFlightsMs`
 * so that new, delayed and cancelled flights fly (or stop flying) accordingly.
 *
 * When the hub is down or busy it retries with backoff; positions are perishable, so each retry
 * sends where the aircraft are then, never a backlog. A refusal no retry can mend (a wrong or
 * revoked key, a hub without the endpoint) stops it with the hub's reason.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { OpenSkyStatesBody } from '../../server/traffic/opensky-states';
import { Backoff } from './backoff';
import type { Geography } from './demo-geography';
import { planLeg, stateVectorAt, type FlightLeg } from './flight-legs';
import type { FlightsSource } from './flight-sources';
import type { HubFeedClient } from './hub-feed-client';

export interface PositionSimulatorOptions {
  client: HubFeedClient;
  source: FlightsSource;
  geography: Geography;
  /** Seeds every aircraft's address, level and speed: the same seed flies the same sky. */
  seed: string;
  intervalMs?: number;
  refreshFlightsMs?: number;
  /** Log a summary every this many posts. */
  summaryEvery?: number;
  now?: () => number;
  log?: (line: string) => void;
  backoff?: Backoff;
}

export type SimulatorEnd = 'stopped' | 'refused';

/** The OpenSky body for the legs in the air at `now`. */
export function airborneStates(legs: readonly FlightLeg[], now: number): OpenSkyStatesBody {
  const states = legs.map((leg) => stateVectorAt(leg, now)).filter((state) => state !== undefined);
  return { time: Math.floor(now / 1000), states };
}

/** Plans every flight's leg; says once per reason which flights cannot fly. */
export function planLegs(
  flights: Parameters<typeof planLeg>[0][],
  geography: Geography,
  seed: string,
): { legs: FlightLeg[]; skipped: Map<string, number> } {
  const legs: FlightLeg[] = [];
  const skipped = new Map<string, number>();
  for (const flight of flights) {
    const plan = planLeg(flight, geography, seed);
    if (plan.ok) legs.push(plan.leg);
    else if (!plan.grounded) {
      skipped.set(plan.reason, (skipped.get(plan.reason) ?? 0) + 1);
    }
  }
  return { legs, skipped };
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(Math.max(0, ms), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export async function runPositionSimulator(
  options: PositionSimulatorOptions,
  signal: AbortSignal,
): Promise<SimulatorEnd> {
  const { client, source, geography, seed } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const refreshFlightsMs = options.refreshFlightsMs ?? 30_000;
  const summaryEvery = options.summaryEvery ?? 10;
  const now = options.now ?? Date.now;
  const log = options.log ?? console.log;
  const backoff = options.backoff ?? new Backoff();

  let legs: FlightLeg[] = [];
  let flightsReadAt = Number.NEGATIVE_INFINITY;
  let reportedSkips = '';
  let posts = 0;

  while (!signal.aborted) {
    const tickAt = now();
    if (tickAt - flightsReadAt >= refreshFlightsMs) {
      try {
        const flights = await source.load(tickAt, signal);
        if (flights === 'unavailable') throw new Error(`${source.name} does not exist`);
        const planned = planLegs(flights, geography, seed);
        legs = planned.legs;
        flightsReadAt = tickAt;
        const skips = [...planned.skipped].map(([why, count]) => `${why} (${count})`).join('; ');
        if (skips !== reportedSkips && skips !== '') log(`not flying: ${skips}`);
        reportedSkips = skips;
      } catch (error) {
        if (signal.aborted) break;
        log(`could not read flights from ${source.name}: ${(error as Error).message}`);
      }
    }

    const body = airborneStates(legs, tickAt);
    let outcome;
    try {
      outcome = await client.postPositions(body, signal);
    } catch {
      break; // aborted mid-request
    }
    if (outcome.kind === 'retry') {
      const wait = outcome.retryAfterMs ?? backoff.next();
      log(
        `hub not taking positions (${outcome.reason}); retrying in ${(wait / 1000).toFixed(1)} s`,
      );
      if (!(await pause(wait, signal))) break;
      continue;
    }
    if (outcome.kind === 'refused') {
      log(`hub refused the positions: ${outcome.reason}`);
      if (outcome.fatal) return 'refused';
    } else {
      if (backoff.failures > 0) log(`hub back after ${backoff.failures} failed attempts`);
      backoff.reset();
      posts += 1;
      if (posts === 1 || posts % summaryEvery === 0) {
        const arrivals = new Set(
          legs.filter((leg) => leg.direction === 'arrival').map((leg) => leg.icao24),
        );
        const states = body.states ?? [];
        const inbound = states.filter((state) => arrivals.has(state[0])).length;
        log(
          `posted ${states.length} aircraft (${states.length - inbound} outbound, ${inbound} inbound) from ${source.name}`,
        );
      }
    }
    if (!(await pause(intervalMs - (now() - tickAt), signal))) break;
  }
  return 'stopped';
}
