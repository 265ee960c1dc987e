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

/** The console's pages and assets. */
export const consoleHelmet = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP },
});

/**
 * Every other answer (`/healthz`, `/api`, refusals): JSON that is never a page, so it may load
 * nothing and be framed by nothing.
 */
export const hubHelmet = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
});
