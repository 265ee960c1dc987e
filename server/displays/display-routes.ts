import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import helmet from 'helmet';
import type { DisplayStatus } from '../../core';
import type { Sessions } from '../auth/sessions';
import { authorize } from '../http/request-auth';

/** Where the display page's build goes (`npm run build`: vite with display.vite.config.ts). */
export const DEFAULT_DISPLAY_WEB_ROOT = fileURLToPath(
  new URL('../../out/display', import.meta.url),
);

/** CSP of the display page: its own scripts, styles and fonts, and its own hub's socket. */
const DISPLAY_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * `/display/<token>`: the page a public screen opens (contract section 12). The same page for
 * every token, valid or not: the screen learns from the `/display` socket whether it may show a
 * board, and shows a neutral screen otherwise. The page never has a form, and is never cached
 * (its address holds the token; a new build must reach screens on their next reload).
 */
export function displaySite(webRoot: string = DEFAULT_DISPLAY_WEB_ROOT): Router {
  const router = express.Router();
  router.use(
    helmet({ contentSecurityPolicy: { useDefaults: false, directives: DISPLAY_CSP } }),
    (_req, res, next) => {
      res.set('X-Robots-Tag', 'noindex, nofollow');
      next();
    },
  );
  router.use(
    '/assets',
    express.static(join(webRoot, 'assets'), { index: false, fallthrough: false, immutable: true }),
  );
  // The service worker that opens the page during an outage (renderer/display/public/sw.js).
  router.get('/sw.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(join(webRoot, 'sw.js'));
  });
  const index = join(webRoot, 'index.html');
  router.get('/:token', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!existsSync(index)) {
      return void res
        .status(503)
        .type('text/plain')
        .send('The display page is not built. Run `npm run build`, then reload.\n');
    }
    res.sendFile(index);
  });
  return router;
}

/** `GET /api/displays` (supervisor): which displays are connected, and how stale they are. */
export function displayStatusRoutes(deps: {
  sessions: Sessions;
  statuses: () => DisplayStatus[];
}): Router {
  const router = express.Router();
  router.get('/displays', async (req, res) => {
    await authorize(req, deps.sessions, 'manageSchedule', 'see the displays');
    res.set('Cache-Control', 'no-store');
    res.json({ displays: deps.statuses() });
  });
  return router;
}
