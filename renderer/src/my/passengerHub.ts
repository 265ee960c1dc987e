import { z } from 'zod';
import {
  passengerPreferencesSchema,
  type PassengerPreferences,
  type PassengerPreferencesResult,
} from '../../../core/passenger-self-service';
import { publicFlightSchema, type PublicFlight } from '../../../core/public-flight';

/**
 * The passengers' HTTP API (contract section 9), same origin as the page. Answers are `unknown`
 * until parsed: a page that trusted a malformed answer could show a wrong gate.
 */
export type HubProblem =
  | { kind: 'not-found' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'unauthorized' }
  | { kind: 'invalid'; message: string }
  | { kind: 'unreachable' };

export class HubCallError extends Error {
  constructor(readonly problem: HubProblem) {
    super(problem.kind);
  }
}

const lookupResultSchema = z.object({
  token: z.string().min(1),
  passenger: z.object({ name: z.string(), locale: z.enum(['en', 'hi']).catch('en') }),
  flights: z.array(publicFlightSchema),
});
export type LookupResult = z.infer<typeof lookupResultSchema>;

const preferencesResultSchema = passengerPreferencesSchema.extend({
  reachable: z.object({
    sms: z.boolean(),
    email: z.boolean(),
    pushDevices: z.number().int().nonnegative(),
  }),
}) satisfies z.ZodType<PassengerPreferencesResult>;

async function call<T>(
  schema: z.ZodType<T>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      cache: 'no-store',
    });
  } catch {
    throw new HubCallError({ kind: 'unreachable' });
  }
  if (response.status === 404) throw new HubCallError({ kind: 'not-found' });
  if (response.status === 401) throw new HubCallError({ kind: 'unauthorized' });
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after')) || 60;
    throw new HubCallError({ kind: 'rate-limited', retryAfterSeconds: seconds });
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (json as { error?: { message?: unknown } } | null)?.error?.message;
    throw new HubCallError({
      kind: response.status === 400 ? 'invalid' : 'unreachable',
      message: typeof message === 'string' ? message : `HTTP ${response.status}`,
    } as HubProblem);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new HubCallError({ kind: 'unreachable' });
  return parsed.data;
}

export function lookUpBooking(pnr: string, lastName: string): Promise<LookupResult> {
  return call(lookupResultSchema, 'POST', '/api/passenger/lookup', { body: { pnr, lastName } });
}

export function fetchFlights(token: string): Promise<PublicFlight[]> {
  return call(z.object({ flights: z.array(publicFlightSchema) }), 'GET', '/api/passenger/flights', {
    token,
  }).then((answer) => answer.flights);
}

export function fetchPreferences(token: string): Promise<PassengerPreferencesResult> {
  return call(preferencesResultSchema, 'GET', '/api/passenger/preferences', { token });
}

export function savePreferences(
  token: string,
  preferences: PassengerPreferences,
): Promise<PassengerPreferencesResult> {
  return call(preferencesResultSchema, 'PUT', '/api/passenger/preferences', {
    token,
    body: preferences,
  });
}

export function fetchPushKey(): Promise<string> {
  return call(z.object({ publicKey: z.string().min(1) }), 'GET', '/api/passenger/push/key').then(
    (answer) => answer.publicKey,
  );
}

export function registerPushSubscription(
  token: string,
  subscription: PushSubscriptionJSON,
): Promise<PassengerPreferencesResult> {
  return call(preferencesResultSchema, 'POST', '/api/passenger/push/subscriptions', {
    token,
    body: subscription,
  });
}
