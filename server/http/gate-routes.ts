import express, { type Router } from 'express';
import { z } from 'zod';
import { describeZodError, localDateSchema, localToday } from '../../core';
import { MAX_GATES, gatesBodySchema } from '../../core/gates';
import type { Sessions } from '../auth/sessions';
import type { GateListStore } from '../gates/gate-list-store';
import type { LiveGateConflicts } from '../gates/live-gate-conflicts';
import { HubError } from '../hub-error';
import { payloadProblem } from '../payload-hygiene';
import { authenticate, authorize } from './request-auth';

export interface GateRouteDeps {
  sessions: Sessions;
  gates: GateListStore;
  conflicts: LiveGateConflicts;
  timeZone: string;
  now: () => Date;
}

/** A gate list of MAX_GATES entries is larger than the shared 64 KB JSON limit. */
const GATES_BODY_LIMIT = `${Math.ceil((MAX_GATES * 120) / 1024)}kb`;

const conflictsQuerySchema = z.object({ date: localDateSchema.optional() });

/**
 * Contract section 11: `GET /api/gates` (any role), `PUT /api/gates` (supervisor: replaces the
 * list), `GET /api/gates/conflicts?date=YYYY-MM-DD` (any role; local date, default today).
 */
export function gateRoutes({ sessions, gates, conflicts, timeZone, now }: GateRouteDeps): Router {
  const router = express.Router();

  router.get('/gates', async (req, res) => {
    await authenticate(req, sessions);
    res.json({ gates: gates.gates() });
  });

  router.put('/gates', express.json({ limit: GATES_BODY_LIMIT }), async (req, res) => {
    await authorize(req, sessions, 'manageSchedule', 'edit the gate list');
    const problem = payloadProblem(req.body);
    if (problem) throw new HubError('INVALID', problem.replace(/^payload/, 'body'));
    const parsed = gatesBodySchema.safeParse(req.body);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'body'));
    await gates.replace(parsed.data.gates);
    conflicts.setGates(parsed.data.gates);
    res.json({ gates: parsed.data.gates });
  });

  router.get('/gates/conflicts', async (req, res) => {
    await authenticate(req, sessions);
    const parsed = conflictsQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new HubError('INVALID', describeZodError(parsed.error, 'query'));
    res.json(conflicts.body(parsed.data.date ?? localToday(timeZone, now().getTime())));
  });

  return router;
}
