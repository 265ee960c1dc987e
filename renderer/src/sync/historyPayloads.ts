import { z } from 'zod';
import { ERROR_CODES, flightSchema, type Flight, type HistoryEntry } from '../../../core';

/** Acks of the history extension (`flight:history`, `flight:undo`), parsed like every hub answer. */
const ackErrorSchema = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.enum(ERROR_CODES).catch('INTERNAL'),
    message: z.string(),
    current: flightSchema.optional(),
  }),
});

const historyEntrySchema = z.object({
  seq: z.number().int().positive(),
  opId: z.string(),
  by: z.string(),
  workstation: z.string().nullable(),
  at: z.string(),
  version: z.number().int(),
  fields: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  undoOf: z.string().optional(),
});

const historyAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    flightId: z.string(),
    total: z.number().int().nonnegative(),
    entries: z.array(historyEntrySchema),
  }),
  ackErrorSchema,
]);

const undoAckSchema = z.union([
  z.object({ ok: z.literal(true), flight: flightSchema, undone: z.string() }),
  ackErrorSchema,
]);

type AckFailure = z.infer<typeof ackErrorSchema>;
export type HistoryAck =
  { ok: true; flightId: string; total: number; entries: HistoryEntry[] } | AckFailure;
export type UndoAck = { ok: true; flight: Flight; undone: string } | AckFailure;

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(`the hub's ${what} is malformed (${result.error.issues[0]?.message ?? '?'})`);
}

export const parseHistoryAck = (value: unknown): HistoryAck =>
  parse(historyAckSchema, value, 'history') as HistoryAck;
export const parseUndoAck = (value: unknown): UndoAck => parse(undoAckSchema, value, 'undo answer');
