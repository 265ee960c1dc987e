import express, { type Request, type Router } from 'express';
import { can } from '../../core';
import type { Principal, Sessions } from '../auth/sessions';
import { HubError } from '../hub-error';
import type { HubNotifications } from '../notifications/hub-notifications';
import type { FlightStore } from '../store/flight-store';

export interface NotificationRouteDeps {
  sessions: Sessions;
  store: Pick<FlightStore, 'flight'>;
  notifications: HubNotifications;
}

/**
 * Passenger notifications over HTTP, under /api: the contract's
 * `GET /flights/:id/notifications` (supervisor), and the extensions
 * `POST /flights/:id/notifications/:nid/retry` (supervisor, logged) and
 * `POST /notifications/twilio-status` (Twilio's delivery reports, signed with X-Twilio-Signature).
 */
export function notificationRoutes({
  sessions,
  store,
  notifications,
}: NotificationRouteDeps): Router {
  const router = express.Router();

  router.get('/flights/:id/notifications', async (req, res) => {
    const { flightId } = await supervisedFlight(req, sessions, store);
    // The contract's Notification names the passenger by PNR; supervisors also need the name,
    // which lives in the manifest only (the outbox keeps no more personal data than it sends).
    res.json({ notifications: notifications.listNamed(flightId) });
  });

  router.post('/flights/:id/notifications/:nid/retry', async (req, res) => {
    const { flightId, user } = await supervisedFlight(req, sessions, store);
    const id = String(req.params.nid);
    const result = await notifications.retry(flightId, id, user.username);
    if (result === undefined) {
      throw new HubError('NOT_FOUND', `flight "${flightId}" has no notification "${id}"`);
    }
    if (result === 'not-retryable') {
      throw new HubError('CONFLICT', 'only a failed or skipped notification can be retried');
    }
    res.json({ notification: result });
  });

  router.post(
    '/notifications/twilio-status',
    express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 100 }),
    async (req, res) => {
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
        if (typeof value === 'string') params[name] = value;
      }
      // The URL Twilio signed: the configured public one (behind a proxy), else as called.
      const url =
        notifications.statusCallbackUrl ?? `${req.protocol}://${req.get('host')}${req.originalUrl}`;
      const outcome = await notifications.handleTwilioStatus({
        url,
        params,
        signature: req.get('x-twilio-signature'),
      });
      if ('forbidden' in outcome) throw new HubError('FORBIDDEN', outcome.reason);
      // Twilio only needs a 2xx; an unknown or interim report is not an error worth a retry.
      res.status(204).end();
    },
  );

  return router;
}

/** The flight of `:id` after checking the caller is a signed-in supervisor. */
async function supervisedFlight(
  req: Request,
  sessions: Sessions,
  store: Pick<FlightStore, 'flight'>,
): Promise<{ flightId: string; user: Principal }> {
  const match = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '');
  const user = match ? await sessions.verify(match[1]) : null;
  if (!user) throw new HubError('UNAUTHORIZED', 'a valid session token is required');
  if (!can(user.role, 'managePassengers')) {
    throw new HubError('FORBIDDEN', `role ${user.role} may not see passenger notifications`);
  }
  const flightId = String(req.params.id);
  if (!store.flight(flightId)) throw new HubError('NOT_FOUND', `no flight "${flightId}"`);
  return { flightId, user };
}
