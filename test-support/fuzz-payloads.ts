/**
 * Seeded payload generators for the hub's fuzz test: random values (huge, deeply nested,
 * binary, built from hostile-values.ts) and nearly valid event payloads with one thing broken.
 * Every choice comes from one seeded generator, so a seed names a sequence; only the UUIDs
 * differ between runs.
 */
import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import {
  flightHistoryPayloadSchema,
  flightUndoPayloadSchema,
  flightUpdatePayloadSchema,
  loginRequestSchema,
  notificationSummariesPayloadSchema,
  snapshotPayloadSchema,
  syncSincePayloadSchema,
} from '../core';
import { positionsSnapshotPayloadSchema } from '../core/positions';
import { ALWAYS_WRONG, KEYS, NASTY_NUMBERS, NASTY_STRINGS, put } from './hostile-values';
import { encodedSize, onTheWire } from './socket-io-wire';

export interface FuzzRng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, max). */
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast, seedable. */
export function seededRng(seed: number): FuzzRng {
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

const EVENT_SCHEMAS: Record<string, ZodType> = {
  'flights:snapshot': snapshotPayloadSchema,
  'flight:update': flightUpdatePayloadSchema,
  'sync:since': syncSincePayloadSchema,
  'flight:history': flightHistoryPayloadSchema,
  'flight:undo': flightUndoPayloadSchema,
  'notifications:summaries': notificationSummariesPayloadSchema,
  'positions:snapshot': positionsSnapshotPayloadSchema,
};
/** The events the hub handles. */
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
const EMPTY_OK = new Set(['flights:snapshot', 'notifications:summaries', 'positions:snapshot']);

/** Bigger messages cut the connection by design (hub-hardening.test.ts covers that). */
const MAX_MESSAGE_BYTES = 60_000;

/** True for a payload that is *valid* for its event: not fuzz, so not sent. */
function wouldBeAccepted(event: string, payload: unknown): boolean {
  if (!EVENTS.includes(event)) return false;
  const schema = EVENT_SCHEMAS[event]!;
  const wire = onTheWire(event, payload);
  return schema.safeParse(wire == null && EMPTY_OK.has(event) ? {} : wire).success;
}

export interface SocketFuzzMessage {
  event: string;
  payload: unknown;
  /** Surplus arguments after the payload, usually none. */
  extra: unknown[];
}

export type FuzzPayloads = ReturnType<typeof createFuzzPayloads>;

/** Payload generators drawing from `rng`; the order of draws is part of what a seed means. */
export function createFuzzPayloads(rng: FuzzRng) {
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
    'positions:snapshot': () => ({}),
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
            rng.pick([
              'gate',
              'etd',
              'status',
              'delayCode',
              'remark',
              '__proto__',
              'version',
              'by',
            ]),
            rng.pick([...ALWAYS_WRONG, 42, 'r'.repeat(121), 'LANDED', '!!', 'ZZ']),
          );
          payload.changes = changes;
          return payload;
        }
        return rng.pick([randomValue(), [payload], JSON.stringify(payload)]);
    }
  }

  /** A login body with one field wrong; never a well-formed one. */
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

  /**
   * The next socket message worth sending: an event (mostly known ones) with a payload its
   * schema rejects once through the wire, and small enough not to cut the connection.
   */
  function nextSocketMessage(): SocketFuzzMessage {
    for (;;) {
      const event =
        rng.int(10) === 0 ? rng.pick([...UNKNOWN_EVENTS, randomString()]) : rng.pick(EVENTS);
      const payload = EVENTS.includes(event) && rng.int(2) === 0 ? nearValid(event) : randomValue();
      if (encodedSize(event, payload) > MAX_MESSAGE_BYTES) continue;
      if (wouldBeAccepted(event, payload)) continue;
      const extra = rng.int(8) === 0 ? [rng.pick(NASTY_NUMBERS)] : [];
      return { event, payload, extra };
    }
  }

  return { randomString, randomValue, nearValid, nearValidLogin, nextSocketMessage };
}
