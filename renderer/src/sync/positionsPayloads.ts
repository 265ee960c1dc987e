import { z } from 'zod';
import {
  aircraftPositionSchema,
  type AircraftPosition,
  type PositionsSnapshot,
  type PositionsUpdate,
} from '../../../core';
import { parseInSlices, parseOrExplain } from './hubPayloads';

/**
 * The hub's traffic payloads (contract section 8), checked before use. A busy sky is 5,000
 * aircraft a second (~60 ms of zod when cold), so the positions are checked in slices that
 * yield to the main thread: the map stays responsive while an update is read.
 */
const envelopeFields = { at: z.iso.datetime({ offset: true }), positions: z.array(z.unknown()) };

const updateEnvelopeSchema = z.object({ ...envelopeFields, removed: z.array(z.string()) });

const snapshotAckSchema = z.union([
  z.object({ ok: z.literal(true), ...envelopeFields }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);

const positionsOf = (items: readonly unknown[], what: string): Promise<AircraftPosition[]> =>
  parseInSlices(aircraftPositionSchema, items, what, 'positions');

/** `positions:update`; throws an error naming the first thing wrong. */
export async function parsePositionsUpdate(value: unknown): Promise<PositionsUpdate> {
  const what = 'positions:update';
  const update = parseOrExplain(updateEnvelopeSchema, value, what);
  return {
    at: update.at,
    removed: update.removed,
    positions: await positionsOf(update.positions, what),
  };
}

export type PositionsSnapshotAck =
  ({ ok: true } & PositionsSnapshot) | { ok: false; error: { code: string; message: string } };

/** The ack of `positions:snapshot`; throws an error naming the first thing wrong. */
export async function parsePositionsSnapshotAck(value: unknown): Promise<PositionsSnapshotAck> {
  const what = 'positions:snapshot answer';
  const ack = parseOrExplain(snapshotAckSchema, value, what);
  if (!ack.ok) return ack;
  return { ok: true, at: ack.at, positions: await positionsOf(ack.positions, what) };
}
