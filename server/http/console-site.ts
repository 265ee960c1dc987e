import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

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
