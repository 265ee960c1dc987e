import express, { type Router } from 'express';
import type { Sessions } from '../auth/sessions';
import { HubError } from '../hub-error';
import {
  SCHEDULE_FORMATS,
  SCHEDULE_MAX_BYTES,
  type ImportProgress,
  type ScheduleFormat,
  type ScheduleImports,
} from '../schedules/schedule-imports';
import { authorize } from './request-auth';

export interface ScheduleRouteDeps {
  sessions: Sessions;
  imports: ScheduleImports;
  /** Tells supervisors' consoles how an import is going. */
  onProgress?: (progress: ImportProgress & { by: string }) => void;
}

/**
 * `POST /api/schedules?format=ssim|csv[&dryRun=1]` (contract section 7): supervisor, the file as
 * the raw body (`text/plain` or `text/csv`, up to 50 MB; bigger is 413).
 */
export function scheduleRoutes({ sessions, imports, onProgress }: ScheduleRouteDeps): Router {
  const router = express.Router();
  router.post(
    '/schedules',
    express.text({ type: () => true, limit: SCHEDULE_MAX_BYTES }),
    async (req, res) => {
      const user = await authorize(req, sessions, 'manageSchedule', 'import schedules');
      const format = String(req.query.format ?? '');
      if (!(SCHEDULE_FORMATS as readonly string[]).includes(format)) {
        throw new HubError(
          'INVALID',
          `format: must be ${SCHEDULE_FORMATS.join(' or ')} (?format=ssim)`,
        );
      }
      const dryRun = ['1', 'true'].includes(String(req.query.dryRun ?? ''));
      if (typeof req.body !== 'string' || req.body.length === 0) {
        throw new HubError(
          'INVALID',
          'body: send the schedule file as the request body (text/plain or text/csv)',
        );
      }
      const report = await imports.import(req.body, format as ScheduleFormat, {
        dryRun,
        by: user.username,
        onProgress: (progress) => onProgress?.({ ...progress, by: user.username }),
      });
      res.json(report);
    },
  );
  return router;
}
