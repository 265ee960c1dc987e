import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { z, type ZodType } from 'zod';
import {
  ERROR_CODES,
  flightHistoryPayloadSchema,
  flightUndoPayloadSchema,
  flightUpdatePayloadSchema,
  loginRequestSchema,
  notificationSummariesPayloadSchema,
  passengerSchema,
  snapshotPayloadSchema,
  syncSincePayloadSchema,
} from '../../core';
import { startTestHub, type HubClient, type TestHub } from '../../test-support/hub-harness';

/**
 * Throws ≥ 10,000 malformed, oversized, wrongly typed and random payloads at every event and
 * endpoint. The hub must stay up, keep every connection, answer each with an error envelope
 * (never INTERNAL, never internal detail), and leave the data folder byte for byte as it was.
 * Deterministic: FUZZ_SEED picks another sequence.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const SOCKET_PAYLOADS = Number(process.env.FUZZ_SOCKET_PAYLOADS ?? 9_000);
const HTTP_REQUESTS = Number(process.env.FUZZ_HTTP_REQUESTS ?? 1_500);

/** mulberry32: small, fast, seedable. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
const rng = prng(SEED);

const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE flights; --",
  '{"$ne":null}',
  '../../../etc/passwd',
  '%00',
  '\u0000\u0001\u0002',
  '\uD800',
  '\u202E\u0041',
  '😀'.repeat(50),
  'f-6e2134',
  'f-ai865',
  'BOARDING',
  'DEPARTED',
  '93',
  '42B',
  '2026-13-45T99:99:99Z',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
];
const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  Number.NaN,
  Infinity,
  -Infinity,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  Number.MIN_VALUE,
];
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'flightId',
  'baseVersion',
  'opId',
  'changes',
  'seq',
  'gate',
  'etd',
  'status',
  'delayCode',
  'remark',
  'limit',
  'before',
  'target',
  'username',
  'password',
  'passengers',
  'pnr',
  'name',
  'phone',
  'token',
  '',
  'a'.repeat(300),
];

/** Sets a key as an own property, `__proto__` included (a plain assignment would not). */
function put(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function randomString(): string {
  switch (rng.int(5)) {
    case 0:
      return rng.pick(NASTY_STRINGS);
    case 1:
      return 'x'.repeat(rng.int(20_000));
    case 2:
      return String.fromCharCode(...Array.from({ length: rng.int(40) }, () => rng.int(0xffff)));
    case 3:
      return randomUUID();
    default:
      return rng.next().toString(36).slice(2);
  }
}

/** Percent-encodes any string, lone surrogates included (replaced, as a browser would). */
function encodePart(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
}

function deep(depth: number): unknown {
  let value: unknown = rng.pick([null, 1, 'leaf']);
  for (let i = 0; i < depth; i += 1) {
    if (rng.int(2) === 0) value = [value];
    else {
      const object: Record<string, unknown> = {};
      put(object, rng.pick(KEYS), value);
      value = object;
    }
  }
  return value;
}

function randomValue(depth = 0): unknown {
  const choice = rng.int(depth > 3 ? 7 : 11);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return rng.int(2) === 0;
    case 3:
      return rng.pick(NASTY_NUMBERS);
    case 4:
      return rng.int(1_000_000) - 500_000;
    case 5:
    case 6:
      return randomString();
    case 7:
      return Buffer.from(Array.from({ length: rng.int(1024) }, () => rng.int(256)));
    case 8:
      return Array.from({ length: rng.int(8) }, () => randomValue(depth + 1));
    case 9:
      return deep(1 + rng.int(1_500));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = rng.int(6); i > 0; i -= 1) put(object, rng.pick(KEYS), randomValue(depth + 1));
      return object;
    }
  }
}

/** Values that no field of any payload accepts. */
const ALWAYS_WRONG = [
  null,
  true,
  Number.NaN,
  Infinity,
  -1.5,
  [],
  [[]],
  {},
  Buffer.from([1, 2, 3]),
  'x'.repeat(10_000),
  { __proto__: null },
];

