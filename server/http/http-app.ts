import express, {
  type Express,
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SignInThrottle } from '../auth/login-throttle';
import type { Sessions } from '../auth/sessions';
import { HubError } from '../hub-error';
import { payloadProblem } from '../payload-hygiene';
import type { Airport } from '../store/file-schemas';
import type { FlightStore, StoreHealth } from '../store/flight-store';
import type { PassengerManifests } from '../store/passenger-store';
import type { HubNotifications } from '../notifications/hub-notifications';
import { notificationRoutes } from './notification-routes';
import type { OriginPolicy } from './allowed-origins';
import { apiErrorHandler, apiRoutes, sendError } from './api-routes';
import { consoleSite } from './console-site';
import { consoleHelmet, hubHelmet } from './security-headers';

export const JSON_BODY_LIMIT = '64kb';

export interface HttpAppDeps {
  sessions: Sessions;
  loginThrottle: SignInThrottle;
  originPolicy: OriginPolicy;
  store: FlightStore;
  passengers: PassengerManifests;
  /** Passenger notifications (the notification routes are left out without it). */
  notifications?: HubNotifications;
  airport: Airport | null;
  webRoot: string;
  logger: Logger;
  /** Whether the hub can serve (its store takes changes). */
  health: () => StoreHealth;
  /**
   * Routes under /api that read their own bodies (a 50 MB schedule file, a 1,000-message feed
   * batch): mounted before the shared 64 KB JSON parser.
   */
  ownBodyRoutes?: Router[];
  /** More routes under /api, after the shared JSON parser. */
  routes?: Router[];
  /**
   * Whether the hub can serve right now, with everything it depends on (the store, Redis when
   * configured; not while stopping): `GET /readyz`. Default: `health`.
   */
  readiness?: () => StoreHealth;
  /** Served as Prometheus text at `GET /metrics` (http/hub-metrics.ts). */
  metrics?: Registry;
  /** Passengers' routes under /api and their page at /my (server/passengers/passenger-side.ts). */
  passengerRoutes?: Router[];
  passengerSite?: Router;
  /** Public screens' page at /display/<token> (server/displays/display-side.ts). */
  displaySite?: Router;
}

export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Security headers on every answer; the console's pages replace the CSP with their own.
  app.use(hubHelmet);

  // Health for monitors and load balancers. Unhealthy while the store cannot take changes (a
  // full disk, a vanished data folder, a lost database); not ready also while Redis is away or
  // the hub is stopping. The detail goes to the hub's log, never to the world.
  const answer = (check: () => StoreHealth, message: string) => (_req: Request, res: Response) => {
    const state = check();
    if (state.ok) return void res.json({ ok: true });
    res.status(503).json({ ok: false, error: { code: 'INTERNAL', message } });
  };
  app.get(
    '/healthz',
    answer(deps.health, 'the hub cannot store changes right now; its log says why'),
  );
  app.get(
    '/readyz',
    answer(
      deps.readiness ?? deps.health,
      'the hub cannot serve right now (its store, or Redis when configured); its log says why',
    ),
  );
  if (deps.metrics) {
    const registry = deps.metrics;
    app.get('/metrics', (_req, res, next) => {
      registry.metrics().then((text) => {
        res.type(registry.contentType).send(text);
      }, next);
    });
  }

  // Browser pages from other origins are refused unless allowed (see allowed-origins.ts): a
  // refused request does nothing, so a web page cannot use a browser to guess passwords.
  app.use('/api', (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (!deps.originPolicy.allows(origin, req.get('host'))) {
      return sendError(res, 403, 'FORBIDDEN', 'this origin may not use the hub');
    }
    if (origin !== undefined) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
      res.set('Access-Control-Expose-Headers', 'Retry-After');
      res.set('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  });
  if (deps.ownBodyRoutes?.length) app.use('/api', ...deps.ownBodyRoutes);
  app.use(
    '/api',
    express.json({ limit: JSON_BODY_LIMIT }),
    (req: Request, _res: Response, next: NextFunction) => {
      const problem = payloadProblem(req.body);
      next(problem ? new HubError('INVALID', problem.replace(/^payload/, 'body')) : undefined);
    },
    ...(deps.notifications
      ? [notificationRoutes({ ...deps, notifications: deps.notifications })]
      : []),
    ...(deps.routes ?? []),
    ...(deps.passengerRoutes ?? []),
    apiRoutes(deps),
  );
  if (deps.passengerSite) app.use('/my', deps.passengerSite);
  if (deps.displaySite) app.use('/display', deps.displaySite);
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
