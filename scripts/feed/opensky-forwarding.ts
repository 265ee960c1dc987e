/**
 * The OpenSky forwarder's loop: poll `/states/all` for the box every `pollIntervalMs` and POST
 * each answer to the hub's `/api/feed/positions` exactly as OpenSky sent it (the contract's body
 * is OpenSky's, so there is nothing to translate).
 *
 * - OpenSky rate-limits (429): wait what `X-Rate-Limit-Retry-After-Seconds` says, then go on.
 * - OpenSky unreachable or failing (5xx): back off exponentially.
 * - The hub down or failing: the answer in hand is dropped (positions are perishable) and OpenSky
 *   is not polled again — that would only spend credits — until `GET /healthz` says the hub is
 *   back, probed with backoff. A 429 from the hub waits its `Retry-After`.
 * - Refusals no retry can mend (OpenSky refusing the credentials or the request, the hub refusing
 *   the key) end the loop with the reason.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Backoff } from './backoff';
import type { HubFeedClient } from './hub-feed-client';
import type { BoundingBox, OpenSkyClient } from './opensky-client';

export interface OpenSkyForwarderOptions {
  opensky: OpenSkyClient;
  hub: HubFeedClient;
  box: BoundingBox;
  pollIntervalMs: number;
  /** Log a summary every this many forwarded answers. */
  summaryEvery?: number;
  now?: () => number;
  log?: (line: string) => void;
  openSkyBackoff?: Backoff;
  hubBackoff?: Backoff;
}

export type ForwarderEnd = 'stopped' | 'refused';

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(Math.max(0, ms), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export async function runOpenSkyForwarder(
  options: OpenSkyForwarderOptions,
  signal: AbortSignal,
): Promise<ForwarderEnd> {
  const { opensky, hub, box, pollIntervalMs } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? console.log;
  const summaryEvery = options.summaryEvery ?? 10;
  const openSkyBackoff =
    options.openSkyBackoff ?? new Backoff({ initialMs: 5_000, maxMs: 300_000 });
  const hubBackoff = options.hubBackoff ?? new Backoff();
  let hubDown = false;
  let forwarded = 0;

  try {
    while (!signal.aborted) {
      if (hubDown) {
        while (!(await hub.isUp(signal))) {
          if (!(await pause(hubBackoff.next(), signal))) return 'stopped';
        }
        log(`hub is back after ${hubBackoff.failures} probes; polling OpenSky again`);
        hubBackoff.reset();
        hubDown = false;
      }

      const cycleAt = now();
      const answer = await opensky.fetchStates(box, signal);
      if (answer.kind === 'rate-limited') {
        log(
          `OpenSky rate limit reached; waiting ${Math.ceil(answer.retryAfterMs / 1000)} s as it asks`,
        );
        if (!(await pause(answer.retryAfterMs, signal))) break;
        continue;
      }
      if (answer.kind === 'failed') {
        if (answer.fatal) {
          log(`stopping: ${answer.reason}`);
          return 'refused';
        }
        const wait = openSkyBackoff.next();
        log(`OpenSky failed (${answer.reason}); retrying in ${(wait / 1000).toFixed(1)} s`);
        if (!(await pause(wait, signal))) break;
        continue;
      }
      openSkyBackoff.reset();

      const outcome = await hub.postPositions(answer.text, signal);
      // Never poll OpenSky faster than the interval, whatever the hub said.
      let wait = pollIntervalMs - (now() - cycleAt);
      if (outcome.kind === 'retry') {
        if (outcome.retryAfterMs !== undefined) {
          log(`hub busy (${outcome.reason}); waiting ${Math.ceil(outcome.retryAfterMs / 1000)} s`);
          wait = Math.max(wait, outcome.retryAfterMs);
        } else {
          log(
            `hub not taking positions (${outcome.reason}); pausing OpenSky polls until it is back`,
          );
          hubDown = true;
        }
      } else if (outcome.kind === 'refused') {
        log(`hub refused the positions: ${outcome.reason}`);
        if (outcome.fatal) return 'refused';
      } else {
        forwarded += 1;
        if (forwarded === 1 || forwarded % summaryEvery === 0) {
          const credits =
            answer.remainingCredits === undefined
              ? ''
              : `; ${answer.remainingCredits} OpenSky credits left today`;
          log(`forwarded ${answer.count} aircraft (OpenSky time ${answer.time})${credits}`);
        }
      }
      if (!(await pause(wait, signal))) break;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
  return 'stopped';
}
