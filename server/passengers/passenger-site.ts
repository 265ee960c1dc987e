import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import helmet from 'helmet';

/**
 * CSP of the passengers' page: its own scripts, styles and images only, the hub's own API and
 * socket, its service worker and manifest; no inline script or style, no frames, no forms
 * posting elsewhere (the unsubscribe page posts to itself).
 */
export const PASSENGER_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  workerSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Where the page's build goes (`npm run build`: vite with my.vite.config.ts). */
export const PASSENGER_WEB_ROOT = 'out/my';

/**
 * `/my`: the passengers' page, a separate small build. The service worker is served with
 * `no-cache` so browsers check for a new one on every visit; its scope is `/my/`.
 */
export function passengerSite(webRoot: string, extra: Router[]): Router {
  const router = express.Router();
  router.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: PASSENGER_CSP } }));
  // The page must live under its service worker's scope (`/my/`), so `/my` moves there.
  router.use((req, res, next) => {
    if (req.method === 'GET' && req.originalUrl.split('?')[0] === '/my') {
      return res.redirect(301, '/my/');
    }
    next();
  });
  for (const routes of extra) router.use(routes);
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) {
    router.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The passengers’ page is not built. Run `npm run build`, then reload.\n');
    });
    return router;
  }
  router.get('/sw.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(join(webRoot, 'sw.js'));
  });
  router.use(express.static(webRoot, { index: false, fallthrough: true, redirect: false }));
  // The page itself, at /my/ (it has no routes of its own; anything else under /my is a 404).
  router.get('/', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