const validUpdate = () => ({
  flightId: rng.pick(['f-6e2134', 'f-ai865', 'f-uk955', 'f-sg8169']),
  baseVersion: 0,
  opId: randomUUID(),
  changes: { remark: 'fuzz' } as Record<string, unknown>,
});
const NEAR_VALID: Record<string, () => Record<string, unknown>> = {
  'flight:update': validUpdate,
  'sync:since': () => ({ seq: 0 }),
  'flight:history': () => ({ flightId: 'f-ai865', limit: 10 }),
  'flight:undo': () => ({ flightId: 'f-ai865', opId: randomUUID() }),
  'flights:snapshot': () => ({}),
  'notifications:summaries': () => ({}),
};

/** A valid payload with one thing broken: a field wrong, an extra key, or a bad change. */
function nearValid(event: string): unknown {
  const payload = NEAR_VALID[event]!();
  const keys = Object.keys(payload);
  switch (rng.int(3)) {
    case 0:
      if (keys.length > 0) {
        put(payload, rng.pick(keys), rng.pick([...ALWAYS_WRONG, randomValue()]));
        return payload;
      }
      put(payload, rng.pick(KEYS), randomValue());
      return payload;
    case 1:
      put(
        payload,
        rng.pick(['__proto__', 'constructor', 'prototype', 'admin', 'role']),
        randomValue(),
      );
      return payload;
    default:
      if (event === 'flight:update') {
        const changes: Record<string, unknown> = {};
        put(
          changes,
          rng.pick(['gate', 'etd', 'status', 'delayCode', 'remark', '__proto__', 'version', 'by']),
          rng.pick([...ALWAYS_WRONG, 42, 'r'.repeat(121), 'LANDED', '!!', 'ZZ']),
        );
        payload.changes = changes;
        return payload;
      }
      return rng.pick([randomValue(), [payload], JSON.stringify(payload)]);
  }
}

const EVENT_SCHEMAS: Record<string, ZodType> = {
  'flights:snapshot': snapshotPayloadSchema,
  'flight:update': flightUpdatePayloadSchema,
  'sync:since': syncSincePayloadSchema,
  'flight:history': flightHistoryPayloadSchema,
  'flight:undo': flightUndoPayloadSchema,
  'notifications:summaries': notificationSummariesPayloadSchema,
};
const EVENTS = Object.keys(EVENT_SCHEMAS);
const UNKNOWN_EVENTS = [
  'flight:delete',
  'users:add',
  'error',
  '__proto__',
  'constructor',
  'toString',
];
/** Events whose handlers treat a missing payload as `{}`. */
const EMPTY_OK = new Set(['flights:snapshot', 'notifications:summaries']);

/** True for a payload that is *valid* for its event: not fuzz, so not sent. */
function wouldBeAccepted(event: string, payload: unknown): boolean {
  if (!EVENTS.includes(event)) return false;
  const schema = EVENT_SCHEMAS[event]!;
  const wire = onTheWire(event, payload);
  return schema.safeParse(wire == null && EMPTY_OK.has(event) ? {} : wire).success;
}

function encodedSize(event: string, payload: unknown): number {
  const parts = new Encoder().encode({ type: PacketType.EVENT, nsp: '/', data: [event, payload] });
  return parts.reduce((total: number, part: string | Buffer) => total + part.length * 3, 0);
}

/** What the hub receives: the payload through Socket.IO's own encoder and decoder. */
function onTheWire(event: string, payload: unknown): unknown {
  const encoded = new Encoder().encode({
    type: PacketType.EVENT,
    nsp: '/',
    data: [event, payload],
  });
  const decoder = new Decoder();
  let data: unknown[] = [];
  decoder.on('decoded', (packet: { data?: unknown[] }) => {
    data = packet.data ?? [];
  });
  for (const part of encoded) decoder.add(part);
  return data[1];
}

function preview(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 120);
  } catch (error) {
    return String(error);
  }
}

