import { z } from 'zod';
import { CODE_LETTERS } from './aircraft-categories';
import { isArrival, movementTimes, type Direction, type Flight } from './flight';
import { gateSchema, terminalSchema } from './protocol';

/** Minutes before the estimated departure that boarding starts and the gate is held. */
export const BOARDING_MINUTES = 45;
/** Minutes an arrival holds its gate after it reaches it (deboarding). */
export const ARRIVAL_GATE_MINUTES = 20;
/** `JETBRIDGE_GATE_BUFFER_MIN` default: minutes a gate stays blocked between two flights. */
export const DEFAULT_GATE_BUFFER_MINUTES = 15;
/** A gate list larger than any airport's is refused rather than stored. */
export const MAX_GATES = 2_000;

/** The `JETBRIDGE_GATE_BUFFER_MIN` setting (an env var: a string until parsed). */
export const gateBufferMinutesSchema = z.coerce
  .number({ message: 'must be a number of minutes' })
  .int('must be a whole number of minutes')
  .min(0, 'must be 0 or more minutes')
  .max(240, 'must be at most 240 minutes');

/** One gate of section 11: `contact` means a jet bridge (else passengers are bussed). */
export const gateEntrySchema = z.strictObject({
  gate: gateSchema,
  terminal: terminalSchema,
  contact: z.boolean({ message: 'must be true (jet bridge) or false (bus)' }),
  maxCodeLetter: z.enum(CODE_LETTERS, { message: 'must be an ICAO code letter A–F' }),
});
export type GateEntry = z.infer<typeof gateEntrySchema>;

/** Gates repeat across terminals (gate 11 in T1 and T3): a gate is its terminal and its code. */
export function gateKey(terminal: string | null | undefined, gate: string): string {
  return `${terminal?.trim().toUpperCase() ?? ''}/${gate.trim().toUpperCase()}`;
}

export const gateListSchema = z
  .array(gateEntrySchema)
  .max(MAX_GATES, `must list at most ${MAX_GATES} gates`)
  .superRefine((gates, context) => {
    const firstAt = new Map<string, number>();
    gates.forEach((entry, index) => {
      const key = gateKey(entry.terminal, entry.gate);
      const first = firstAt.get(key);
      if (first === undefined) {
        firstAt.set(key, index);
        return;
      }
      context.addIssue({
        code: 'custom',
        path: [index, 'gate'],
        message: `gate "${entry.gate}" of terminal "${entry.terminal}" is listed twice (entries ${first} and ${index})`,
      });
    });
  });

/** `GET /api/gates` answers it, `PUT /api/gates` takes it. */
export const gatesBodySchema = z.strictObject({ gates: gateListSchema });
export type GatesBody = z.infer<typeof gatesBodySchema>;

/** What a gate hold needs of a flight. */
export type HoldFlight = Pick<
  Flight,
  'id' | 'gate' | 'status' | 'std' | 'etd' | 'sta' | 'eta' | 'atd' | 'ata' | 'direction'
> &
  Partial<Pick<Flight, 'terminal'>>;

/** The time a flight keeps its gate (section 11), ISO instants in UTC. */
export interface GateHold {
  flightId: string;
  gate: string;
  terminal: string | null;
  direction: Direction;
  from: string;
  to: string;
  /** `to` plus the gate buffer: the earliest the next flight may take the gate. */
  bufferUntil: string;
}

export interface GateHoldOptions {
  /** `JETBRIDGE_GATE_BUFFER_MIN`; only `bufferUntil` depends on it. */
  bufferMinutes?: number;
}

const MINUTE = 60_000;

/**
 * The span, in epoch milliseconds, a flight holds a gate, or null when it holds none: no gate,
 * cancelled, or (an arrival) diverted.
 * - A departure from `etd − 45 min` (boarding) until `atd` once it has left, else `etd`.
 * - An arrival for 20 minutes from `eta` (`sta` without an estimate); once on block, from `ata`,
 *   the time it actually reached the gate, as a departure's hold ends at `atd`.
 */
export function gateHoldSpan(flight: HoldFlight): { start: number; end: number } | null {
  if (!flight.gate || flight.status === 'CANCELLED' || flight.status === 'DIVERTED') return null;
  const { estimated, actual } = movementTimes(flight);
  if (isArrival(flight)) {
    const start = Date.parse(actual ?? estimated);
    return { start, end: start + ARRIVAL_GATE_MINUTES * MINUTE };
  }
  const end = Date.parse(actual ?? estimated);
  // A departure that left before its boarding time would have begun holds only up to atd.
  return { start: Math.min(Date.parse(estimated) - BOARDING_MINUTES * MINUTE, end), end };
}

export function gateHold(flight: HoldFlight, options: GateHoldOptions = {}): GateHold | null {
  const span = gateHoldSpan(flight);
  if (!span || !flight.gate) return null;
  const buffer = options.bufferMinutes ?? DEFAULT_GATE_BUFFER_MINUTES;
  return {
    flightId: flight.id,
    gate: flight.gate,
    terminal: flight.terminal ?? null,
    direction: isArrival(flight) ? 'arrival' : 'departure',
    from: new Date(span.start).toISOString(),
    to: new Date(span.end).toISOString(),
    bufferUntil: new Date(span.end + buffer * MINUTE).toISOString(),
  };
}
