import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Sessions } from '../auth/sessions';
import type { Airport } from '../store/file-schemas';
import type { FlightStore } from '../store/flight-store';
import type { PassengerStore } from '../store/passenger-store';
import { apiErrorHandler, apiRoutes } from './api-routes';
import { consoleHelmet, consoleSite } from './console-site';

export const JSON_BODY_LIMIT = '64kb';

export interface HttpAppDeps {
  sessions: Sessions;
  store: FlightStore;
  passengers: PassengerStore;
  airport: Airport | null;
  webRoot: string;
  logger: Logger;
}

export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  // The console may run from another origin (Electron, a dev server). Tokens travel in a header,
  // never in cookies, so allowing any origin exposes nothing a plain HTTP client could not reach.
  app.use('/api', (req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.set('Access-Control-Allow-Methods', 'GET, POST, PUT');
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  });
  app.use(
    '/api',
    helmet({ contentSecurityPolicy: false }),
    express.json({ limit: JSON_BODY_LIMIT }),
    apiRoutes(deps),
  );
  app.use(consoleHelmet, consoleSite(deps.webRoot));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found\n');
  });
  app.use(
    apiErrorHandler((error, req) => {
      deps.logger.error({ err: error, method: req.method, path: req.path }, 'http request failed');
    }),
  );
  return app;
}
