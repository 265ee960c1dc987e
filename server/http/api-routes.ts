import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import {
  HTTP_STATUS_BY_CODE,
  can,
  describeZodError,
  loginRequestSchema,
  passengerSchema,
  type ErrorCode,
  type HttpErrorBody,
} from '../../core';
import type { SignInThrottle } from '../auth/login-throttle';
import type { Sessions } from '../auth/sessions';
import { authenticate, bearerToken } from './request-auth';
import { HubError, RateLimitedError, clientMessage } from '../hub-error';
import type { Airport } from '../store/file-schemas';
import type { FlightStore } from '../store/flight-store';
import type { PassengerManifests } from '../store/passenger-store';

const passengerManifestSchema = z.strictObject({ passengers: z.array(passengerSchema).max(1000) });

export interface ApiDeps {
  sessions: Sessions;
  loginThrottle: SignInThrottle;
  store: FlightStore;
  passengers: PassengerManifests;
  airport: Airport | null;
}

/** The contract's HTTP API (section 2) under /api. */
export function apiRoutes({
  sessions,
  loginThrottle,
  store,
  passengers,
  airport,
}: ApiDeps): Router {
  const router = express.Router();

  router.post('/login', async (req, res) => {
    const parsed = loginRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'body'));
    const { username, password } = parsed.data;
    const address = req.socket.remoteAddress ?? 'unknown';
    // Counted before the password is checked, so a burst of guesses cannot outrun the count.
    const attempt = await loginThrottle.begin(username, address);
    if (!attempt.allowed) {
      const wait = attempt.retryAfterSeconds;
      throw new RateLimitedError(`too many failed sign-ins; try again in ${wait} s`, wait);
    }
    let session: Awaited<ReturnType<Sessions['login']>> = null;
    try {
      session = await sessions.login(username, password);
    } finally {
      if (session) attempt.succeeded();
      else attempt.failed();
    }
    if (!session) throw new HubError('UNAUTHORIZED', 'wrong username or password');
    res.json(session);
  });

  // Ends the session of the token it is called with (the console's "Sign out").
  router.post('/logout', async (req, res) => {
    if (!(await sessions.logout(bearerToken(req)))) {
      throw new HubError('UNAUTHORIZED', 'a valid session token is required');
    }
    res.json({ ok: true });
  });

  router.get('/flights', async (req, res) => {
    const user = await authenticate(req, sessions);
    if (!can(user.role, 'readFlights')) throw new HubError('FORBIDDEN', 'may not read flights');
    res.json(store.snapshot());
  });

  router.put('/flights/:id/passengers', async (req, res) => {
    const user = await authenticate(req, sessions);
    if (!can(user.role, 'managePassengers')) {
      throw new HubError('FORBIDDEN', `role ${user.role} may not manage passengers`);
    }
    const flightId = flightIdParam(req);
    if (!store.flight(flightId)) throw new HubError('NOT_FOUND', `no flight "${flightId}"`);
    const parsed = passengerManifestSchema.safeParse(req.body);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'body'));
    res.json({ count: await passengers.replace(flightId, parsed.data.passengers) });
  });

  router.get('/airport', async (req, res) => {
    await authenticate(req, sessions);
    if (!airport) throw new HubError('NOT_FOUND', 'this hub has no airport configured');
    res.json(airport);
  });

  router.use((req) => {
    throw new HubError('NOT_FOUND', `no such endpoint: ${req.method} ${req.baseUrl}${req.path}`);
  });
  return router;
}

const flightIdSchema = z.string().min(1).max(64);

/** The `:id` path parameter, checked like any other input. */
export function flightIdParam(req: Request): string {
  const parsed = flightIdSchema.safeParse(req.params.id);
  if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'id'));
  return parsed.data;
}

export function sendError(
  res: Response,
  status: number,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): void {
  const body: HttpErrorBody = { error: { code, message: clientMessage(message), ...details } };
  // Details also stand beside `error` (a schedule's `errors`, contract section 7).
  res.status(status).json(details ? { ...details, ...body } : body);
}

/** Errors as `{"error":{"code","message"}}`; unexpected ones are logged and told as INTERNAL. */
export function apiErrorHandler(onUnexpected: (error: unknown, req: Request) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof RateLimitedError) res.set('Retry-After', String(error.retryAfterSeconds));
    if (error instanceof HubError) {
      return sendError(
        res,
        HTTP_STATUS_BY_CODE[error.code],
        error.code,
        error.message,
        error.details,
      );
    }
    const bodyError = error as { type?: string; status?: number };
    if (bodyError.type === 'entity.too.large') {
      const limit = (error as { limit?: number }).limit;
      return sendError(
        res,
        413,
        'INVALID',
        `request body is too large${limit ? ` (at most ${Math.round(limit / 1024 / 1024) >= 1 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`})` : ''}`,
      );
    }
    if (bodyError.type === 'entity.parse.failed') {
      return sendError(res, 400, 'INVALID', 'body: is not valid JSON');
    }
    if (typeof bodyError.type === 'string' && bodyError.status && bodyError.status < 500) {
      return sendError(res, bodyError.status, 'INVALID', 'body: cannot be read');
    }
    // The router's own refusals, e.g. a path parameter that is not valid percent-encoding.
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      return sendError(res, 400, 'INVALID', 'the request cannot be read');
    }
    onUnexpected(error, req);
    sendError(res, 500, 'INTERNAL', 'internal error; the hub logged the details');
  };
}
