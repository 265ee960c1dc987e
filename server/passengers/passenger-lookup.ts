import {
  describeZodError,
  passengerLookupSchema,
  toPublicFlight,
  type PassengerLookupResult,
} from '../../core';
import { LoginThrottle, type LoginThrottleOptions } from '../auth/login-throttle';
import { HubError, RateLimitedError } from '../hub-error';
import { ticketKey, type PassengerAccess } from './passenger-access';
import { familyKey } from './passenger-names';
import type { PassengerTokens } from './passenger-tokens';
import type { GateChanges } from './gate-changes';

/** The one answer for every mismatch: whether the PNR exists is not told. */
export const LOOKUP_NOT_FOUND = 'no booking matches this booking reference and last name';

export interface PassengerLookupOptions {
  access: PassengerAccess;
  tokens: PassengerTokens;
  gateChanges: GateChanges;
  /**
   * Every answer, found or not, is given no sooner than this after the request arrived, so the
   * time taken tells nothing about which check failed. Default 200 ms.
   */
  floorMs?: number;
  /** Failures per booking reference (default 5) and per address (20) in 15 minutes. */
  throttle?: LoginThrottleOptions;
  now?: () => number;
}

/**
 * `POST /api/passenger/lookup` (contract section 9): a booking reference and a last name give a
 * short-lived passenger token and the booking's flights. Failures are counted per address and
 * per booking reference; past the limit, the answer is 429 without looking (the right name is
 * held back too, as with staff sign-ins).
 */
export class PassengerLookup {
  private readonly throttle: LoginThrottle;
  private readonly floorMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PassengerLookupOptions) {
    this.now = options.now ?? Date.now;
    this.floorMs = options.floorMs ?? 200;
    this.throttle = new LoginThrottle({
      maxPerUser: 5,
      maxPerAddress: 20,
      now: this.now,
      ...options.throttle,
    });
  }

  async lookup(body: unknown, address: string): Promise<PassengerLookupResult> {
    const started = this.now();
    try {
      return await this.decide(body, address);
    } finally {
      const wait = started + this.floorMs - this.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async decide(body: unknown, address: string): Promise<PassengerLookupResult> {
    const parsed = passengerLookupSchema.safeParse(body);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'body'));
    const { pnr, lastName } = parsed.data;
    // Counted before the names are compared: however many arrive at once, at most the limit
    // are ever checked (the staff sign-in throttle's rule).
    const attempt = this.throttle.begin(pnr, address);
    if (!attempt.allowed) {
      throw new RateLimitedError(
        `too many lookups that found nothing; try again in ${attempt.retryAfterSeconds} s`,
        attempt.retryAfterSeconds,
      );
    }
    const { access, tokens, gateChanges } = this.options;
    const matches = access.matching(pnr, lastName);
    const first = matches[0];
    if (!first) {
      attempt.failed();
      throw new HubError('NOT_FOUND', LOOKUP_NOT_FOUND);
    }
    attempt.succeeded();
    const family = familyKey(first.passenger.name);
    const ticket = { pnr, family };
    const flights = access.flights(ticket);
    return {
      token: await tokens.issue(pnr, family),
      passenger: {
        name: first.passenger.name,
        locale: access.locale(ticketKey(ticket), first.passenger),
      },
      flights: await Promise.all(
        flights.map(async (flight) => toPublicFlight(flight, await gateChanges.of(flight.id))),
      ),
    };
  }
}