const manifestSchema = z.strictObject({ passengers: z.array(passengerSchema).max(1000) });

function problemWithEnvelope(answer: unknown): string | null {
  const envelope = answer as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (envelope?.ok !== false) return `not an error: ${JSON.stringify(answer)?.slice(0, 200)}`;
  return problemWithError(envelope.error);
}

function problemWithError(error: { code?: unknown; message?: unknown } | undefined): string | null {
  if (!error || !ERROR_CODES.includes(error.code as never))
    return `bad code: ${String(error?.code)}`;
  if (error.code === 'INTERNAL') return `INTERNAL: ${String(error.message)}`;
  if (typeof error.message !== 'string') return 'message is not a string';
  if (error.message.length > 500) return 'message is too long';
  if (/\n\s+at |node_modules|\/server\/|\.ts:\d/.test(error.message)) {
    return `message leaks internals: ${error.message}`;
  }
  return null;
}

async function hashFolder(folder: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        hashes[relative(folder, path)] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(folder);
  return hashes;
}

let hub: TestHub;
let tokens: Record<'board' | 'agent6e' | 'super', string>;
beforeAll(async () => {
  // Limits high enough that the payloads reach the handlers (the limits have their own tests).
  hub = await startTestHub({
    floodRate: { perSecond: 1e6, burst: 1e6 },
    updateRate: { perSecond: 1e6, burst: 1e6 },
  });
  tokens = {
    board: await hub.login('board'),
    agent6e: await hub.login('agent6e'),
    super: await hub.login('super'),
  };
});
afterAll(async () => {
  await hub?.close();
});

