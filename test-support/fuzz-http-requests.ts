/**
 * Seeded hostile HTTP requests for the hub's fuzz test: every endpoint, with random bodies,
 * headers, path parameters and queries, and tokens that are almost right.
 */
import { z } from 'zod';
import { passengerSchema } from '../core';
import type { FuzzPayloads, FuzzRng } from './fuzz-payloads';

export interface FuzzRequest {
  url: string;
  init: RequestInit;
}

/** Percent-encodes any string, lone surrogates included (replaced, as a browser would). */
function encodePart(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
}

const manifestSchema = z.strictObject({ passengers: z.array(passengerSchema).max(1000) });

/** Draws every choice of a request before it is sent, so the sequence does not depend on timing. */
export function createHttpFuzzRequests(
  rng: FuzzRng,
  payloads: FuzzPayloads,
  hubUrl: string,
  tokens: { board: string; super: string },
): () => FuzzRequest {
  const { randomString, randomValue, nearValidLogin } = payloads;
  return () => {
    const kind = rng.int(7);
    const auth = () =>
      rng.pick([
        `Bearer ${randomString()
          .slice(0, 2000)
          .replace(/[^\x21-\x7e]/g, '')}`,
        `Bearer ${tokens.board}x`,
        `Basic ${Buffer.from('super:demo').toString('base64')}`,
        randomString()
          .slice(0, 2000)
          .replace(/[^\x20-\x7e]/g, ''),
        `Bearer ${tokens.super.split('.').slice(0, 2).join('.')}.`,
      ]);
    const body = () => {
      const value =
        rng.int(4) === 0 ? randomString().slice(0, 5000) : (JSON.stringify(randomValue()) ?? '');
      // The fixture password would turn a fuzzed login into a real one.
      return value.replace(/"demo"/g, '"nope"');
    };
    const contentType = () =>
      rng.pick([
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-16',
        '',
      ]);
    let url = `${hubUrl}/api/login`;
    let init: RequestInit = {};
    switch (kind) {
      case 0: {
        const text = rng.int(2) === 0 ? body() : JSON.stringify(nearValidLogin());
        init = { method: 'POST', headers: { 'content-type': contentType() }, body: text };
        break;
      }
      case 1:
        url = `${hubUrl}/api/logout`;
        init = { method: 'POST', headers: { authorization: auth() } };
        break;
      case 2:
        url = `${hubUrl}/api/${rng.pick(['flights', 'airport'])}?${encodePart(randomString().slice(0, 500))}=1&__proto__[x]=1`;
        init = { headers: { authorization: auth() } };
        break;
      case 3: {
        let id = rng.pick([
          'f-ai865',
          encodePart(randomString().slice(0, 300)),
          '%E0%A4%A',
          '..%2F..%2Fhub.json',
          '__proto__',
          'constructor',
        ]);
        let text = body();
        // A valid manifest for a real flight would be accepted: aim it at no flight instead.
        try {
          if (manifestSchema.safeParse(JSON.parse(text)).success) id = 'no-such-flight';
        } catch {
          // not JSON: fine
        }
        if (id === '') id = 'x';
        url = `${hubUrl}/api/flights/${id}/passengers?${rng.pick(['', 'constructor[prototype][x]=1', 'a=1&a=2'])}`;
        if (rng.int(20) === 0) text = JSON.stringify({ passengers: 'p'.repeat(70 * 1024) });
        init = {
          method: 'PUT',
          headers: { authorization: `Bearer ${tokens.super}`, 'content-type': contentType() },
          body: text,
        };
        break;
      }
      case 4:
        url = `${hubUrl}/api/flights/f-ai865/passengers`;
        init = {
          method: 'PUT',
          headers: { authorization: auth(), 'content-type': 'application/json' },
          body: body(),
        };
        break;
      case 5:
        url = `${hubUrl}/api/${encodePart(randomString().slice(0, 200))}`;
        init = {
          method: rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']),
          headers: { authorization: `Bearer ${tokens.super}` },
        };
        break;
      default:
        url = `${hubUrl}/api/flights/${encodePart(randomString().slice(0, 100))}/notifications`;
        init = { headers: { authorization: auth() } };
    }
    return { url, init };
  };
}
