import { z } from 'zod';
import { ERROR_CODES, flightSchema, type Change, type Flight } from '../../../core';
import { yieldToMain } from '../scheduling/mainThread';

/**
 * What the hub sends is `unknown` until parsed: a console that trusts a malformed payload would
 * show wrong gates to passengers. Unknown extra flight fields are dropped by `flightSchema`.
 */
const fieldChangeSchema = z.object({ from: z.unknown(), to: z.unknown() });

export const changeSchema = z.object({
  seq: z.number().int().positive(),
  flight: flightSchema,
  change: z.object({
    opId: z.string(),
    by: z.string(),
    at: z.string(),
    fields: z.record(z.string(), fieldChangeSchema),
  }),
});

const ackErrorSchema = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.enum(ERROR_CODES).catch('INTERNAL'),
    message: z.string(),
    current: flightSchema.optional(),
  }),
});

// The lists in these answers are checked item by item, in slices (see parseInSlices).
const snapshotAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    seq: z.number().int().nonnegative(),
    flights: z.array(z.unknown()),
  }),
  ackErrorSchema,
]);

const syncSinceAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    seq: z.number().int().nonnegative(),
    reset: z.literal(true),
    flights: z.array(z.unknown()),
  }),
  z.object({
    ok: z.literal(true),
    seq: z.number().int().nonnegative(),
    reset: z.undefined().optional(),
    changes: z.array(z.unknown()),
  }),
  ackErrorSchema,
]);

const updateAckSchema = z.union([
  z.object({ ok: z.literal(true), flight: flightSchema }),
  ackErrorSchema,
]);

export type AckFailure = z.infer<typeof ackErrorSchema>;
export type SnapshotAck = { ok: true; seq: number; flights: Flight[] } | AckFailure;
export type SyncSinceAck =
  | { ok: true; seq: number; reset: true; flights: Flight[] }
  | { ok: true; seq: number; reset?: undefined; changes: Change[] }
  | AckFailure;

function malformed(what: string, issue: z.core.$ZodIssue | undefined, at: PropertyKey[] = []) {
  const path = [...at, ...(issue?.path ?? [])].map(String).join('.');
  return new Error(`the hub's ${what} is malformed (${path || '?'}: ${issue?.message ?? '?'})`);
}

export function parseOrExplain<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw malformed(what, result.error.issues[0]);
}

/** How long one slice of a long list may keep the main thread before letting others run. */
const SLICE_MS = 8;

/**
 * Checks each item of a long list (a busy airport's snapshot is 10,000 flights, ~250 ms of
 * zod), yielding to the main thread between slices so that the console stays responsive.
 */
export async function parseInSlices<T>(
  schema: z.ZodType<T>,
  items: readonly unknown[],
  what: string,
  listName: string,
): Promise<T[]> {
  const parsed: T[] = new Array<T>(items.length);
  let sliceStart = performance.now();
  for (let index = 0; index < items.length; index += 1) {
    const result = schema.safeParse(items[index]);
    if (!result.success) throw malformed(what, result.error.issues[0], [listName, index]);
    parsed[index] = result.data;
    if (index % 32 === 31 && performance.now() - sliceStart > SLICE_MS) {
      await yieldToMain();
      sliceStart = performance.now();
    }
  }
  return parsed;
}

const flightsResponseSchema = z.object({
  seq: z.number().int().nonnegative(),
  flights: z.array(z.unknown()),
});

/**
 * `GET /api/flights` (`{seq, flights}`), checked in one go: for the snapshot worker, which has
 * no one to yield to.
 */
export function parseFlightsResponse(value: unknown): { seq: number; flights: Flight[] } {
  const what = 'flight list';
  const body = parseOrExplain(flightsResponseSchema, value, what);
  const flights = body.flights.map((item, index) => {
    const result = flightSchema.safeParse(item);
    if (!result.success) throw malformed(what, result.error.issues[0], ['flights', index]);
    return result.data;
  });
  return { seq: body.seq, flights };
}

export const parseChange = (value: unknown): Change =>
  parseOrExplain(changeSchema, value, 'flight:changed') as Change;

export async function parseSnapshotAck(value: unknown): Promise<SnapshotAck> {
  const ack = parseOrExplain(snapshotAckSchema, value, 'snapshot');
  if (!ack.ok) return ack;
  const flights = await parseInSlices(flightSchema, ack.flights, 'snapshot', 'flights');
  return { ok: true, seq: ack.seq, flights };
}

export async function parseSyncSinceAck(value: unknown): Promise<SyncSinceAck> {
  const what = 'sync:since answer';
  const ack = parseOrExplain(syncSinceAckSchema, value, what);
  if (!ack.ok) return ack;
  if (ack.reset) {
    const flights = await parseInSlices(flightSchema, ack.flights, what, 'flights');
    return { ok: true, seq: ack.seq, reset: true, flights };
  }
  const changes = await parseInSlices(changeSchema, ack.changes, what, 'changes');
  return { ok: true, seq: ack.seq, changes: changes as Change[] };
}
export const parseUpdateAck = (value: unknown): { ok: true; flight: Flight } | AckFailure =>
  parseOrExplain(updateAckSchema, value, 'update answer');