describe(`fuzz (seed ${SEED})`, () => {
  it('answers every malformed payload with an error and changes nothing', async () => {
    const sockets: HubClient[] = await Promise.all(
      Object.values(tokens).map((t) => hub.connect(t)),
    );
    const disconnects: string[] = [];
    for (const socket of sockets) {
      socket.on('disconnect', (reason) =>
        disconnects.push(`${reason} after ${lastSent.get(socket)}`),
      );
    }
    const lastSent = new Map<HubClient, string>();
    const before = await hashFolder(hub.dataDir);
    const snapshotBefore = await (
      await fetch(`${hub.url}/api/flights`, {
        headers: { authorization: `Bearer ${tokens.super}` },
      })
    ).text();
    const problems: string[] = [];
    let sent = 0;

    // Socket.IO: every event, known and unknown, from every role.
    const jobs: (() => Promise<void>)[] = [];
    while (jobs.length < SOCKET_PAYLOADS) {
      const event =
        rng.int(10) === 0 ? rng.pick([...UNKNOWN_EVENTS, randomString()]) : rng.pick(EVENTS);
      const payload = EVENTS.includes(event) && rng.int(2) === 0 ? nearValid(event) : randomValue();
      // Bigger messages cut the connection by design (hub-hardening.test.ts covers that).
      if (encodedSize(event, payload) > 60_000) continue;
      if (wouldBeAccepted(event, payload)) continue;
      const extra = rng.int(8) === 0 ? [rng.pick(NASTY_NUMBERS)] : [];
      const socket = rng.pick(sockets);
      jobs.push(async () => {
        const raw = socket as unknown as {
          timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
        };
        if (!socket.connected) return;
        lastSent.set(socket, `${event} ${preview(payload)}`);
        try {
          const answer = await raw.timeout(15_000).emitWithAck(event, payload, ...extra);
          const problem = problemWithEnvelope(answer);
          if (problem)
            problems.push(
              `${event} ${preview(payload)} ${preview(extra)}: ${problem.slice(0, 80)}`,
            );
        } catch (error) {
          problems.push(`${event}: no answer (${(error as Error).message})`);
        }
        sent += 1;
      });
    }

    // HTTP: every endpoint, with random bodies, headers, path parameters and queries.
    const httpJob = async () => {
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
      let url = `${hub.url}/api/login`;
      let init: RequestInit = {};
      switch (kind) {
        case 0: {
          const text = rng.int(2) === 0 ? body() : JSON.stringify(nearValidLogin());
          init = { method: 'POST', headers: { 'content-type': contentType() }, body: text };
          break;
        }
        case 1:
          url = `${hub.url}/api/logout`;
          init = { method: 'POST', headers: { authorization: auth() } };
          break;
        case 2:
          url = `${hub.url}/api/${rng.pick(['flights', 'airport'])}?${encodePart(randomString().slice(0, 500))}=1&__proto__[x]=1`;
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
          try {
            if (manifestSchema.safeParse(JSON.parse(text)).success) id = 'no-such-flight';
          } catch {
            // not JSON: fine
          }
          if (id === '') id = 'x';
          url = `${hub.url}/api/flights/${id}/passengers?${rng.pick(['', 'constructor[prototype][x]=1', 'a=1&a=2'])}`;
          if (rng.int(20) === 0) text = JSON.stringify({ passengers: 'p'.repeat(70 * 1024) });
          init = {
            method: 'PUT',
            headers: { authorization: `Bearer ${tokens.super}`, 'content-type': contentType() },
            body: text,
          };
          break;
        }
        case 4:
          url = `${hub.url}/api/flights/f-ai865/passengers`;
          init = {
            method: 'PUT',
            headers: { authorization: auth(), 'content-type': 'application/json' },
            body: body(),
          };
          break;
        case 5:
          url = `${hub.url}/api/${encodePart(randomString().slice(0, 200))}`;
          init = {
            method: rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']),
            headers: { authorization: `Bearer ${tokens.super}` },
          };
          break;
        default:
          url = `${hub.url}/api/flights/${encodePart(randomString().slice(0, 100))}/notifications`;
          init = { headers: { authorization: auth() } };
      }
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (error) {
        problems.push(
          `HTTP ${init.method ?? 'GET'} ${url.slice(0, 80)}: ${(error as Error).message}`,
        );
        return;
      }
      sent += 1;
      const text = await response.text();
      if (response.status < 400) {
        problems.push(
          `HTTP ${init.method ?? 'GET'} ${url.slice(0, 80)}: status ${response.status}`,
        );
        return;
      }
      let parsed: { error?: { code?: unknown; message?: unknown } };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        problems.push(
          `HTTP ${response.status} ${url.slice(0, 80)}: not JSON: ${text.slice(0, 100)}`,
        );
        return;
      }
      const problem = problemWithError(parsed.error);
      if (problem) problems.push(`HTTP ${url.slice(0, 80)}: ${problem}`);
    };
    function nearValidLogin(): unknown {
      const payload: Record<string, unknown> = {
        username: rng.pick(['super', 'agent1', 'nobody']),
        password: 'wrong-guess',
      };
      put(
        payload,
        rng.pick(['username', 'password', '__proto__', 'role']),
        rng.pick([...ALWAYS_WRONG, randomValue()]),
      );
      return loginRequestSchema.safeParse(payload).success ? { ...payload, extra: 1 } : payload;
    }
    for (let i = 0; i < HTTP_REQUESTS; i += 1) jobs.push(httpJob);

    // Shuffle, then run with bounded concurrency.
    for (let i = jobs.length - 1; i > 0; i -= 1) {
      const j = rng.int(i + 1);
      [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
    }
    let index = 0;
    await Promise.all(
      Array.from({ length: 48 }, async () => {
        while (index < jobs.length) await jobs[index++]!();
      }),
    );

    expect(disconnects).toEqual([]);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(disconnects).toEqual([]);
    expect(sockets.every((socket) => socket.connected)).toBe(true);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const snapshotAfter = await (
      await fetch(`${hub.url}/api/flights`, {
        headers: { authorization: `Bearer ${tokens.super}` },
      })
    ).text();
    expect(snapshotAfter).toBe(snapshotBefore);
    expect(await hashFolder(hub.dataDir)).toEqual(before);
  }, 120_000);
});
