import type { Logger } from 'pino';
import { z } from 'zod';
import {
  adHocDesignatorSchema,
  adHocPlanSchema,
  applyFlightChange,
  describeZodError,
  flightChangeFieldsSchema,
  type FlightChanges,
} from '../../core';
import { adHocFlight, flightIdOf } from '../ad-hoc-flights';
import { decideChange } from '../flight-updates';
import { HubError } from '../hub-error';
import type { Airport } from '../store/file-schemas';
import type {
  ChangeOutcome,
  ChangeRequest,
  FlightRecord,
  FlightStore,
} from '../store/flight-store';
import { TokenBucket } from '../token-bucket';
import type { FeedPrincipal } from './api-keys';
import type { FeedResult, FeedResultLog } from './feed-results';

/** Contract section 8: at most 1,000 messages a request. */
export const FEED_MAX_MESSAGES = 1_000;
/** Per key: far above what an AODB sends in normal operation (contract: at least 1,000/s). */
export const FEED_RATE = { perSecond: 2_000, burst: 20_000 };

export const feedMessageSchema = adHocDesignatorSchema
  .extend({
    messageId: z.string().min(1, 'must not be empty').max(128),
    set: flightChangeFieldsSchema.optional(),
    create: adHocPlanSchema.optional(),
  })
  .strict();
export type FeedMessage = z.infer<typeof feedMessageSchema>;

export const feedRequestSchema = z.strictObject({
  messages: z
    .array(z.unknown())
    .min(1, 'must hold at least one message')
    .max(FEED_MAX_MESSAGES, `must hold at most ${FEED_MAX_MESSAGES} messages`),
});

/** Authors whose changes are not "by hand": the feed does not hold fields they set. */
const MACHINE_AUTHORS = /^(feed:|schedule$|system$|demo$)/;

export interface FeedProcessorOptions {
  store: FlightStore;
  results: FeedResultLog;
  airport: Airport;
  /** JETBRIDGE_FEED_HOLD_MIN. */
  holdMinutes: number;
  now: () => Date;
  logger: Logger;
}

/**
 * `POST /api/feed/flights` (contract section 8): each message through the same rules, change log,
 * broadcast and passenger notifications as an agent's change, with `change.by = "feed:<key>"`; a
 * field an agent set by hand within the hold keeps the agent's value and is listed in `held`;
 * `create` adds an ad hoc flight; a repeated messageId gets its first result. The messages of a
 * request are decided in order and stored in one write.
 */
export class FeedProcessor {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(private readonly options: FeedProcessorOptions) {}

  /** Whether the key may send `count` more messages now (RATE_LIMITED otherwise). */
  admit(principal: FeedPrincipal, count: number): boolean {
    const now = this.options.now().getTime();
    let bucket = this.#buckets.get(principal.name);
    if (!bucket) this.#buckets.set(principal.name, (bucket = new TokenBucket(FEED_RATE, now)));
    return bucket.take(now, count);
  }

