import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import {
  describeZodError,
  passengerPreferencesSchema,
  toPublicFlight,
  type PassengerPreferencesResult,
} from '../../core';
import { HubError, RateLimitedError } from '../hub-error';
import { TokenBucket } from '../token-bucket';
import { pushSubscriptionSchema } from '../notifications/push-subscription';
import { ticketKey, type PassengerAccess } from './passenger-access';
import type { PassengerLookup } from './passenger-lookup';
import type { PassengerTicket, PassengerTokens } from './passenger-tokens';
import type { GateChanges } from './gate-changes';
import type { PushEndpointPolicy } from './push-endpoint-policy';
import type { SelfServiceStore } from './self-service-store';

export interface PassengerRouteDeps {
  lookup: PassengerLookup;
  tokens: PassengerTokens;
  access: PassengerAccess;
  selfService: SelfServiceStore;
  gateChanges: GateChanges;
  pushPolicy: PushEndpointPolicy;
  /** The hub's VAPID public key. */
  vapidPublicKey: string;
  now: () => Date;
}

const endpointBodySchema = z.strictObject({ endpoint: z.string().min(1).max(2048) });

/**
 * Contract section 9 under /api/passenger: the lookup, and what a passenger token opens —
 * the booking's flights, the passenger's preferences and push subscriptions. A staff token is
 * refused here like any other wrong token (it is signed with another key).
 */
export function passengerRoutes(deps: PassengerRouteDeps): Router {
  const { access, selfService, now } = deps;
  const router = express.Router();
  const writes = new WriteBudget();
  /** A passenger's token, for a request that writes: each write is an fsync, so they are paced. */
  const writingTicket = async (req: Request) => {
    const ticket = await passengerTicket(req, deps.tokens);
    writes.take(ticket.jti);
    return ticket;
  };

  router.post('/passenger/lookup', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await deps.lookup.lookup(req.body, req.socket.remoteAddress ?? 'unknown'));
  });

  router.get('/passenger/flights', async (req, res) => {
    const ticket = await passengerTicket(req, deps.tokens);
    const flights = access.flights(ticket);
    res.set('Cache-Control', 'no-store');
    res.json({
      flights: await Promise.all(
        flights.map(async (f) => toPublicFlight(f, await deps.gateChanges.of(f.id))),
      ),
    });
  });

  router.get('/passenger/preferences', async (req, res) => {
    const ticket = await passengerTicket(req, deps.tokens);
    res.set('Cache-Control', 'no-store');
    res.json(preferencesOf(ticket, deps));
  });

  router.put('/passenger/preferences', async (req, res) => {
    const ticket = await writingTicket(req);
    const parsed = passengerPreferencesSchema.safeParse(req.body);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'body'));
    await selfService.setPreferences(ticketKey(ticket), parsed.data, now());
    res.json(preferencesOf(ticket, deps));
  });

  router.get('/passenger/push/key', (_req, res) => {
    res.json({ publicKey: deps.vapidPublicKey });
  });

  router.post('/passenger/push/subscriptions', async (req, res) => {
    const ticket = await writingTicket(req);
    const parsed = pushSubscriptionSchema.safeParse(req.body);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'body'));
    const problem = deps.pushPolicy.problem(parsed.data.endpoint);
    if (problem) throw new HubError('INVALID', problem);
    const key = ticketKey(ticket);
    await selfService.addSubscription(key, parsed.data, now());
    // Asking for pushes on a device means wanting them: push is switched on if it was off.
    const current = preferencesOf(ticket, deps);
    if (!current.channels.push) {
      const { channels, locale } = current;
      await selfService.setPreferences(
        key,
        { channels: { ...channels, push: true }, locale },
        now(),
      );
    }
    res.status(201).json(preferencesOf(ticket, deps));
  });

  router.delete('/passenger/push/subscriptions', async (req, res) => {
    const ticket = await writingTicket(req);
    const parsed = endpointBodySchema.safeParse(req.body);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'body'));
    const own = selfService
      .subscriptionsOf(ticketKey(ticket))
      .some((s) => s.endpoint === parsed.data.endpoint);
    if (!own) throw new HubError('NOT_FOUND', 'no such subscription of this passenger');
    await selfService.removeSubscription(parsed.data.endpoint);
    res.status(204).end();
  });

  return router;
}

function preferencesOf(
  ticket: PassengerTicket,
  deps: Pick<PassengerRouteDeps, 'access' | 'selfService'>,
): PassengerPreferencesResult {
  const key = ticketKey(ticket);
  const entries = deps.access.entries(ticket);
  const stored = deps.selfService.preferences(key);
  const pushDevices = deps.selfService.subscriptionsOf(key).length;
  return {
    channels: stored?.channels ?? { sms: true, email: true, push: true },
    locale: deps.access.locale(key, entries[0]?.passenger),
    reachable: {
      sms: entries.some((e) => e.passenger.phone !== undefined),
      email: entries.some((e) => e.passenger.email !== undefined),
      pushDevices,
    },
  };
}

/** The ticket of the request's passenger token; 401 for anything else, staff tokens included. */
export async function passengerTicket(
  req: Request,
  tokens: PassengerTokens,
): Promise<PassengerTicket> {
  const token = /^Bearer (\S{1,4096})$/.exec(req.get('authorization') ?? '')?.[1];
  const ticket = token ? await tokens.verify(token) : null;
  if (!ticket) throw new HubError('UNAUTHORIZED', 'a valid passenger token is required');
  return ticket;
}

/** Changes per passenger token: 1 a second on average, bursts of 10 (a person taps, a script floods). */
class WriteBudget {
  private readonly buckets = new Map<string, TokenBucket>();

  take(jti: string): void {
    const now = Date.now();
    let bucket = this.buckets.get(jti);
    if (!bucket) {
      if (this.buckets.size >= 10_000) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = new TokenBucket({ perSecond: 1, burst: 10 }, now);
      this.buckets.set(jti, bucket);
    }
    if (!bucket.take(now)) {
      throw new RateLimitedError('too many changes; try again in a few seconds', 2);
    }
  }
}
