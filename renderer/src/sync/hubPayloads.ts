import { z } from 'zod';
import { ERROR_CODES, flightSchema, type Change, type Flight } from '../../../core';

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

const snapshotAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    seq: z.number().int().nonnegative(),
    flights: z.array(flightSchema),
  }),
  ackErrorSchema,
]);

const syncSinceAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    seq: z.number().int().nonnegative(),
    reset: z.literal(true),
    flights: z.array(flightSchema),
  }),
  z.object({
    ok: z.literal(true),
    seq: z.number().int().nonnegative(),
    reset: z.undefined().optional(),
    changes: z.array(changeSchema),
  }),
  ackErrorSchema,
]);

const updateAckSchema = z.union([
  z.object({ ok: z.literal(true), flight: flightSchema }),
  ackErrorSchema,
]);

export type AckFailure = z.infer<typeof ackErrorSchema>;

function parseOrExplain<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(
    `the hub's ${what} is malformed (${issue?.path.join('.') ?? '?'}: ${issue?.message ?? '?'})`,
  );
}

export const parseChange = (value: unknown): Change =>
  parseOrExplain(changeSchema, value, 'flight:changed') as Change;
export const parseSnapshotAck = (value: unknown) =>
  parseOrExplain(snapshotAckSchema, value, 'snapshot');
export const parseSyncSinceAck = (value: unknown) =>
  parseOrExplain(syncSinceAckSchema, value, 'sync:since answer');
export const parseUpdateAck = (value: unknown): { ok: true; flight: Flight } | AckFailure =>
  parseOrExplain(updateAckSchema, value, 'update answer');