  async process(principal: FeedPrincipal, messages: readonly unknown[]): Promise<FeedResult[]> {
    const results: FeedResult[] = new Array<FeedResult>(messages.length);
    const batch: { index: number; request: ChangeRequest; held: string[] }[] = [];
    const firstInRequest = new Map<string, number>();
    const repeats: [number, number][] = [];
    const at = this.options.now().toISOString();
    const by = `feed:${principal.name}`;

    messages.forEach((raw, index) => {
      const parsed = feedMessageSchema.safeParse(raw);
      const messageId = parsed.success ? parsed.data.messageId : rawMessageId(raw, index);
      if (!parsed.success) {
        results[index] = refused(messageId, 'INVALID', describeZodError(parsed.error, 'message'));
        return;
      }
      const message = parsed.data;
      const seenHere = firstInRequest.get(message.messageId);
      if (seenHere !== undefined) return void repeats.push([index, seenHere]);
      firstInRequest.set(message.messageId, index);
      const prior = this.options.results.recall(principal.name, message.messageId);
      if (prior) return void (results[index] = prior);
      if (principal.airlines && !principal.airlines.includes(message.airline)) {
        results[index] = refused(
          message.messageId,
          'FORBIDDEN',
          `airline: key ${principal.name} may not change ${message.airline} flights`,
        );
        return;
      }
      if (!message.create && Object.keys(message.set ?? {}).length === 0) {
        results[index] = refused(
          message.messageId,
          'INVALID',
          'set: must set at least one field (or create a flight)',
        );
        return;
      }
      const held: string[] = [];
      batch.push({ index, held, request: this.#request(message, principal, by, at, held) });
    });

    const outcomes = await this.options.store.apply(batch.map((item) => item.request));
    batch.forEach((item, position) => {
      results[item.index] = resultOf(messages[item.index], item, outcomes[position]!);
    });
    for (const [index, first] of repeats) results[index] = results[first]!;
    const fresh = [...new Set(firstInRequest.values())]
      .map((index) => results[index]!)
      .filter((result) => !this.options.results.recall(principal.name, result.messageId));
    await this.options.results.remember(principal.name, fresh);
    return results;
  }

  /**
   * Sets fields of a known flight on behalf of a key without a message (the hub's ETA from
   * position): the same rules, hold, change log, broadcast and notifications as a message's `set`,
   * `change.by = "feed:<key>"`; nothing is remembered under a messageId. Fields held for an agent
   * are left out and listed in `held`.
   */
  async applyFields(
    principal: FeedPrincipal,
    flightId: string,
    set: FlightChanges,
    opId: string,
  ): Promise<{ outcome: ChangeOutcome; held: string[] }> {
    const at = this.options.now().toISOString();
    const by = `feed:${principal.name}`;
    const held: string[] = [];
    const [outcome] = await this.options.store.apply([
      {
        opId,
        flightId,
        by,
        workstation: null,
        at,
        decide: (record) => {
          held.length = 0;
          if (!record) throw new HubError('NOT_FOUND', `no flight ${flightId}`);
          if (principal.airlines && !principal.airlines.includes(record.flight.airline)) {
            throw new HubError(
              'FORBIDDEN',
              `airline: key ${principal.name} may not change ${record.flight.airline} flights`,
            );
          }
          const effective = withoutHeld(record, set, this.options.holdMinutes, at, held);
          if (Object.keys(effective).length === 0)
            return { kind: 'unchanged', flight: record.flight };
          return decideChange(record.flight, effective, { by, at });
        },
      },
    ]);
    return { outcome: outcome!, held };
  }

  #request(
    message: FeedMessage,
    principal: FeedPrincipal,
    by: string,
    at: string,
    held: string[],
  ): ChangeRequest {
    const { airport, holdMinutes } = this.options;
    const set: FlightChanges = { ...(message.set ?? {}) };
    return {
      opId: `feed:${principal.name}:${message.messageId}`,
      flightId: flightIdOf(message),
      by,
      workstation: null,
      at,
      decide: (record) => {
        held.length = 0;
        if (!record) {
          if (!message.create) {
            throw new HubError(
              'NOT_FOUND',
              `no ${message.direction} ${message.airline} ${message.flightNumber} on ${message.date}; send \`create\` to add it`,
            );
          }
          const created = adHocFlight(message, message.create, airport, { by, at });
          if (Object.keys(set).length === 0)
            return { kind: 'commit', flight: created, fields: {}, changeKind: 'created' };
          const result = applyFlightChange(created, set, { by, at });
          if (!result.ok) throw new HubError('INVALID', result.message);
          return {
            kind: 'commit',
            flight: { ...result.flight, version: 1 },
            fields: {},
            changeKind: 'created',
          };
        }
        const effective = withoutHeld(record, set, holdMinutes, at, held);
        if (Object.keys(effective).length === 0)
          return { kind: 'unchanged', flight: record.flight };
        return decideChange(record.flight, effective, { by, at });
      },
    };
  }
}

/** The fields an agent set by hand within the hold stay theirs (listed in `held`). */
function withoutHeld(
  record: FlightRecord,
  set: FlightChanges,
  holdMinutes: number,
  at: string,
  held: string[],
): FlightChanges {
  const effective: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(set)) {
    const source = record.fieldSources?.[field as keyof FlightChanges];
    const byHand = source && !MACHINE_AUTHORS.test(source.by);
    if (byHand && Date.parse(at) - Date.parse(source.at) < holdMinutes * 60_000) held.push(field);
    else effective[field] = value;
  }
  return effective as FlightChanges;
}

function resultOf(
  raw: unknown,
  item: { request: ChangeRequest; held: string[] },
  outcome: ChangeOutcome,
): FeedResult {
  const messageId = (raw as { messageId: string }).messageId;
  const held = item.held.length > 0 ? { held: [...item.held] } : {};
  switch (outcome.kind) {
    case 'committed':
    case 'repeat':
      return {
        messageId,
        ok: true,
        flightId: item.request.flightId,
        seq: outcome.change.seq,
        ...held,
      };
    case 'unchanged':
      return { messageId, ok: true, flightId: item.request.flightId, ...held };
    case 'refused':
      return refused(messageId, outcome.error.code, outcome.error.message);
    case 'conflict':
    case 'stale':
      return refused(
        messageId,
        'CONFLICT',
        'the flight changed while this message was checked; send it again',
      );
  }
}

function refused(messageId: string, code: string, message: string): FeedResult {
  return { messageId, ok: false, error: { code, message } };
}

/** A messageId to answer a malformed message with: its own if readable, else its position. */
function rawMessageId(raw: unknown, index: number): string {
  const id = (raw as { messageId?: unknown } | null)?.messageId;
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : `#${index}`;
}
