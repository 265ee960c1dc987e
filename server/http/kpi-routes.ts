import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { computeKpis, describeZodError, localDateSchema, localToday } from '../../core';
import type { Sessions } from '../auth/sessions';
import { HubError } from '../hub-error';
import type { DayFlights } from '../window/day-flights';
import { authorize } from './request-auth';

export interface KpiRouteDeps {
  sessions: Sessions;
  flights: DayFlights;
  /** The airport's IANA zone: `date` is a local date there. */
  timeZone: string;
  now: () => Date;
}

const kpiQuerySchema = z.object({ date: localDateSchema.optional() });

/**
 * `GET /api/kpis?date=YYYY-MM-DD` (contract section 11): any role; the day's KPIs for the
 * flights of that local date (default today), live and archived, computed as the console
 * computes them (core/kpis.ts).
 */
export function kpiRoutes({ sessions, flights, timeZone, now }: KpiRouteDeps): Router {
  const router = express.Router();

  /** The `date` query, checked: a local date the archive still covers (default today). */
  const dateOf = (req: Request): string => {
    const parsed = kpiQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'query'));
    const today = localToday(timeZone, now().getTime());
    const date = parsed.data.date ?? today;
    if (!flights.covers(date, today)) {
      throw new HubError(
        'NOT_FOUND',
        `date: ${date} is older than the archive the hub keeps (flights are remembered for a week after they are archived)`,
      );
    }
    return date;
  };

  router.get('/kpis', async (req, res) => {
    await authorize(req, sessions, 'readFlights', 'read KPIs');
    const date = dateOf(req);
    res.json(computeKpis(await flights.on(date), { date, timeZone }));
  });

  /**
   * (project addition) `GET /api/flights/archived?date=YYYY-MM-DD`, any role: `{ date, flights }`,
   * the flights of that local date that have left the live table. A console adds them to its live
   * flights to compute today's KPIs exactly as the hub does.
   */
  router.get('/flights/archived', async (req, res) => {
    await authorize(req, sessions, 'readFlights', 'read flights');
    const date = dateOf(req);
    res.json({ date, flights: await flights.archivedOn(date) });
  });
  return router;
}
