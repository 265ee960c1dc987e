import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import helmet from 'helmet';

/** CSP for the web console (its hub origin may differ in Electron, hence ws:/http: in connect-src). */
export const CONSOLE_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'ws:', 'wss:', 'http:', 'https:'],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

export const consoleHelmet = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP },
});

/**
 * `GET /` and the console's assets, from the renderer build. Without a build the hub still runs
 * (the API and sockets work) and `/` says how to make one.
 */
export function consoleSite(webRoot: string): Router {
  const router = express.Router();
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) {
    router.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The Jetbridge console is not built. Run `npm run build`, then reload.\n');
    });
    return router;
  }
  router.use(express.static(webRoot, { index: 'index.html', fallthrough: true }));
  router.get('/', (_req, res) => res.sendFile(index));
  return router;
}
