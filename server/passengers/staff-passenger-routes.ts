import express, { type Router } from 'express';
import { z } from 'zod';
import {
  can,
  describeZodError,
  type Flight,
  type Notification,
  type StaffPassengerSearch,
} from '../../core';
import type { Sessions } from '../auth/sessions';
import { withinScope } from '../flight-updates';
import { HubError } from '../hub-error';
import type { FlightStore } from '../store/flight-store';
import type { PassengerDirectory } from './passenger-directory';
import { passengerKey } from './passenger-names';
import type { SelfServiceStore } from './self-service-store';

export interface StaffPassengerRouteDeps {
  sessions: Sessions;
  store: Pick<FlightStore, 'flight'>;
  directory: PassengerDirectory;
  selfService: SelfServiceStore;
  /** A flight's notifications (the hub's outbox). */
  notificationsOf(flightId: string): Notification[];
}

const querySchema = z.object({
  pnr: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{6}$/, 'must be 6 letters or digits'),
});

/** A staff member's view of one person on the booking: contact details shown masked. */
type StaffPassengerView = StaffPassengerSearch['passengers'][number];

/**
 * `GET /api/passengers?pnr=X` (contract section 9): for a supervisor, or an agent within its
 * scope, the booking's passengers, their live flights and the notifications sent to them. An
 * agent sees only the flights of its airlines and gates; a booking with none of those is 404,
 * like one that does not exist.
 */
export function staffPassengerRoutes(deps: StaffPassengerRouteDeps): Router {
  const router = express.Router();
  router.get('/passengers', async (req, res) => {
    const token = /^Bearer (\S{1,4096})$/.exec(req.get('authorization') ?? '')?.[1];
    const user = token ? await deps.sessions.verify(token) : null;
    if (!user) throw new HubError('UNAUTHORIZED', 'a valid session token is required');
    if (!can(user.role, 'managePassengers') && !can(user.role, 'editFlights')) {
      throw new HubError('FORBIDDEN', `role ${user.role} may not look up passengers`);
    }
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'query'));
    const { pnr } = parsed.data;
    const scope = user.role === 'supervisor' ? undefined : user.scope;
    const bookings = deps.directory.bookings(pnr).filter((booking) => {
      const flight = deps.store.flight(booking.flightId);
      return flight !== undefined && (!scope || withinScope(scope, flight, {}));
    });
    if (bookings.length === 0) {
      throw new HubError('NOT_FOUND', `no booking ${pnr} on a flight you may see`);
    }
    const flightIds = [...new Set(bookings.map((b) => b.flightId))];
    const flights = flightIds.map((id) => deps.store.flight(id)).filter(Boolean) as Flight[];
    const people = new Map<string, StaffPassengerView>();
    for (const { passenger } of bookings) {
      const key = passengerKey(passenger.pnr, passenger.name);
      if (people.has(`${key}|${passenger.name}`)) continue;
      const chosen = deps.selfService.preferences(key);
      people.set(`${key}|${passenger.name}`, {
        name: passenger.name,
        locale: chosen?.locale ?? passenger.locale ?? null,
        phone: passenger.phone ? maskPhone(passenger.phone) : null,
        email: passenger.email ? maskEmail(passenger.email) : null,
        channels: chosen?.channels ?? { sms: true, email: true, push: true },
        pushDevices: deps.selfService.subscriptionsOf(key).length,
      });
    }
    const notifications = flightIds.flatMap((flightId) =>
      deps
        .notificationsOf(flightId)
        .filter((n) => n.pnr === pnr)
        .map((n) => ({ ...n, flightId })),
    );
    res.set('Cache-Control', 'no-store');
    const answer: StaffPassengerSearch = {
      pnr,
      passengers: [...people.values()],
      flights,
      notifications,
    };
    res.json(answer);
  });
  return router;
}

/** "+919810000001" → "+91••••••0001": enough to confirm with the passenger, not to call. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}${'•'.repeat(Math.max(0, phone.length - 7))}${phone.slice(-4)}`;
}

/** "asha@example.in" → "a•••@example.in". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}
