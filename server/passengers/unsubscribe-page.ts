import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import type { PassengerPreferences } from '../../core';
import { escapeHtml } from '../notifications/message-templates';
import type { PassengerDirectory } from './passenger-directory';
import { passengerKey } from './passenger-names';
import { addressDigest, type PassengerTokens, type UnsubscribeTicket } from './passenger-tokens';
import type { SelfServiceStore } from './self-service-store';

export const UNSUBSCRIBE_PATH = '/my/unsubscribe';

export interface UnsubscribeDeps {
  tokens: PassengerTokens;
  directory: PassengerDirectory;
  selfService: SelfServiceStore;
  logger: Logger;
  now: () => Date;
}

/**
 * One-click unsubscribe from e-mail (RFC 8058), no sign-in needed: every e-mail's
 * `List-Unsubscribe` names `/my/unsubscribe?t=<signed link>`. A mail provider (or the button on
 * the page) POSTs `List-Unsubscribe=One-Click` there and e-mail stops for that passenger of that
 * booking. GET only shows a page with that button — link checkers that follow every URL in a
 * mail must not unsubscribe anyone (RFC 8058 section 3.2).
 */
export function unsubscribePage(deps: UnsubscribeDeps): Router {
  const router = express.Router();

  router.get('/unsubscribe', async (req, res) => {
    const ticket = await deps.tokens.verifyUnsubscribe(linkToken(req));
    res.set('Cache-Control', 'no-store');
    if (!ticket) return void res.status(400).type('html').send(page(INVALID_LINK));
    res.type('html').send(
      page(
        `<h1>Stop e-mails about booking ${escapeHtml(ticket.pnr)}?</h1>
<p>You will no longer get e-mails about gate changes and delays for this booking. Text messages and
notifications on your phone are not affected.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Stop e-mails</button></form>`,
      ),
    );
  });

  router.post(
    '/unsubscribe',
    express.urlencoded({ extended: false, limit: '1kb', parameterLimit: 5 }),
    async (req, res) => {
      const ticket = await deps.tokens.verifyUnsubscribe(linkToken(req));
      res.set('Cache-Control', 'no-store');
      if (!ticket) return void res.status(400).type('html').send(page(INVALID_LINK));
      const stopped = await unsubscribe(ticket, deps);
      deps.logger.info({ passengers: stopped }, 'e-mail unsubscribed by one-click link');
      res
        .type('html')
        .send(
          page(`<h1>E-mails stopped</h1><p>You will get no more e-mails about this booking.</p>`),
        );
    },
  );
  return router;
}

/** Switches e-mail off for every passenger of the booking with the link's address. */
async function unsubscribe(ticket: UnsubscribeTicket, deps: UnsubscribeDeps): Promise<number> {
  const keys = new Map<string, PassengerPreferences['locale']>();
  for (const { passenger } of deps.directory.bookings(ticket.pnr)) {
    if (!passenger.email || addressDigest(passenger.email) !== ticket.to) continue;
    keys.set(passengerKey(passenger.pnr, passenger.name), passenger.locale === 'hi' ? 'hi' : 'en');
  }
  for (const [key, airlineLocale] of keys) {
    const chosen = deps.selfService.preferences(key);
    const channels = chosen?.channels ?? { sms: true, email: true, push: true };
    await deps.selfService.setPreferences(
      key,
      { channels: { ...channels, email: false }, locale: chosen?.locale ?? airlineLocale },
      deps.now(),
    );
  }
  return keys.size;
}

function linkToken(req: Request): string | undefined {
  const value = req.query.t;
  return typeof value === 'string' ? value : undefined;
}

const INVALID_LINK =
  '<h1>This link does not work</h1><p>It is incomplete or too old. You can choose how you are told on the Jetbridge passengers’ page.</p>';

function page(body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jetbridge — e-mail</title><link rel="stylesheet" href="/my/unsubscribe.css"></head>
<body><main>${body}<p><a href="/my/">Your flight</a></p></main></body></html>`;
}
